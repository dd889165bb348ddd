import { InvalidLabelError } from './engine-errors.js';

/** Longest label accepted; labels live inside commits, not in paths, but must stay printable. */
export const MAX_LABEL_LENGTH = 1024;

/** Refuses labels that cannot be stored or shown safely. */
export function checkLabel(label: unknown, what: 'collection' | 'series'): string {
  if (typeof label !== 'string')
    throw new InvalidLabelError(String(label), `a ${what} label must be a string`);
  if (label === '') throw new InvalidLabelError(label, `a ${what} label cannot be empty`);
  if (label.length > MAX_LABEL_LENGTH) {
    throw new InvalidLabelError(label, `a ${what} label is at most ${MAX_LABEL_LENGTH} characters`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(label)) {
    throw new InvalidLabelError(
      label,
      `a ${what} label cannot hold control characters (newline, tab, NUL…)`,
    );
  }
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(label)) {
    throw new InvalidLabelError(
      label,
      `a ${what} label must be valid Unicode (it has a lone surrogate)`,
    );
  }
  if (label.trim() !== label)
    throw new InvalidLabelError(label, `a ${what} label cannot start or end with spaces`);
  if (what === 'collection' && label.includes('/')) {
    throw new InvalidLabelError(
      label,
      "a collection label cannot contain '/' (it separates collection and series in `collection/series`)",
    );
  }
  return label;
}
