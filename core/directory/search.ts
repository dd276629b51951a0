import type { SqliteDatabase } from '../store/database.ts';
import type { Department } from './model.ts';
import { MIN_NEAR, deletions, fold, jaroWinkler, phonetic, tokens } from './text.ts';

export interface SearchQuery {
  query?: string;
  department?: Department;
  productionId?: string;
  season?: string;
  skill?: string;
  union?: string;
  sort?: 'relevance' | 'name';
  limit?: number;
  offset?: number;
}

/** What search returns about a person: public fields only, never contact details. */
export interface SearchHit {
  id: string;
  name: string;
  stageName: string;
  altNames: string[];
  pronouns: string;
  headshot: string | null;
  skills: string[];
  unions: string[];
  /** True when found by the misspelling-tolerant fallback rather than by the words typed. */
  fuzzy: boolean;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** True when the fallback for misspellings contributed hits. */
  fuzzy: boolean;
}

interface PersonRow {
  rid: number;
  id: string;
  name: string;
  stage_name: string;
  alt_names: string;
  pronouns: string;
  headshot: string | null;
  skills: string;
  unions: string;
  sort_key: string;
}

const COLUMNS = 'p.rid, p.id, p.name, p.stage_name, p.alt_names, p.pronouns, p.headshot, p.skills, p.unions, p.sort_key';
/** Name weighs most, then alternative names, then the biography. */
const RANK = 'bm25(directory_fts, 10.0, 6.0, 1.0)';
/** Below this many hits for one word as typed, the misspelling-tolerant fallback runs (for several words: at none). */
export const FUZZY_THRESHOLD = 3;

function toHit(r: PersonRow, fuzzy: boolean): SearchHit {
  return {
    id: r.id,
    name: r.name,
    stageName: r.stage_name,
    altNames: JSON.parse(r.alt_names) as string[],
    pronouns: r.pronouns,
    headshot: r.headshot,
    skills: JSON.parse(r.skills) as string[],
    unions: JSON.parse(r.unions) as string[],
    fuzzy,
  };
}

/** SQL conditions on `p` (directory_people) for the filters, with their arguments. */
function filterSql(q: SearchQuery): { where: string; args: unknown[] } {
  const conds = ['p.merged_into IS NULL'];
  const args: unknown[] = [];
  if (q.skill) {
    conds.push(`p.id IN (SELECT person_id FROM directory_tags WHERE kind = 'skill' AND value = ?)`);
    args.push(fold(q.skill.trim()));
  }
  if (q.union) {
    conds.push(`p.id IN (SELECT person_id FROM directory_tags WHERE kind = 'union' AND value = ?)`);
    args.push(fold(q.union.trim()));
  }
  if (q.department || q.productionId || q.season) {
    const c: string[] = [];
    if (q.department) {
      c.push('c.department = ?');
      args.push(q.department);
    }
    if (q.productionId) {
      c.push('c.production_id = ?');
      args.push(q.productionId);
    }
    if (q.season) {
      c.push('c.production_id IN (SELECT id FROM productions WHERE season = ?)');
      args.push(q.season);
    }
    conds.push(
      `p.id IN (SELECT COALESCE(r.to_id, c.person_id) FROM directory_credits c
        LEFT JOIN directory_redirects r ON r.from_id = c.person_id WHERE ${c.join(' AND ')})`,
    );
  }
  return { where: conds.join(' AND '), args };
}

/** An FTS5 expression: every word must match, each as a prefix (search as you type). */
function prefixExpression(words: string[]): string {
  return words.map((w) => `"${w}"*`).join(' ');
}

function hasFilters(q: SearchQuery): boolean {
  return !!(q.skill || q.union || q.department || q.productionId || q.season);
}

function countMatches(db: SqliteDatabase, expr: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM directory_fts WHERE directory_fts MATCH ?').get(expr) as { n: number }).n;
}

/** Every word (as typed, or as a prefix) in the name, stage name or an alternative name. */
function nameExpression(words: string[], prefix: boolean): string {
  return words.map((w) => `{name alt_names} : "${w}"${prefix ? '*' : ''}`).join(' ');
}

/** Above this many matches in one tier, the tier comes in directory order rather than ranked. */
export const RANK_LIMIT = 2000;

/**
 * One page of relevance-ordered matches without filters, read from the FTS table alone (no
 * join, and no ranking of a large match set): tiers in order, (1) people whose names hold
 * every word as typed, (2) people whose names hold every word as a prefix, (3) people matched
 * only through their biography. Each tier is ranked by bm25 (name over alternative names
 * over biography) when it holds at most RANK_LIMIT people: ranking tens of thousands of
 * matches of a two-letter prefix or a common word costs tens of ms and says little. Only the
 * page's people rows are read.
 */
function rankedPage(db: SqliteDatabase, words: string[], total: number, offset: number, limit: number): PersonRow[] {
  const exact = nameExpression(words, false);
  const names = nameExpression(words, true);
  const all = prefixExpression(words);
  const inNames = total === 0 ? 0 : countMatches(db, names);
  const inExact = inNames === 0 ? 0 : countMatches(db, exact);
  // (A NOT B costs a pass over B: left out when B is empty.)
  const tiers = [
    { expr: exact, size: inExact },
    { expr: inExact ? `(${names}) NOT (${exact})` : names, size: inNames - inExact },
    { expr: inNames ? `(${all}) NOT (${names})` : all, size: total - inNames },
  ];
  const rids: number[] = [];
  let skip = offset;
  for (const tier of tiers) {
    if (rids.length >= limit) break;
    if (skip >= tier.size) {
      skip -= tier.size;
      continue;
    }
    rids.push(
      ...(db
        .prepare(`SELECT rowid FROM directory_fts WHERE directory_fts MATCH ? ${tier.size <= RANK_LIMIT ? `ORDER BY ${RANK}` : ''} LIMIT ? OFFSET ?`)
        .pluck()
        .all(tier.expr, limit - rids.length, skip) as number[]),
    );
    skip = 0;
  }
  if (rids.length === 0) return [];
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM directory_people p WHERE p.rid IN (SELECT value FROM json_each(?)) AND p.merged_into IS NULL`)
    .all(JSON.stringify(rids)) as PersonRow[];
  const byRid = new Map(rows.map((r) => [r.rid, r]));
  return rids.flatMap((rid) => byRid.get(rid) ?? []);
}

function orderBy(sort: SearchQuery['sort'], ranked: boolean): string {
  return sort === 'name' || !ranked ? 'p.sort_key, p.id' : `${RANK}, p.sort_key, p.id`;
}

/**
 * People (rids) whose names match `word` despite a small misspelling, for words of 4+
 * letters: a name word within one edit (symmetric-delete keys), a prefix of a name word, or a
 * sound-alike name word (Double Metaphone keys of 2+ sounds). Biographies are not searched
 * this way.
 */
function fuzzyRids(db: SqliteDatabase, word: string): Set<number> {
  const out = new Set<number>();
  const add = (rows: Array<{ rid: number }>) => rows.forEach((r) => out.add(r.rid));
  add(db.prepare('SELECT rowid AS rid FROM directory_fts WHERE directory_fts MATCH ?').all(`{name alt_names} : "${word}"*`) as Array<{ rid: number }>);
  if (word.length < MIN_NEAR) return out;
  const near = deletions(word);
  add(
    db
      .prepare(`SELECT DISTINCT p.rid FROM directory_near k JOIN directory_people p ON p.id = k.person_id WHERE k.key IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(near)) as Array<{ rid: number }>,
  );
  const keys = phonetic(word).filter((k) => k.length >= 2);
  if (keys.length) {
    add(
      db
        .prepare(`SELECT DISTINCT p.rid FROM directory_phonetic k JOIN directory_people p ON p.id = k.person_id WHERE k.key IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(keys)) as Array<{ rid: number }>,
    );
  }
  return out;
}

function similarity(query: string, r: PersonRow): number {
  const q = fold(query);
  const names = [r.name, r.stage_name, ...(JSON.parse(r.alt_names) as string[])].filter(Boolean).map(fold);
  return Math.max(0, ...names.map((n) => jaroWinkler(q, n)));
}

/**
 * Full-text search over names, alternative names and biographies (FTS5, accent-folded,
 * every word a prefix), with filters, relevance or name order, and pages. When the words as
 * typed find nobody (or one word finds fewer than FUZZY_THRESHOLD people), near spellings
 * and sound-alike names (Double Metaphone) are added after them.
 */
export function searchPeople(db: SqliteDatabase, q: SearchQuery): SearchResult {
  const limit = q.limit ?? 25;
  const offset = q.offset ?? 0;
  const words = tokens(q.query ?? '');
  const filter = filterSql(q);

  if (words.length === 0) {
    const total = (db.prepare(`SELECT COUNT(*) AS n FROM directory_people p WHERE ${filter.where}`).get(...filter.args) as { n: number }).n;
    const rows = db
      .prepare(`SELECT ${COLUMNS} FROM directory_people p WHERE ${filter.where} ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?`)
      .all(...filter.args, limit, offset) as PersonRow[];
    return { total, hits: rows.map((r) => toHit(r, false)), fuzzy: false };
  }

  const expr = prefixExpression(words);
  const from = `directory_fts JOIN directory_people p ON p.rid = directory_fts.rowid WHERE directory_fts MATCH ? AND ${filter.where}`;
  const fast = !hasFilters(q) && q.sort !== 'name';
  // Merged-away people are never in the FTS table, so without filters it is counted alone.
  const total = fast
    ? countMatches(db, expr)
    : (db.prepare(`SELECT COUNT(*) AS n FROM ${from}`).get(expr, ...filter.args) as { n: number }).n;
  // Misspelling fallback: when nothing matched, or a single word matched fewer than
  // FUZZY_THRESHOLD people (a full name that matched is taken as found).
  const enough = total >= FUZZY_THRESHOLD || (total > 0 && words.length > 1);
  if (enough && fast) return { total, hits: rankedPage(db, words, total, offset, limit).map((r) => toHit(r, false)), fuzzy: false };
  if (enough) {
    const rows = db
      .prepare(`SELECT ${COLUMNS} FROM ${from} ORDER BY ${orderBy(q.sort, true)} LIMIT ? OFFSET ?`)
      .all(expr, ...filter.args, limit, offset) as PersonRow[];
    return { total, hits: rows.map((r) => toHit(r, false)), fuzzy: false };
  }

  // Few hits: add people matched despite small misspellings, after the exact ones.
  const exact = db.prepare(`SELECT ${COLUMNS} FROM ${from} ORDER BY ${orderBy(q.sort, true)}`).all(expr, ...filter.args) as PersonRow[];
  let candidates: Set<number> | undefined;
  for (const w of words) {
    const rids = fuzzyRids(db, w);
    candidates = candidates ? new Set([...candidates].filter((r) => rids.has(r))) : rids;
    if (candidates.size === 0) break;
  }
  const exactIds = new Set(exact.map((r) => r.rid));
  const extra = [...(candidates ?? [])].filter((r) => !exactIds.has(r));
  let fuzzy: PersonRow[] = [];
  if (extra.length) {
    fuzzy = db
      .prepare(`SELECT ${COLUMNS} FROM directory_people p WHERE p.rid IN (SELECT value FROM json_each(?)) AND ${filter.where}`)
      .all(JSON.stringify(extra), ...filter.args) as PersonRow[];
    const query = words.join(' ');
    const score = new Map(fuzzy.map((r) => [r.rid, similarity(query, r)]));
    fuzzy.sort((a, b) =>
      q.sort === 'name' ? a.sort_key.localeCompare(b.sort_key) : score.get(b.rid)! - score.get(a.rid)! || a.sort_key.localeCompare(b.sort_key),
    );
  }
  const all = [...exact.map((r) => toHit(r, false)), ...fuzzy.map((r) => toHit(r, true))];
  return { total: all.length, hits: all.slice(offset, offset + limit), fuzzy: fuzzy.length > 0 };
}
