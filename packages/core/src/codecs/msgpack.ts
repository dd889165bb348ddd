import { CodecError } from './codec-error.js';

/**
 * MessagePack as Python's msgpack 1.0.3 writes it with `use_bin_type=True`
 * and `use_single_float=False`: the smallest integer form, float64 for every
 * non-integer, `str8` for 32–255-byte strings, `bin` for bytes, maps in key
 * order. Commit payloads and str/object columns are hashed, so the bytes must
 * match Python's exactly. The npm libraries differ on points that matter here
 * (@msgpack/msgpack writes every bigint as 64-bit and cannot keep a map's key
 * order on decode; msgpackr writes integers beyond 32 bits as float64), so
 * this small encoder and decoder are written out.
 *
 * JavaScript mapping: null and undefined -> nil; boolean; a safe-integer
 * number -> int, any other number -> float64; bigint -> int (64-bit range);
 * string -> str; Uint8Array -> bin; Array -> array; Map (any keys, insertion
 * order) and plain objects (string keys, property order) -> map. Decoding
 * gives the same types back, with integers beyond 2^53 as bigint.
 */

const MAX_DEPTH = 512;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A value that writes its own MessagePack, straight into the writer's buffer.
 * Lets a caller splice in parts it encoded before (a commit's embedded
 * arrays) without first copying them into a buffer of their own.
 */
export class MsgpackCustom {
  constructor(readonly writeTo: (writer: MsgpackWriter) => void) {}
}

/** Appends MessagePack values to a growing buffer. */
export class MsgpackWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private depth = 0;

  constructor(initialSize = 1024) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** How many bytes have been written. */
  get length(): number {
    return this.pos;
  }

  /** The bytes written so far (a copy). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /**
   * The bytes written, for a writer that is done: a view of its buffer when
   * that is nearly full (no copy of a large payload), a copy otherwise (so a
   * mostly empty buffer is not kept alive).
   */
  finish(): Uint8Array {
    return this.buf.length - this.pos <= this.buf.length >>> 3
      ? this.buf.subarray(0, this.pos)
      : this.bytes();
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  writeNil(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
  }

  writeBoolean(value: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 0xc3 : 0xc2;
  }

  /** A number: int in its smallest form when it is a safe integer, float64 otherwise. */
  writeNumber(value: number): void {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) this.writeInteger(value);
    else this.writeFloat64(value);
  }

  /** float64 always, as Python writes a float even when it holds a whole number. */
  writeFloat64(value: number): void {
    this.ensure(9);
    this.buf[this.pos] = 0xcb;
    this.view.setFloat64(this.pos + 1, value);
    this.pos += 9;
  }

  /** A safe integer in the smallest form Python's msgpack picks. */
  writeInteger(value: number): void {
    this.ensure(9);
    const { buf, view } = this;
    const p = this.pos;
    if (value >= 0) {
      if (value < 0x80) {
        buf[p] = value;
        this.pos += 1;
      } else if (value < 0x100) {
        buf[p] = 0xcc;
        buf[p + 1] = value;
        this.pos += 2;
      } else if (value < 0x10000) {
        buf[p] = 0xcd;
        view.setUint16(p + 1, value);
        this.pos += 3;
      } else if (value < 0x100000000) {
        buf[p] = 0xce;
        view.setUint32(p + 1, value);
        this.pos += 5;
      } else {
        buf[p] = 0xcf;
        view.setUint32(p + 1, Math.floor(value / 0x100000000));
        view.setUint32(p + 5, value >>> 0);
        this.pos += 9;
      }
    } else if (value >= -0x20) {
      buf[p] = value & 0xff;
      this.pos += 1;
    } else if (value >= -0x80) {
      buf[p] = 0xd0;
      view.setInt8(p + 1, value);
      this.pos += 2;
    } else if (value >= -0x8000) {
      buf[p] = 0xd1;
      view.setInt16(p + 1, value);
      this.pos += 3;
    } else if (value >= -0x80000000) {
      buf[p] = 0xd2;
      view.setInt32(p + 1, value);
      this.pos += 5;
    } else {
      buf[p] = 0xd3;
      view.setBigInt64(p + 1, BigInt(value));
      this.pos += 9;
    }
  }

  /** A bigint in the smallest int form; it must fit int64 or uint64. */
  writeBigInt(value: bigint): void {
    if (value >= -0x80000000n && value < 0x100000000n) {
      this.writeInteger(Number(value));
    } else if (value >= 0n && value < 0x10000000000000000n) {
      this.ensure(9);
      this.buf[this.pos] = 0xcf;
      this.view.setBigUint64(this.pos + 1, value);
      this.pos += 9;
    } else if (value < 0n && value >= -0x8000000000000000n) {
      this.ensure(9);
      this.buf[this.pos] = 0xd3;
      this.view.setBigInt64(this.pos + 1, value);
      this.pos += 9;
    } else {
      throw new CodecError(
        `Cannot encode the integer ${value} in MessagePack: it needs more than 64 bits`,
      );
    }
  }

  writeString(value: string): void {
    const n = value.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (value.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    const size = ascii ? n : utf8Length(value);
    this.writeHeader(size, 0xa0, 32, 0xd9, 0xda, 0xdb);
    this.ensure(size);
    if (ascii) {
      const { buf } = this;
      const p = this.pos;
      for (let i = 0; i < n; i++) buf[p + i] = value.charCodeAt(i);
    } else {
      textEncoder.encodeInto(value, this.buf.subarray(this.pos, this.pos + size));
    }
    this.pos += size;
  }

  writeBinary(value: Uint8Array): void {
    const size = value.length;
    if (size < 0x100) {
      this.ensure(2 + size);
      this.buf[this.pos++] = 0xc4;
      this.buf[this.pos++] = size;
    } else if (size < 0x10000) {
      this.ensure(3 + size);
      this.buf[this.pos] = 0xc5;
      this.view.setUint16(this.pos + 1, size);
      this.pos += 3;
    } else {
      this.ensure(5 + size);
      this.buf[this.pos] = 0xc6;
      this.view.setUint32(this.pos + 1, size);
      this.pos += 5;
    }
    this.buf.set(value, this.pos);
    this.pos += size;
  }

  /** Pre-encoded MessagePack, copied as it is. */
  writeRaw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  writeArrayHeader(length: number): void {
    this.writeHeader(length, 0x90, 16, undefined, 0xdc, 0xdd);
  }

  writeMapHeader(length: number): void {
    this.writeHeader(length, 0x80, 16, undefined, 0xde, 0xdf);
  }

  /** A fix-form, 8-, 16- or 32-bit length header (str, array and map share the scheme). */
  private writeHeader(
    length: number,
    fix: number,
    fixLimit: number,
    code8: number | undefined,
    code16: number,
    code32: number,
  ): void {
    this.ensure(5);
    const p = this.pos;
    if (length < fixLimit) {
      this.buf[p] = fix | length;
      this.pos += 1;
    } else if (code8 !== undefined && length < 0x100) {
      this.buf[p] = code8;
      this.buf[p + 1] = length;
      this.pos += 2;
    } else if (length < 0x10000) {
      this.buf[p] = code16;
      this.view.setUint16(p + 1, length);
      this.pos += 3;
    } else if (length <= 0xffffffff) {
      this.buf[p] = code32;
      this.view.setUint32(p + 1, length);
      this.pos += 5;
    } else {
      throw new CodecError(`Cannot encode ${length} items or bytes in one MessagePack value`);
    }
  }

  /** Any supported JavaScript value (see the module comment for the mapping). */
  writeValue(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.writeString(value);
        return;
      case 'number':
        this.writeNumber(value);
        return;
      case 'bigint':
        this.writeBigInt(value);
        return;
      case 'boolean':
        this.writeBoolean(value);
        return;
      case 'undefined':
        this.writeNil();
        return;
      case 'object':
        break;
      default:
        throw new CodecError(`Cannot encode a ${typeof value} in MessagePack`);
    }
    if (value === null) {
      this.writeNil();
      return;
    }
    if (value instanceof Uint8Array) {
      this.writeBinary(value);
      return;
    }
    if (value instanceof MsgpackCustom) {
      value.writeTo(this);
      return;
    }
    if (++this.depth > MAX_DEPTH) {
      throw new CodecError(
        `Cannot encode values nested more than ${MAX_DEPTH} levels deep (is there a cycle?)`,
      );
    }
    if (Array.isArray(value)) {
      this.writeArrayHeader(value.length);
      for (const item of value) this.writeValue(item);
    } else if (value instanceof Map) {
      this.writeMapHeader(value.size);
      for (const [k, v] of value) {
        this.writeValue(k);
        this.writeValue(v);
      }
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      this.writeMapHeader(keys.length);
      for (const k of keys) {
        this.writeString(k);
        this.writeValue((value as Record<string, unknown>)[k]);
      }
    } else {
      throw new CodecError(
        `Cannot encode a ${value.constructor?.name ?? 'object'} in MessagePack: use arrays, Maps, plain objects or Uint8Array`,
      );
    }
    this.depth--;
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** UTF-8 length of a string; lone surrogates are refused, as Python refuses to encode them. */
function utf8Length(value: string): number {
  let size = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) throw loneSurrogate(value, i);
      size += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) throw loneSurrogate(value, i);
    else size += 3;
  }
  return size;
}

function loneSurrogate(value: string, index: number): CodecError {
  return new CodecError(
    `Cannot encode ${JSON.stringify(value.slice(0, 40))} as UTF-8: lone surrogate at index ${index}`,
  );
}

/** Encodes one value (see the module comment for the mapping). */
export function msgpackEncode(value: unknown): Uint8Array {
  const writer = new MsgpackWriter();
  writer.writeValue(value);
  return writer.finish();
}

export interface MsgpackDecodeOptions {
  /**
   * `object` (default): maps become plain objects with string keys (numbers
   * and other scalar keys are stringified). `map`: maps become `Map`s with
   * their keys as decoded, in stored order, which also keeps the order of
   * integer-like keys that plain objects would move to the front.
   */
  maps?: 'object' | 'map';
}

/** Reads MessagePack values one after another from a buffer. */
export class MsgpackReader {
  pos = 0;
  private readonly view: DataView;
  private readonly asMap: boolean;
  private depth = 0;

  constructor(
    private readonly bytes: Uint8Array,
    options: MsgpackDecodeOptions = {},
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.asMap = options.maps === 'map';
  }

  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new CodecError(
        `Truncated MessagePack data: needs ${n} more bytes at offset ${this.pos} of ${this.bytes.length}`,
      );
    }
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++] as number;
  }

  private u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads an array header and returns its length; anything else is a CodecError. */
  readArrayHeader(): number {
    const b = this.u8();
    if (b >= 0x90 && b <= 0x9f) return b & 0x0f;
    if (b === 0xdc) return this.u16();
    if (b === 0xdd) return this.u32();
    throw new CodecError(
      `Expected a MessagePack array at offset ${this.pos - 1}, found type byte 0x${b.toString(16)}`,
    );
  }

  /** Reads a map header and returns its number of entries; anything else is a CodecError. */
  readMapHeader(): number {
    const b = this.u8();
    if (b >= 0x80 && b <= 0x8f) return b & 0x0f;
    if (b === 0xde) return this.u16();
    if (b === 0xdf) return this.u32();
    throw new CodecError(
      `Expected a MessagePack map at offset ${this.pos - 1}, found type byte 0x${b.toString(16)}`,
    );
  }

  /** Moves past one value (and all it holds) without building it. */
  skipValue(): void {
    // Items still to pass; a claimed count the data cannot hold runs out of
    // bytes (a CodecError) after at most one step per byte.
    let pending = 1;
    while (pending > 0) {
      pending--;
      const b = this.u8();
      if (b < 0x80 || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) continue;
      if (b >= 0xa0 && b <= 0xbf) this.skip(b & 0x1f);
      else if (b >= 0x90 && b <= 0x9f) pending += b & 0x0f;
      else if (b <= 0x8f) pending += 2 * (b & 0x0f);
      else if (b === 0xc4 || b === 0xd9) this.skip(this.u8());
      else if (b === 0xc5 || b === 0xda) this.skip(this.u16());
      else if (b === 0xc6 || b === 0xdb) this.skip(this.u32());
      else if (b === 0xcc || b === 0xd0) this.skip(1);
      else if (b === 0xcd || b === 0xd1) this.skip(2);
      else if (b === 0xca || b === 0xce || b === 0xd2) this.skip(4);
      else if (b === 0xcb || b === 0xcf || b === 0xd3) this.skip(8);
      else if (b === 0xdc) pending += this.u16();
      else if (b === 0xdd) pending += this.u32();
      else if (b === 0xde) pending += 2 * this.u16();
      else if (b === 0xdf) pending += 2 * this.u32();
      else {
        this.pos--;
        this.readValue(); // throws the error naming the type byte
      }
    }
  }

  private skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  readValue(): unknown {
    const b = this.u8();
    if (b < 0x80) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b >= 0xa0 && b <= 0xbf) return this.str(b & 0x1f);
    if (b >= 0x90 && b <= 0x9f) return this.array(b & 0x0f);
    if (b >= 0x80 && b <= 0x8f) return this.map(b & 0x0f);
    const { view } = this;
    let v: unknown;
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bin(this.u8());
      case 0xc5:
        return this.bin(this.u16());
      case 0xc6:
        return this.bin(this.u32());
      case 0xca:
        this.need(4);
        v = view.getFloat32(this.pos);
        this.pos += 4;
        return v;
      case 0xcb:
        this.need(8);
        v = view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf:
        this.need(8);
        v = safeNumber(view.getBigUint64(this.pos));
        this.pos += 8;
        return v;
      case 0xd0:
        this.need(1);
        return view.getInt8(this.pos++);
      case 0xd1:
        this.need(2);
        v = view.getInt16(this.pos);
        this.pos += 2;
        return v;
      case 0xd2:
        this.need(4);
        v = view.getInt32(this.pos);
        this.pos += 4;
        return v;
      case 0xd3:
        this.need(8);
        v = safeNumber(view.getBigInt64(this.pos));
        this.pos += 8;
        return v;
      case 0xd9:
        return this.str(this.u8());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16());
      case 0xdd:
        return this.array(this.u32());
      case 0xde:
        return this.map(this.u16());
      case 0xdf:
        return this.map(this.u32());
      default:
        throw new CodecError(
          b === 0xc1
            ? `Invalid MessagePack type byte 0xc1 at offset ${this.pos - 1}`
            : `Unsupported MessagePack extension type (0x${b.toString(16)}) at offset ${this.pos - 1}: Lakota data holds none`,
        );
    }
  }

  private str(size: number): string {
    this.need(size);
    const { bytes } = this;
    const start = this.pos;
    this.pos += size;
    if (size < 64) {
      // Short ASCII strings (digests, labels, flags) are the common case, and
      // building them directly beats a TextDecoder call.
      let s = '';
      for (let i = start; i < start + size; i++) {
        const c = bytes[i] as number;
        if (c >= 0x80) return this.utf8(start, size);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.utf8(start, size);
  }

  private utf8(start: number, size: number): string {
    try {
      return textDecoder.decode(this.bytes.subarray(start, start + size));
    } catch (error) {
      throw new CodecError(`Invalid UTF-8 in a MessagePack string at offset ${start}`, {
        cause: error,
      });
    }
  }

  private bin(size: number): Uint8Array {
    this.need(size);
    const v = this.bytes.slice(this.pos, this.pos + size);
    this.pos += size;
    return v;
  }

  private enter(count: number): void {
    // Every item takes at least one byte: refuse counts the data cannot hold
    // before allocating for them.
    this.need(count);
    if (++this.depth > MAX_DEPTH) {
      throw new CodecError(`MessagePack data nested more than ${MAX_DEPTH} levels deep`);
    }
  }

  private array(count: number): unknown[] {
    this.enter(count);
    const out = new Array<unknown>(count);
    for (let i = 0; i < count; i++) out[i] = this.readValue();
    this.depth--;
    return out;
  }

  private map(count: number): Map<unknown, unknown> | Record<string, unknown> {
    this.enter(count * 2);
    if (this.asMap) {
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < count; i++) {
        const key = this.readValue();
        out.set(key, this.readValue());
      }
      this.depth--;
      return out;
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const keyAt = this.pos;
      const key = this.readValue();
      if (key !== null && typeof key === 'object') {
        throw new CodecError(
          `MessagePack map key at offset ${keyAt} is not a scalar: decode with { maps: 'map' } to read it`,
        );
      }
      const name = String(key);
      const value = this.readValue();
      // A '__proto__' key must stay data, never replace the prototype.
      if (name === '__proto__') {
        Object.defineProperty(out, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[name] = value;
      }
    }
    this.depth--;
    return out;
  }
}

function safeNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Decodes exactly one value filling the whole buffer. */
export function msgpackDecode(bytes: Uint8Array, options: MsgpackDecodeOptions = {}): unknown {
  const reader = new MsgpackReader(bytes, options);
  const value = reader.readValue();
  if (!reader.atEnd) {
    throw new CodecError(
      `MessagePack data has ${bytes.length - reader.pos} trailing bytes after the first value`,
    );
  }
  return value;
}
