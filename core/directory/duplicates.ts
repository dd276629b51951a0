import type { SqliteDatabase } from '../store/database.ts';
import { fold, jaroWinkler, normalizeEmail, phonetic, tokens } from './text.ts';

export interface DuplicateSuggestion {
  a: { id: string; name: string };
  b: { id: string; name: string };
  /** 0..1: 1 for a shared e-mail address, else the best name similarity. */
  score: number;
  reasons: Array<'same email' | 'sounds alike' | 'similar name'>;
}

interface Candidate {
  id: string;
  name: string;
  names: string[];
  email: string;
  notDuplicates: Set<string>;
}

/** Blocks larger than this are skipped: they hold a very common name sound, not a duplicate. */
const MAX_BLOCK = 100;
const SIMILAR = 0.9;
const SOUNDALIKE_FLOOR = 0.75;

function nameKeys(name: string): { full: string[]; soundKeys: Set<string> } {
  const t = tokens(name);
  const keys = new Set<string>();
  if (t.length) {
    const first = t[0]!;
    const last = t[t.length - 1]!;
    for (const pf of phonetic(first)) for (const pl of phonetic(last)) keys.add(`${pf}|${pl}`);
  }
  return { full: [t.join(' ')], soundKeys: keys };
}

function score(x: Candidate, y: Candidate): DuplicateSuggestion | undefined {
  if (x.notDuplicates.has(y.id) || y.notDuplicates.has(x.id)) return undefined;
  const reasons: DuplicateSuggestion['reasons'] = [];
  let best = 0;
  let sounds = false;
  for (const n of x.names) {
    const kx = nameKeys(n);
    for (const m of y.names) {
      const ky = nameKeys(m);
      best = Math.max(best, jaroWinkler(fold(n), fold(m)));
      if ([...kx.soundKeys].some((k) => ky.soundKeys.has(k))) sounds = true;
    }
  }
  const email = x.email !== '' && x.email === y.email;
  if (email) reasons.push('same email');
  if (sounds && best >= SOUNDALIKE_FLOOR) reasons.push('sounds alike');
  if (best >= SIMILAR) reasons.push('similar name');
  if (!reasons.length) return undefined;
  const [a, b] = x.id < y.id ? [x, y] : [y, x];
  return { a: { id: a.id, name: a.name }, b: { id: b.id, name: b.name }, score: email ? 1 : Math.round(best * 1000) / 1000, reasons };
}

function loadCandidates(db: SqliteDatabase): Candidate[] {
  const emails = new Map(
    (db.prepare('SELECT person_id, email FROM directory_emails').all() as Array<{ person_id: string; email: string }>).map((r) => [r.person_id, r.email]),
  );
  const rows = db
    .prepare('SELECT id, name, stage_name, alt_names, not_duplicates FROM directory_people WHERE merged_into IS NULL')
    .all() as Array<{ id: string; name: string; stage_name: string; alt_names: string; not_duplicates: string }>;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    names: [r.name, r.stage_name, ...(JSON.parse(r.alt_names) as string[])].filter((n) => n.trim() !== ''),
    email: emails.get(r.id) ?? '',
    notDuplicates: new Set(JSON.parse(r.not_duplicates) as string[]),
  }));
}

/**
 * Likely duplicates across the whole directory: people are grouped by the sound of their
 * first and last names (Double Metaphone) and by e-mail address, and only pairs within a
 * group are compared, so the work grows with the directory, not with its square.
 */
export function findDuplicates(db: SqliteDatabase, options: { personId?: string; limit?: number } = {}): { suggestions: DuplicateSuggestion[]; skippedBlocks: number } {
  const people = loadCandidates(db);
  const blocks = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const b = blocks.get(key);
    if (b) {
      if (b[b.length - 1] !== i) b.push(i);
    } else blocks.set(key, [i]);
  };
  people.forEach((p, i) => {
    for (const n of p.names) for (const k of nameKeys(n).soundKeys) add(`n:${k}`, i);
    if (p.email) add(`e:${p.email}`, i);
  });
  const seen = new Set<string>();
  const out: DuplicateSuggestion[] = [];
  let skippedBlocks = 0;
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    if (members.length > MAX_BLOCK && !key.startsWith('e:')) {
      skippedBlocks++;
      continue;
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const x = people[members[i]!]!;
        const y = people[members[j]!]!;
        if (options.personId && x.id !== options.personId && y.id !== options.personId) continue;
        const pair = x.id < y.id ? `${x.id} ${y.id}` : `${y.id} ${x.id}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const s = score(x, y);
        if (s) out.push(s);
      }
    }
  }
  out.sort((p, q) => q.score - p.score || p.a.name.localeCompare(q.a.name));
  return { suggestions: out.slice(0, options.limit ?? 100), skippedBlocks };
}

/** People already in the directory who may be the person named (for imports): same e-mail, or a similar or sound-alike name. */
export function findMatches(db: SqliteDatabase, name: string, email: string): Array<{ id: string; name: string; reason: 'same email' | 'sounds alike' | 'similar name' | 'same name' }> {
  const out = new Map<string, { id: string; name: string; reason: 'same email' | 'sounds alike' | 'similar name' | 'same name' }>();
  const e = normalizeEmail(email);
  if (e) {
    const rows = db
      .prepare('SELECT p.id, p.name FROM directory_emails e JOIN directory_people p ON p.id = e.person_id WHERE e.email = ? AND p.merged_into IS NULL')
      .all(e) as Array<{ id: string; name: string }>;
    for (const r of rows) out.set(r.id, { ...r, reason: 'same email' });
  }
  const t = tokens(name);
  if (t.length) {
    const firstKeys = phonetic(t[0]!);
    const lastKeys = phonetic(t[t.length - 1]!);
    if (firstKeys.length && lastKeys.length) {
      const rows = db
        .prepare(
          `SELECT p.id, p.name, p.stage_name, p.alt_names FROM directory_people p
           WHERE p.merged_into IS NULL
             AND p.id IN (SELECT person_id FROM directory_phonetic WHERE key IN (SELECT value FROM json_each(?)))
             AND p.id IN (SELECT person_id FROM directory_phonetic WHERE key IN (SELECT value FROM json_each(?)))
           LIMIT 200`,
        )
        .all(JSON.stringify(firstKeys), JSON.stringify(lastKeys)) as Array<{ id: string; name: string; stage_name: string; alt_names: string }>;
      const me = fold(name.trim());
      for (const r of rows) {
        if (out.has(r.id)) continue;
        const names = [r.name, r.stage_name, ...(JSON.parse(r.alt_names) as string[])].filter(Boolean).map((n) => fold(n));
        const best = Math.max(...names.map((n) => jaroWinkler(me, n)));
        if (names.includes(me)) out.set(r.id, { id: r.id, name: r.name, reason: 'same name' });
        else if (best >= SIMILAR) out.set(r.id, { id: r.id, name: r.name, reason: 'similar name' });
        else if (best >= SOUNDALIKE_FLOOR) out.set(r.id, { id: r.id, name: r.name, reason: 'sounds alike' });
      }
    }
  }
  return [...out.values()];
}
