import { conditionNotMet, invalid } from './gcs-error.js';

/** The generation preconditions GCS accepts as query parameters. */
export interface Preconditions {
  ifGenerationMatch?: number;
  ifGenerationNotMatch?: number;
  ifMetagenerationMatch?: number;
  ifMetagenerationNotMatch?: number;
}

/** The part of a stored object the preconditions look at. */
export interface Versioned {
  generation: number;
  metageneration: number;
}

const KEYS = [
  'ifGenerationMatch',
  'ifGenerationNotMatch',
  'ifMetagenerationMatch',
  'ifMetagenerationNotMatch',
] as const;

/**
 * Reads the preconditions of a request. `source` reads the
 * `ifSourceGenerationMatch` family that copy and rewrite use for their source.
 */
export function parsePreconditions(query: URLSearchParams, source = false): Preconditions {
  const out: Preconditions = {};
  for (const key of KEYS) {
    const param = source ? `ifSource${key.slice(2)}` : key;
    const raw = query.get(param);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw)) throw invalid(`Invalid value for ${param}: '${raw}'`);
    out[key] = Number(raw);
  }
  return out;
}

/**
 * Whether the preconditions hold for `current` (undefined: no live object).
 * `ifGenerationMatch=0` means "must not exist", `ifGenerationNotMatch=0`
 * "must exist", as on GCS.
 */
export function preconditionsHold(current: Versioned | undefined, pre: Preconditions): boolean {
  const { ifGenerationMatch: gm, ifGenerationNotMatch: gnm } = pre;
  if (gm !== undefined && (gm === 0 ? current !== undefined : current?.generation !== gm)) {
    return false;
  }
  if (gnm !== undefined && (gnm === 0 ? current === undefined : current?.generation === gnm)) {
    return false;
  }
  const { ifMetagenerationMatch: mm, ifMetagenerationNotMatch: mnm } = pre;
  if (mm !== undefined && current?.metageneration !== mm) return false;
  if (mnm !== undefined && current !== undefined && current.metageneration === mnm) return false;
  return true;
}

/** Throws 412 conditionNotMet when the preconditions do not hold. */
export function checkPreconditions(current: Versioned | undefined, pre: Preconditions): void {
  if (!preconditionsHold(current, pre)) throw conditionNotMet();
}
