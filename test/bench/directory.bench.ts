/**
 * Directory at scale: 100,000 people and 500,000 credits (2,000 productions x 250).
 *   - search p95 for one-word (family name), two-word (full name) and prefix (3 letters)
 *     queries, ours (SQLite FTS5 projection) vs minisearch over the same records in this run,
 *     at 1,000 people (seed target < 100 ms) and 100,000 people (target < 5 ms);
 *   - a 10,000-row CSV import (preview + confirm) into the 100,000-person directory;
 *   - duplicate suggestion over the whole directory.
 * Data goes through the real write path (Automerge documents + projections in the same store
 * transaction, as the API's handlers do) in batches: 5,000 people per transaction, one change
 * per 500-person shard; 25 productions per transaction, one change of 250 credits per
 * production document. The API path is measured by the import figure. Progress goes to
 * stderr (a full-size build is minutes of Automerge writes).
 * Run: npx tsx test/bench/run.ts directory   (DIRECTORY_BENCH_PEOPLE=N for a smaller run)
 */
import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { openApp, type App } from '../../core/api/app.ts';
import { initCompany } from '../../core/api/setup.ts';
import { systemClock } from '../../core/clock.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc } from '../../core/calendar/production.ts';
import { addCredits, type CreditInput } from '../../core/directory/credits.ts';
import { findDuplicates } from '../../core/directory/duplicates.ts';
import { createPeople, type PersonInput } from '../../core/directory/people.ts';
import { searchPeople } from '../../core/directory/search.ts';
import { tempDir } from '../fixtures/app.ts';
import { fmt, note, report, summarize } from './stats.ts';

const PEOPLE = Number(process.env.DIRECTORY_BENCH_PEOPLE ?? 100_000);
const PRODUCTIONS = Math.max(10, Math.round(PEOPLE / 50));
const CREDITS_PER_PRODUCTION = 250;
const QUERIES = 300;
const BIO_SHARE = 0.25;
/** Productions whose credits are written in one store transaction (one commit). */
const PRODUCTIONS_PER_TRANSACTION = 25;
const progress = (msg: string) => process.stderr.write(`  … ${msg}\n`);

// ---- deterministic data --------------------------------------------------------------------
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const FIRST = 'Amelia Ben Carmen Daniel Eleanor Felix Gabriela Henry Imani Jonah Keiko Liam Maya Noah Olivia Pedro Quinn Rosa Samuel Talia Vera Walter Ximena Yusuf Zara Aoife Bjørn Chloé Dmitri Elif Frances Gregor Hélène Ingrid Jamal Kwame Lucía Mateo Niamh Owen Paloma Rahul Søren Thérèse Ursula Viktor Wen Yara Zeynep Zoë José Siobhán Priya Dev Hannah Tomás Grace Morgan Anna John Jon Mary Kate Chris Kristina'.split(' ');
const SYL = ['ab', 'ber', 'cas', 'del', 'en', 'fitz', 'gar', 'hoff', 'ib', 'jan', 'kow', 'lau', 'mc', 'na', 'ok', 'pet', 'quin', 'ros', 'sul', 'tak', 'und', 'vil', 'whit', 'yil', 'ziel', 'ade', 'bren', 'chen', 'dela', 'espo', 'gall', 'had', 'iver', 'kaur', 'lind', 'mor', 'nov', 'pham', 'ruiz', 'schu', 'thorn', 'vas', 'walsh', 'ngu', 'mül', 'doy', 'ez', 'son', 'ski', 'ström', 'ić', 'elli', 'ano', 'ford'];
const LAST = Array.from({ length: 4000 }, () => {
  const s = pick(SYL) + pick(SYL) + (rand() < 0.5 ? pick(SYL) : '');
  return s[0]!.toUpperCase() + s.slice(1);
});
const WORDS = 'theater stage musical tenor soprano alto baritone carpenter lighting sound costume director choreographer props rehearsal opening season company community teacher nurse student retired favorite role sword fight pit orchestra backstage headset Sondheim Shakespeare Chekhov comedy drama'.split(' ');
const person = (): PersonInput => {
  const first = pick(FIRST);
  const last = pick(LAST);
  return {
    name: `${first} ${last}`,
    ...(rand() < 0.05 ? { stageName: `${first} ${pick(LAST)}` } : {}),
    // A quarter of a large directory has a biography (most past participants never wrote one);
    // a biography is collaborative text, one Automerge op per character.
    ...(rand() < BIO_SHARE ? { bio: Array.from({ length: 8 + Math.floor(rand() * 16) }, () => pick(WORDS)).join(' ') } : {}),
    skills: [pick(WORDS)],
    unions: rand() < 0.1 ? ['AEA'] : [],
    contact: { email: `${first}.${last}.${Math.floor(rand() * 1e6)}@example.org`.toLowerCase() },
  };
};

async function build(dir: string, people: number, productions: number): Promise<{ app: App; records: Array<{ id: string } & PersonInput> }> {
  const app = await openApp({ dataDir: dir, clock: systemClock });
  initCompany(app.store, {
    company: { name: 'Bench Players', shortName: 'Bench', city: '', timeZone: 'UTC', website: '', email: '' },
    admin: { name: 'Bench Admin', email: 'bench@example.org' },
  });
  const records: Array<{ id: string } & PersonInput> = [];
  const BATCH = 5000;
  for (let done = 0; done < people; done += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, people - done) }, person);
    const ids = app.store.transaction(() => createPeople(app.store, inputs, systemClock.now()));
    ids.forEach((id, i) => records.push({ id, ...inputs[i]! }));
    app.store.evict();
    if (people >= 20_000) progress(`${done + inputs.length} of ${people} people written`);
  }
  for (let first = 0; first < productions; first += PRODUCTIONS_PER_TRANSACTION) {
    app.store.transaction(() => {
      for (let p = first; p < Math.min(productions, first + PRODUCTIONS_PER_TRANSACTION); p++) {
        const id = `show-${p}`;
        app.store.create<ProductionDoc>(productionDocId(id), PRODUCTION_DOC_TYPE, productionScope(id), (d) => {
          d.production = { id, title: `Show ${p}`, season: `${2000 + (p % 27)}-${String((p % 27) + 1).padStart(2, '0')}`, status: 'closed', opening: null, closing: null, description: '', createdAt: 0 };
        });
        const credits: CreditInput[] = Array.from({ length: Math.min(CREDITS_PER_PRODUCTION, records.length) }, (_, k) => ({
          personId: records[Math.floor(rand() * records.length)]!.id,
          department: k < 40 ? 'cast' : pick(['creative', 'production', 'crew', 'orchestra', 'front-of-house'] as const),
          role: k < 40 ? `Role ${k}` : pick(['Director', 'Props', 'Wardrobe', 'Violin', 'House manager', 'Stage manager']),
        }));
        addCredits(app.store, id, credits);
      }
    });
    app.store.evict();
    if ((first / PRODUCTIONS_PER_TRANSACTION) % 8 === 7) progress(`${first + PRODUCTIONS_PER_TRANSACTION} of ${productions} productions' credits written`);
  }
  app.store.evict();
  return { app, records };
}

function queries(records: Array<PersonInput>): { one: string[]; two: string[]; prefix: string[] } {
  const sample = () => records[Math.floor(rand() * records.length)]!;
  return {
    one: Array.from({ length: QUERIES }, () => sample().name.split(' ').at(-1)!),
    two: Array.from({ length: QUERIES }, () => sample().name),
    prefix: Array.from({ length: QUERIES }, () => sample().name.split(' ').at(-1)!.slice(0, 3)),
  };
}

function time(qs: string[], fn: (q: string) => unknown): ReturnType<typeof summarize> {
  for (const q of qs.slice(0, 30)) fn(q); // warm-up
  const samples = qs.map((q) => {
    const t0 = performance.now();
    fn(q);
    return performance.now() - t0;
  });
  return summarize(samples);
}

async function searchFigures(label: string, app: App, records: Array<{ id: string } & PersonInput>, targetMs: number): Promise<void> {
  const mini = new MiniSearch<{ id: string; name: string; alt: string; bio: string }>({
    fields: ['name', 'alt', 'bio'],
    searchOptions: { boost: { name: 10, alt: 6 }, combineWith: 'AND' },
  });
  const t0 = performance.now();
  mini.addAll(records.map((r) => ({ id: r.id, name: `${r.name} ${r.stageName ?? ''}`, alt: (r.altNames ?? []).join(' '), bio: r.bio ?? '' })));
  const miniIndex = performance.now() - t0;
  const q = queries(records);
  const page = { limit: 25 };
  for (const [kind, list, prefix] of [['one-word', q.one, false], ['two-word', q.two, false], ['prefix', q.prefix, true]] as const) {
    const ours = time(list, (s) => searchPeople(app.store.db, { query: s, ...page }));
    const theirs = time(list, (s) => mini.search(s, { prefix }).slice(0, 25));
    report({
      name: `directory.search.${kind}.${label}.p95`,
      value: ours.p95,
      unit: 'ms',
      detail: `p50 ${fmt(ours.p50)}; peer p50 ${fmt(theirs.p50)}`,
      workload: `${records.length.toLocaleString('en')} people, ${QUERIES} ${kind} queries, page of 25`,
      target: { lt: targetMs },
      requirement: 'directory-search',
      peer: { name: 'minisearch', value: theirs.p95 },
    });
  }
  note(`directory.index.${label}: minisearch in-memory index built in ${fmt(miniIndex)} (ours is maintained incrementally in SQLite)`);
}

const root = tempDir('cb-bench-directory-');
try {
  // Seed-size directory: 1,000 people.
  {
    const t0 = performance.now();
    const { app, records } = await build(path.join(root, 'small'), 1000, 20);
    report({ name: 'directory.build.1k', value: performance.now() - t0, unit: 'ms', workload: `1,000 people, ${20 * Math.min(250, 1000)} credits` });
    await searchFigures('1k', app, records, 100);
    app.close();
  }
  // Full size.
  const t0 = performance.now();
  const { app, records } = await build(path.join(root, 'large'), PEOPLE, PRODUCTIONS);
  const credits = (app.store.db.prepare('SELECT COUNT(*) AS n FROM directory_credits').get() as { n: number }).n;
  report({ name: 'directory.build', value: performance.now() - t0, unit: 'ms', workload: `${PEOPLE} people in ${app.store.list({ type: 'directory-people' }).length} documents, ${credits} credits in ${PRODUCTIONS} documents` });
  await searchFigures(`${Math.round(PEOPLE / 1000)}k`, app, records, 5);

  const d0 = performance.now();
  const dupes = findDuplicates(app.store.db, { limit: 100 });
  report({ name: 'directory.duplicates', value: performance.now() - d0, unit: 'ms', workload: `whole directory of ${PEOPLE}; ${dupes.suggestions.length} suggestions shown, ${dupes.skippedBlocks} oversize sound-alike blocks skipped` });

  // A 10,000-row cast-list import through the API (preview, then confirm).
  const rows = ['name,email,skills,production,role,department'];
  for (let i = 0; i < 10_000; i++) {
    const p = person();
    rows.push(`"${p.name}",import${i}@example.org,${p.skills![0]},show-${i % PRODUCTIONS},Role ${i % 40},cast`);
  }
  const csv = rows.join('\n');
  const admin = app.localPrincipal(adminId(app));
  const i0 = performance.now();
  const preview = (await app.dispatcher.call(admin, 'directory.import', { format: 'csv', data: csv })) as { summary: { newPeople: number; possibleDuplicates: number } };
  const i1 = performance.now();
  const done = (await app.dispatcher.call(admin, 'directory.import', { format: 'csv', data: csv, confirm: true })) as { created: string[]; creditsAdded: number };
  const i2 = performance.now();
  const importWorkload = `10,000 CSV rows into ${PEOPLE} people; ${done.created.length} created, ${done.creditsAdded} credits, ${preview.summary.possibleDuplicates} rows flagged as possible duplicates`;
  report({ name: 'directory.import.preview', value: i1 - i0, unit: 'ms', workload: importWorkload });
  report({ name: 'directory.import.confirm', value: i2 - i1, unit: 'ms', workload: importWorkload });
  app.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

function adminId(app: App): string {
  const policy = app.store.doc<{ users: Record<string, { id: string; roles: string[] }> }>('policy');
  return Object.values(policy.users).find((u) => u.roles.includes('admin'))!.id;
}
process.exit(0);
