import type * as A from '@automerge/automerge';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import {
  CONTACTS_DOC_TYPE,
  CREDITS_DOC_TYPE,
  PEOPLE_DOC_TYPE,
  creditView,
  personView,
  str,
  type ContactsDoc,
  type CreditsDoc,
  type PeopleDoc,
  type Person,
} from './model.ts';
import { MIN_NEAR, compactForms, deletions, fold, normalizeEmail, phonetic, sortKey, tokens } from './text.ts';

/**
 * Prepared statements, one per SQL text and connection: a directory import re-derives
 * thousands of people in one transaction, and preparing ~10 statements per person cost about
 * as much as running them.
 */
const statements = new WeakMap<SqliteDatabase, Map<string, Statement<unknown[]>>>();
function stmt(db: SqliteDatabase, sql: string): Statement<unknown[]> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

/**
 * Which map entries changed: the ids under `root` touched by the patches, or 'all' when the
 * document is indexed for the first time or the map itself was replaced.
 */
function changedKeys(patches: A.Patch[], fromHeads: A.Heads | null, root: string): Set<string> | 'all' {
  if (!fromHeads) return 'all';
  const ids = new Set<string>();
  for (const p of patches) {
    if (p.path[0] !== root) continue;
    if (p.path.length < 2) return 'all';
    ids.add(String(p.path[1]));
  }
  return ids;
}

// ---- people: names, search index, tags, sound-alike keys, near-spelling keys, redirects ---
// directory_near holds every name word of 4+ letters with each of its one-letter deletions
// (a symmetric-delete index, as in SymSpell): a query word matches a name word within one
// edit when one of the query's deletions is among the name's.

export const PEOPLE_TABLES = `
CREATE TABLE IF NOT EXISTS directory_people (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  doc_id TEXT NOT NULL,
  shard INTEGER NOT NULL,
  name TEXT NOT NULL,
  stage_name TEXT NOT NULL,
  alt_names TEXT NOT NULL,
  pronouns TEXT NOT NULL,
  headshot TEXT,
  skills TEXT NOT NULL,
  unions TEXT NOT NULL,
  has_bio INTEGER NOT NULL,
  sort_key TEXT NOT NULL,
  merged_into TEXT,
  not_duplicates TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS directory_people_doc ON directory_people(doc_id);
CREATE INDEX IF NOT EXISTS directory_people_sort ON directory_people(sort_key);
CREATE VIRTUAL TABLE IF NOT EXISTS directory_fts USING fts5(
  name, alt_names, bio,
  content='', contentless_delete=1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
CREATE TABLE IF NOT EXISTS directory_near (
  key TEXT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS directory_near_person ON directory_near(person_id);
CREATE TABLE IF NOT EXISTS directory_tags (
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (kind, value, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS directory_tags_person ON directory_tags(person_id);
CREATE TABLE IF NOT EXISTS directory_phonetic (
  key TEXT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS directory_phonetic_person ON directory_phonetic(person_id);
CREATE TABLE IF NOT EXISTS directory_redirects (
  from_id TEXT PRIMARY KEY,
  to_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS directory_redirects_to ON directory_redirects(to_id);
`;

function allNames(p: Person): string[] {
  return [p.name, p.stageName, ...p.altNames].filter((n) => n.trim() !== '');
}

function deletePersonRows(db: SqliteDatabase, id: string): void {
  const row = stmt(db, 'SELECT rid FROM directory_people WHERE id = ?').get(id) as { rid: number } | undefined;
  if (!row) return;
  stmt(db, 'DELETE FROM directory_fts WHERE rowid = ?').run(row.rid);
  stmt(db, 'DELETE FROM directory_people WHERE rid = ?').run(row.rid);
  stmt(db, 'DELETE FROM directory_tags WHERE person_id = ?').run(id);
  stmt(db, 'DELETE FROM directory_phonetic WHERE person_id = ?').run(id);
  stmt(db, 'DELETE FROM directory_near WHERE person_id = ?').run(id);
  stmt(db, 'DELETE FROM directory_redirects WHERE from_id = ?').run(id);
}

function writePerson(db: SqliteDatabase, docId: string, shard: number, p: Person, notDuplicates: string[]): void {
  const existing = stmt(db, 'SELECT rid FROM directory_people WHERE id = ?').get(p.id) as { rid: number } | undefined;
  if (existing) {
    stmt(db, 'DELETE FROM directory_fts WHERE rowid = ?').run(existing.rid);
    stmt(db, 'DELETE FROM directory_tags WHERE person_id = ?').run(p.id);
    stmt(db, 'DELETE FROM directory_phonetic WHERE person_id = ?').run(p.id);
    stmt(db, 'DELETE FROM directory_near WHERE person_id = ?').run(p.id);
    stmt(db, 'DELETE FROM directory_redirects WHERE from_id = ?').run(p.id);
  }
  const values = [
    docId,
    shard,
    p.name,
    p.stageName,
    JSON.stringify(p.altNames),
    p.pronouns,
    p.headshot,
    JSON.stringify(p.skills),
    JSON.stringify(p.unions),
    p.bio.trim() ? 1 : 0,
    sortKey(p.stageName || p.name),
    p.mergedInto,
    JSON.stringify(notDuplicates),
    p.updatedAt,
  ];
  let rid: number;
  if (existing) {
    rid = existing.rid;
    stmt(db, 
      `UPDATE directory_people SET doc_id = ?, shard = ?, name = ?, stage_name = ?, alt_names = ?, pronouns = ?, headshot = ?,
         skills = ?, unions = ?, has_bio = ?, sort_key = ?, merged_into = ?, not_duplicates = ?, updated_at = ? WHERE rid = ?`,
    ).run(...values, rid);
  } else {
    rid = Number(
      stmt(db, 
        `INSERT INTO directory_people (id, doc_id, shard, name, stage_name, alt_names, pronouns, headshot, skills, unions, has_bio,
           sort_key, merged_into, not_duplicates, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(p.id, ...values).lastInsertRowid,
    );
  }
  if (p.mergedInto) {
    stmt(db, 'INSERT INTO directory_redirects (from_id, to_id) VALUES (?, ?)').run(p.id, p.mergedInto);
    return; // merged-away people are neither searched nor tagged
  }
  const primary = [p.name, p.stageName].filter(Boolean);
  const nameText = [...primary, ...primary.flatMap(compactForms)].join(' ');
  const altText = [...p.altNames, ...p.altNames.flatMap(compactForms)].join(' ');
  stmt(db, 'INSERT INTO directory_fts (rowid, name, alt_names, bio) VALUES (?, ?, ?, ?)').run(rid, nameText, altText, p.bio);
  const tag = stmt(db, 'INSERT OR IGNORE INTO directory_tags (person_id, kind, value, label) VALUES (?, ?, ?, ?)');
  for (const s of p.skills) tag.run(p.id, 'skill', fold(s.trim()), s.trim());
  for (const u of p.unions) tag.run(p.id, 'union', fold(u.trim()), u.trim());
  const key = stmt(db, 'INSERT OR IGNORE INTO directory_phonetic (key, person_id) VALUES (?, ?)');
  const near = stmt(db, 'INSERT OR IGNORE INTO directory_near (key, person_id) VALUES (?, ?)');
  for (const n of allNames(p)) {
    for (const t of [...tokens(n), ...compactForms(n)]) {
      for (const k of phonetic(t)) key.run(k, p.id);
      if (t.length >= MIN_NEAR) for (const k of deletions(t)) near.run(k, p.id);
    }
  }
}

export const peopleProjection: Projection<PeopleDoc> = {
  name: 'directory_people',
  version: 2,
  docTypes: [PEOPLE_DOC_TYPE],
  setup(db) {
    db.exec(PEOPLE_TABLES);
  },
  clear(db) {
    db.exec(`DELETE FROM directory_people; DELETE FROM directory_fts; DELETE FROM directory_tags;
      DELETE FROM directory_phonetic; DELETE FROM directory_near; DELETE FROM directory_redirects;`);
  },
  apply(db, { docId, doc, patches, fromHeads }) {
    const people = doc.people ?? {};
    const changed = changedKeys(patches, fromHeads, 'people');
    if (changed === 'all') {
      const present = new Set(Object.keys(people));
      const rows = stmt(db, 'SELECT id FROM directory_people WHERE doc_id = ?').all(docId) as Array<{ id: string }>;
      for (const r of rows) if (!present.has(r.id)) deletePersonRows(db, r.id);
    }
    const ids = changed === 'all' ? Object.keys(people) : [...changed];
    for (const id of ids) {
      const rec = people[id];
      if (!rec) deletePersonRows(db, id);
      else writePerson(db, docId, doc.shard, personView(rec), (rec.notDuplicates ?? []).map(str));
    }
  },
  remove(db, docId) {
    const rows = stmt(db, 'SELECT id FROM directory_people WHERE doc_id = ?').all(docId) as Array<{ id: string }>;
    for (const r of rows) deletePersonRows(db, r.id);
  },
};

// ---- contacts: only the e-mail, for duplicate detection (never returned by search) ---------

export const contactsProjection: Projection<ContactsDoc> = {
  name: 'directory_contacts',
  version: 1,
  docTypes: [CONTACTS_DOC_TYPE],
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS directory_emails (
      person_id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL,
      email TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS directory_emails_email ON directory_emails(email);
    CREATE INDEX IF NOT EXISTS directory_emails_doc ON directory_emails(doc_id);`);
  },
  clear(db) {
    db.exec('DELETE FROM directory_emails');
  },
  apply(db, { docId, doc, patches, fromHeads }) {
    const contacts = doc.contacts ?? {};
    const changed = changedKeys(patches, fromHeads, 'contacts');
    if (changed === 'all') stmt(db, 'DELETE FROM directory_emails WHERE doc_id = ?').run(docId);
    const ids = changed === 'all' ? Object.keys(contacts) : [...changed];
    for (const id of ids) {
      stmt(db, 'DELETE FROM directory_emails WHERE person_id = ?').run(id);
      const email = normalizeEmail(str(contacts[id]?.email));
      if (email) stmt(db, 'INSERT INTO directory_emails (person_id, doc_id, email) VALUES (?, ?, ?)').run(id, docId, email);
    }
  },
  remove(db, docId) {
    stmt(db, 'DELETE FROM directory_emails WHERE doc_id = ?').run(docId);
  },
};

// ---- credits: every production's cast and crew ---------------------------------------------

export const creditsProjection: Projection<CreditsDoc> = {
  name: 'directory_credits',
  version: 1,
  docTypes: [CREDITS_DOC_TYPE],
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS directory_credits (
      id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL,
      production_id TEXT NOT NULL,
      person_id TEXT NOT NULL,
      department TEXT NOT NULL,
      role TEXT NOT NULL,
      billing REAL NOT NULL,
      understudy INTEGER NOT NULL,
      swing INTEGER NOT NULL,
      standby INTEGER NOT NULL,
      start_date TEXT NOT NULL,
      end_date TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS directory_credits_person ON directory_credits(person_id);
    CREATE INDEX IF NOT EXISTS directory_credits_production ON directory_credits(production_id, department, billing);
    CREATE INDEX IF NOT EXISTS directory_credits_doc ON directory_credits(doc_id);`);
  },
  clear(db) {
    db.exec('DELETE FROM directory_credits');
  },
  apply(db, { docId, doc, patches, fromHeads }) {
    const productionId = str(doc.productionId);
    const credits = doc.credits ?? {};
    const changed = changedKeys(patches, fromHeads, 'credits');
    if (changed === 'all') stmt(db, 'DELETE FROM directory_credits WHERE doc_id = ?').run(docId);
    const ids = changed === 'all' ? Object.keys(credits) : [...changed];
    const del = stmt(db, 'DELETE FROM directory_credits WHERE id = ?');
    const ins = stmt(db, 
      `INSERT INTO directory_credits (id, doc_id, production_id, person_id, department, role, billing, understudy, swing, standby, start_date, end_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const id of ids) {
      del.run(id);
      const rec = credits[id];
      if (!rec) continue;
      const c = creditView(productionId, id, rec);
      ins.run(c.id, docId, productionId, c.personId, c.department, c.role, c.billing, +c.understudy, +c.swing, +c.standby, c.startDate, c.endDate);
    }
  },
  remove(db, docId) {
    stmt(db, 'DELETE FROM directory_credits WHERE doc_id = ?').run(docId);
  },
};

export const directoryProjections = [peopleProjection, contactsProjection, creditsProjection] as const;
