import { SchemaError } from './engine-errors.js';

/** User-facing type names and the numpy dtype each one stores as (FORMAT.md §7). */
const ALIASES: Record<string, string> = {
  timestamp: 'datetime64[s]',
  date: 'datetime64[D]',
  float: 'float64',
  int: 'int64',
  str: '<U0',
  O: 'object',
  object: 'object',
  bool: 'bool',
};

const NUMERIC = new Set([
  'int64',
  'int32',
  'int16',
  'int8',
  'uint64',
  'uint32',
  'uint16',
  'uint8',
  'float64',
  'float32',
  'bool',
]);
const DATETIME = /^datetime64\[(D|h|m|s|ms|us|ns)\]$/;
const UNICODE = /^<U\d+$/;

export type ColumnKind = 'int' | 'uint' | 'float' | 'bool' | 'datetime' | 'str' | 'object';

export interface ColumnDefinition {
  /** A type alias (`timestamp`, `date`, `int`, `float`, `str`, `O`) or a numpy dtype string. */
  type: string;
  /** True for an index column. */
  index?: boolean;
  /** Codec chain by numcodecs id; defaults to `blosc` for numbers and dates, `msgpack2`+`zstd` for text. */
  codecs?: string[];
}

/** The stored form of a schema (FORMAT.md §7). */
export interface SchemaJSON {
  kind: 'kv' | null;
  columns: Record<string, { dt: string; codecs: string[]; idx: boolean }>;
}

function normalizeDtype(type: string, column: string): string {
  const dt = ALIASES[type] ?? (type === '|O' ? 'object' : type);
  if (NUMERIC.has(dt) || DATETIME.test(dt) || UNICODE.test(dt) || dt === 'object') return dt;
  throw new SchemaError(
    `Column '${column}' has unknown type '${type}': use timestamp, date, int, float, str or O (or a numpy dtype such as int32, float32, datetime64[ms])`,
  );
}

function dtypeKind(dt: string): ColumnKind {
  if (dt === 'bool') return 'bool';
  if (dt.startsWith('int')) return 'int';
  if (dt.startsWith('uint')) return 'uint';
  if (dt.startsWith('float')) return 'float';
  if (dt.startsWith('datetime64')) return 'datetime';
  if (dt.startsWith('<U')) return 'str';
  return 'object';
}

/** numcodecs ids accepted in a chain. */
const KNOWN_CODECS = new Set(['blosc', 'zstd', 'msgpack2']);

export class SchemaColumn {
  readonly kind: ColumnKind;
  constructor(
    readonly name: string,
    /** numpy dtype string as stored (`datetime64[s]`, `float64`, `<U0`, `object`, …). */
    readonly dt: string,
    readonly codecs: readonly string[],
    readonly idx: boolean,
  ) {
    this.kind = dtypeKind(dt);
  }

  static defaultCodecs(dt: string): string[] {
    const kind = dtypeKind(dt);
    return kind === 'str' || kind === 'object' ? ['msgpack2', 'zstd'] : ['blosc'];
  }

  /** The datetime unit (`s`, `D`, …) of a datetime column. */
  get unit(): string | undefined {
    return this.kind === 'datetime' ? this.dt.slice(11, -1) : undefined;
  }
}

/**
 * The columns of a collection: their names, types, codecs and which of them
 * form the index. Column order matters: it fixes the on-disk layout.
 */
export class Schema {
  readonly columns: readonly SchemaColumn[];
  readonly kind: 'kv' | null;
  readonly index: readonly SchemaColumn[];
  private readonly byName: Map<string, SchemaColumn>;

  constructor(columns: readonly SchemaColumn[], kind: 'kv' | null = null) {
    if (columns.length === 0) throw new SchemaError('A schema needs at least one column');
    this.columns = columns;
    this.kind = kind;
    this.byName = new Map();
    for (const c of columns) {
      if (this.byName.has(c.name)) throw new SchemaError(`Column '${c.name}' is defined twice`);
      if (!/^[A-Za-z_][\w]*$/.test(c.name)) {
        throw new SchemaError(
          `Invalid column name '${c.name}': use letters, digits and underscores, not starting with a digit`,
        );
      }
      for (const codec of c.codecs) {
        if (!KNOWN_CODECS.has(codec)) {
          throw new SchemaError(
            `Column '${c.name}' names unknown codec '${codec}': use blosc, zstd or msgpack2`,
          );
        }
      }
      this.byName.set(c.name, c);
    }
    this.index = columns.filter((c) => c.idx);
    if (this.index.length === 0) {
      throw new SchemaError(
        'A schema needs at least one index column: mark it with `*`, e.g. "timestamp timestamp*"',
      );
    }
  }

  /**
   * Builds a schema from Lakota's text form (`"timestamp timestamp*\nvalue float | zstd"`),
   * from an object (`{ timestamp: 'timestamp*', value: 'float' }` or
   * `{ value: { type: 'float', codecs: ['zstd'] } }`), or returns a Schema as is.
   */
  static from(definition: string | Schema | Record<string, string | ColumnDefinition>): Schema {
    if (definition instanceof Schema) return definition;
    if (typeof definition === 'string') return Schema.parse(definition);
    if (definition === null || typeof definition !== 'object') {
      throw new SchemaError(
        'A schema is a string like "timestamp timestamp*\\nvalue float" or an object of columns',
      );
    }
    return new Schema(
      Object.entries(definition).map(([name, def]) =>
        typeof def === 'string' ? Schema.parseColumn(name, def) : Schema.column(name, def),
      ),
    );
  }

  /** Parses the text form: one `name type[*] [| codec …]` per line (or separated by commas). */
  static parse(text: string): Schema {
    const lines = text
      .split(/[\n,]/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    return new Schema(
      lines.map((line) => {
        const m = /^(\S+)\s+(.+)$/.exec(line);
        if (!m) {
          throw new SchemaError(
            `Cannot read schema line '${line}': expected "name type", e.g. "value float"`,
          );
        }
        return Schema.parseColumn(m[1] as string, m[2] as string);
      }),
    );
  }

  private static parseColumn(name: string, spec: string): SchemaColumn {
    const [typePart, codecPart] = spec.split('|', 2) as [string, string | undefined];
    let type = typePart.trim();
    const index = type.endsWith('*');
    if (index) type = type.slice(0, -1).trim();
    const codecs = codecPart?.trim().split(/\s+/).filter(Boolean);
    return Schema.column(name, { type, index, ...(codecs?.length ? { codecs } : {}) });
  }

  private static column(name: string, def: ColumnDefinition): SchemaColumn {
    if (!def || typeof def.type !== 'string') {
      throw new SchemaError(`Column '${name}' needs a type, e.g. { type: 'float' }`);
    }
    const dt = normalizeDtype(def.type, name);
    return new SchemaColumn(
      name,
      dt,
      def.codecs ?? SchemaColumn.defaultCodecs(dt),
      def.index ?? false,
    );
  }

  /** Reads the stored form (FORMAT.md §7). */
  static fromJSON(json: SchemaJSON): Schema {
    if (!json || typeof json !== 'object' || typeof json.columns !== 'object') {
      throw new SchemaError('Stored schema is malformed: expected {kind, columns}');
    }
    return new Schema(
      Object.entries(json.columns).map(
        ([name, c]) => new SchemaColumn(name, normalizeDtype(c.dt, name), c.codecs, Boolean(c.idx)),
      ),
      json.kind === 'kv' ? 'kv' : null,
    );
  }

  /** The stored form, keys in Python's order. */
  toJSON(): SchemaJSON {
    const columns: SchemaJSON['columns'] = {};
    for (const c of this.columns) columns[c.name] = { dt: c.dt, codecs: [...c.codecs], idx: c.idx };
    return { kind: this.kind, columns };
  }

  /** The text form, e.g. `timestamp timestamp*\nvalue float`. */
  toString(): string {
    const rev = Object.fromEntries(Object.entries(ALIASES).map(([k, v]) => [v, k]));
    return this.columns
      .map((c) => {
        const dflt = SchemaColumn.defaultCodecs(c.dt).join(' ') === c.codecs.join(' ');
        return `${c.name} ${rev[c.dt] ?? c.dt}${c.idx ? '*' : ''}${dflt ? '' : ` | ${c.codecs.join(' ')}`}`;
      })
      .join('\n');
  }

  get(name: string): SchemaColumn | undefined {
    return this.byName.get(name);
  }

  column(name: string): SchemaColumn {
    const c = this.byName.get(name);
    if (!c) {
      throw new SchemaError(
        `Unknown column '${name}': the schema has ${this.columns.map((x) => x.name).join(', ')}`,
      );
    }
    return c;
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  equals(other: Schema): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  /** The hard-coded schema of key-value collections such as the registry. */
  static kv(key: string, value: string, valueType = 'O'): Schema {
    return new Schema(
      [
        new SchemaColumn(key, '<U0', SchemaColumn.defaultCodecs('<U0'), true),
        new SchemaColumn(
          value,
          normalizeDtype(valueType, value),
          SchemaColumn.defaultCodecs(normalizeDtype(valueType, value)),
          false,
        ),
      ],
      'kv',
    );
  }
}
