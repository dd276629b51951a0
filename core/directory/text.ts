import { doubleMetaphone } from 'double-metaphone';

/** Accent- and case-folded text: "Zoë Fontaine" → "zoe fontaine". Matches FTS5 remove_diacritics 2. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase();
}

/** Folded word tokens (letters and digits). */
export function tokens(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Extra searchable forms of a name: words joined across apostrophes and hyphens, so
 * "O'Neill" is also found as "oneill" and "Smith-Jones" as "smithjones".
 */
export function compactForms(s: string): string[] {
  const out: string[] = [];
  for (const word of fold(s).split(/\s+/)) {
    if (/['’\-‐]/.test(word)) {
      const joined = word.replace(/[^\p{L}\p{N}]+/gu, '');
      if (joined) out.push(joined);
    }
  }
  return out;
}

/** Double Metaphone codes (primary and secondary, deduplicated) of one word. */
export function phonetic(word: string): string[] {
  const [a, b] = doubleMetaphone(word);
  return [...new Set([a, b].filter((x) => x.length > 0))];
}

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early past `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(i + range + 1, b.length);
    for (let j = lo; j < hi; j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = bMatch[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Sort key for "sort by name": family name first, folded ("Álvarez José"). */
export function sortKey(name: string): string {
  const t = tokens(name);
  if (t.length <= 1) return t.join(' ');
  return `${t[t.length - 1]} ${t.slice(0, -1).join(' ')}`;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Name words shorter than this are not indexed for near spellings (too many neighbours). */
export const MIN_NEAR = 4;

/** The word and every form of it with one letter deleted (the symmetric-delete keys). */
export function deletions(word: string): string[] {
  const chars = [...word];
  const out = new Set([word]);
  for (let i = 0; i < chars.length; i++) out.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
  return [...out];
}
