/**
 * Storage keys are arrays of strings (automerge-repo's StorageKey). In SQLite we keep them
 * as one TEXT column whose encoding preserves element boundaries, so that a prefix query
 * matches element by element: ["a"] is a prefix of ["a","b"] but not of ["ab"].
 *
 * Each element is escaped (\u0001 -> \u0001\u0002, \u0000 -> \u0001\u0001) and terminated
 * by \u0000, and the result is stored as a UTF-8 BLOB. The prefix [p1..pn] then covers
 * exactly the byte range [enc, enc + 0xFF): every continuation starts with an escaped
 * element (never a raw \u0000), and the byte 0xFF never occurs in UTF-8.
 */
export type StorageKey = string[];

const TERMINATOR = '\u0000';

function escapeElement(element: string): string {
  return element.replace(/\u0001/g, '\u0001\u0002').replace(/\u0000/g, '\u0001\u0001');
}

function unescapeElement(element: string): string {
  return element.replace(/\u0001([\u0001\u0002])/g, (_m, c: string) => (c === '\u0001' ? '\u0000' : '\u0001'));
}

export function encodeKey(key: readonly string[]): string {
  return key.map((el) => escapeElement(el) + TERMINATOR).join('');
}

export function decodeKey(encoded: string): StorageKey {
  if (encoded === '') return [];
  const parts = encoded.split(TERMINATOR);
  parts.pop(); // trailing terminator
  return parts.map(unescapeElement);
}

export function keyBytes(key: readonly string[]): Buffer {
  return Buffer.from(encodeKey(key), 'utf8');
}

export function keyFromBytes(bytes: Uint8Array): StorageKey {
  return decodeKey(Buffer.from(bytes).toString('utf8'));
}

/** The half-open byte range [low, high) of encoded keys that start with `prefix` element-wise. */
export function prefixRange(prefix: readonly string[]): { low: Buffer; high: Buffer } {
  const low = keyBytes(prefix);
  return { low, high: Buffer.concat([low, Buffer.from([0xff])]) };
}
