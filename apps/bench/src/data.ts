/** The benchmarks' schema, as in Python Lakota's reference runs. */
export const SCHEMA = 'timestamp timestamp*\nvalue float';

/** 2020-01-01T00:00:00 in seconds since the epoch: timestamps are one per second from there. */
export const T0 = 1_577_836_800n;

/** A frame's columns (a type alias, so it is assignable to the engine's FrameInput). */
export type Columns = {
  timestamp: BigInt64Array;
  value: Float64Array;
};

/** `rows` rows from second `offset` after T0, random float64 values. */
export function makeColumns(rows: number, offset = 0): Columns {
  const timestamp = new BigInt64Array(rows);
  const value = new Float64Array(rows);
  const first = T0 + BigInt(offset);
  for (let i = 0; i < rows; i++) {
    timestamp[i] = first + BigInt(i);
    value[i] = Math.random();
  }
  return { timestamp, value };
}

/** `count` consecutive chunks of `rows` rows, together one series of count × rows rows. */
export function makeChunks(count: number, rows: number): Columns[] {
  return Array.from({ length: count }, (_, k) => makeColumns(rows, k * rows));
}
