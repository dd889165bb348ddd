import { Transform } from 'node:stream';
import { UsageError } from './usage-error.js';

/**
 * Decodes a byte stream as UTF-8 and refuses invalid input, where Node's
 * default decoding would store U+FFFD instead of the bytes given.
 */
export function strictUtf8(what: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const fail = (err: unknown) =>
    new UsageError(
      `${what} is not valid UTF-8 (somewhere after byte ${offset}): convert it to UTF-8 first`,
      { cause: err },
    );
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        done(null, text);
      } catch (err) {
        done(fail(err));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch (err) {
        done(fail(err));
      }
    },
  });
}
