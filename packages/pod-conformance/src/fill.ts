import { mapLimit, type Pod } from '@lakota/core';
import { expect } from 'vitest';

/** Writes every `path -> bytes` entry (at most `limit` in flight) and checks each reported its size. */
export async function fill(
  pod: Pod,
  files: ReadonlyMap<string, Uint8Array> | Record<string, Uint8Array>,
  limit = 32,
): Promise<void> {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const written = await mapLimit(entries, limit, ([path, data]) => pod.write(path, data));
  entries.forEach(([path, data], i) => {
    expect(written[i], `write('${path}') returns the bytes written`).toBe(data.byteLength);
  });
}
