import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createPeople } from '../../../core/directory/people.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { createProduction } from './fixtures.ts';

/** Real-looking names, with accents, apostrophes, stage names and biographies. */
const PEOPLE = [
  { name: 'Zoë Fontaine', skills: ['Soprano', 'Tap'], unions: ['AEA'], bio: 'Trained at the Conservatoire de Lyon; loves Sondheim.' },
  { name: 'José Álvarez', skills: ['Baritone', 'Guitar'], bio: 'José teaches Spanish at Millbrook High.' },
  { name: "Siobhán O'Neill", skills: ['Dialects'], unions: ['AEA'], bio: 'Dialect coach and Lady Bracknell of 2026.' },
  { name: 'John Smith', skills: ['Carpentry'], bio: 'Master carpenter who built the revolving stage.' },
  { name: 'Johanna Schmidt', skills: ['Lighting'], bio: 'Lighting designer.' },
  { name: 'Jonathan Smythe-Davies', stageName: 'Jon Davies', skills: ['Tenor'], bio: 'A tenor with a weakness for Gilbert and Sullivan.' },
  { name: 'Priya Natarajan', skills: ['Costumes', 'Sewing'], bio: 'Costume designer since 2015.' },
  { name: 'Björn Lindqvist', skills: ['Sound'], bio: 'Runs sound for every musical.' },
  { name: 'Mary-Kate Oduya', altNames: ['Mary Kate Oduya-Brown'], skills: ['Alto'], bio: 'Sings alto; previously Mary Kate Oduya-Brown.' },
  { name: 'Grace Whitfield', skills: ['Directing'], bio: 'Directed Our Town and Into the Woods.' },
  { name: 'Françoise Dubois', skills: ['Choreography', 'Tap'], bio: 'Choreographer; tap and jazz.' },
  { name: 'Chris Christensen', skills: ['Stage management'], bio: 'Stage manager who never forgets a cue.' },
  { name: 'Kristina Kowalczyk', skills: ['Props'], bio: 'Props mistress.' },
  { name: 'Christina Kovalchik', skills: ['Violin'], bio: 'Violin in the pit orchestra.' },
];

let t: TestApp;
let ids: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  createProduction(t, { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10' });
  createProduction(t, { id: 'woods-2026', title: 'Into the Woods', season: '2026-27', opening: '2026-10-09' });
  const created = createPeople(t.app.store, PEOPLE, t.clock.now());
  ids = Object.fromEntries(PEOPLE.map((p, i) => [p.name, created[i]!]));
  const credit = (productionId: string, name: string, department: string, role: string) =>
    t.app.dispatcher.call(t.admin, 'directory.addCredit', { productionId, personId: ids[name], department, role });
  await credit('earnest-2026', "Siobhán O'Neill", 'cast', 'Lady Bracknell');
  await credit('earnest-2026', 'José Álvarez', 'cast', 'John Worthing');
  await credit('earnest-2026', 'John Smith', 'crew', 'Master carpenter');
  await credit('woods-2026', 'Zoë Fontaine', 'cast', 'The Witch');
  await credit('woods-2026', 'Christina Kovalchik', 'orchestra', 'Violin');
});
afterAll(() => t.cleanup());
afterEach(() => undefined);

type Result = { total: number; hits: Array<{ name: string; fuzzy: boolean }>; fuzzy: boolean };
const search = async (input: Record<string, unknown>) => (await t.app.dispatcher.call(t.admin, 'directory.search', input)) as Result;
const names = async (input: Record<string, unknown>) => (await search(input)).hits.map((h) => h.name);

describe('directory search', () => {
  it('ignores accents both ways', async () => {
    expect((await names({ query: 'zoe' }))[0]).toBe('Zoë Fontaine');
    expect((await names({ query: 'jose alvarez' }))[0]).toBe('José Álvarez');
    expect((await names({ query: 'Sióbhan' }))[0]).toBe("Siobhán O'Neill");
    expect((await names({ query: 'francoise' }))[0]).toBe('Françoise Dubois');
    expect((await names({ query: 'bjorn' }))[0]).toBe('Björn Lindqvist');
  });

  it('matches prefixes as you type, across names with apostrophes and hyphens', async () => {
    expect(await names({ query: 'fon' })).toEqual(['Zoë Fontaine']);
    expect((await names({ query: 'oneil' }))[0]).toBe("Siobhán O'Neill");
    expect((await names({ query: "o'ne" }))[0]).toBe("Siobhán O'Neill");
    expect((await names({ query: 'jon dav' }))[0]).toBe('Jonathan Smythe-Davies');
  });

  it('finds alternative names and stage names', async () => {
    expect((await names({ query: 'oduya-brown' }))[0]).toBe('Mary-Kate Oduya');
    expect((await names({ query: 'jon davies' }))[0]).toBe('Jonathan Smythe-Davies');
  });

  it('ranks a name match above a biography mention', async () => {
    const hits = await names({ query: 'lighting' });
    expect(hits).toEqual(['Johanna Schmidt']);
    const bracknell = await names({ query: 'bracknell' });
    expect(bracknell).toEqual(["Siobhán O'Neill"]);
    const john = await names({ query: 'john' });
    expect(john[0]).toBe('John Smith');
  });

  it('tolerates small misspellings and sound-alike spellings, marking those hits', async () => {
    const r = await search({ query: 'fontane' });
    expect(r.hits[0]).toMatchObject({ name: 'Zoë Fontaine', fuzzy: true });
    expect((await names({ query: 'natarjan' }))[0]).toBe('Priya Natarajan');
    expect((await names({ query: 'alvares' }))[0]).toBe('José Álvarez');
    expect(await names({ query: 'whitfeild' })).toContain('Grace Whitfield');
    expect(await names({ query: 'lindkvist' })).toContain('Björn Lindqvist');
    expect(await names({ query: 'xylophonist' })).toEqual([]);
  });

  it('filters by department, production, season, skill and union', async () => {
    expect(await names({ department: 'cast', sort: 'name' })).toEqual(['José Álvarez', 'Zoë Fontaine', "Siobhán O'Neill"]);
    expect(await names({ productionId: 'earnest-2026', sort: 'name' })).toEqual(['José Álvarez', "Siobhán O'Neill", 'John Smith']);
    expect(await names({ season: '2026-27', sort: 'name' })).toEqual(['Zoë Fontaine', 'Christina Kovalchik']);
    expect(await names({ skill: 'tap', sort: 'name' })).toEqual(['Françoise Dubois', 'Zoë Fontaine']);
    expect(await names({ union: 'aea', sort: 'name' })).toEqual(['Zoë Fontaine', "Siobhán O'Neill"]);
    expect(await names({ query: 'sondheim', union: 'AEA' })).toEqual(['Zoë Fontaine']);
    expect(await names({ query: 'sondheim', department: 'crew' })).toEqual([]);
  });

  it('sorts by family name and pages through results', async () => {
    const all = await search({ sort: 'name', limit: 5 });
    expect(all.total).toBe(PEOPLE.length);
    expect(all.hits.map((h) => h.name)).toEqual(['José Álvarez', 'Chris Christensen', 'Jonathan Smythe-Davies', 'Françoise Dubois', 'Zoë Fontaine']);
    const page2 = await search({ sort: 'name', limit: 5, offset: 5 });
    expect(page2.hits).toHaveLength(5);
    expect(page2.hits.map((h) => h.name)).not.toContain('José Álvarez');
    const last = await search({ sort: 'name', limit: 5, offset: 10 });
    expect(last.hits).toHaveLength(PEOPLE.length - 10);
  });

  it('pages through relevance tiers (exact name, name prefix, biography) without gaps or repeats', async () => {
    for (const query of ['j', 'jo', 'so', 'tap', 'c']) {
      const whole = await search({ query, limit: 200 });
      const paged: string[] = [];
      for (let offset = 0; offset < whole.total; offset += 2) paged.push(...(await names({ query, limit: 2, offset })));
      expect(paged).toEqual(whole.hits.map((h) => h.name));
      expect(new Set(paged).size).toBe(paged.length);
      expect(whole.hits.length).toBe(whole.total);
    }
    // Every name match comes before every biography-only match.
    const jo = await names({ query: 'jo', limit: 200 });
    const nameHits = jo.filter((n) => /\bjo/i.test(n.normalize('NFD').replace(/\p{M}/gu, '')));
    expect(jo.slice(0, nameHits.length)).toEqual(nameHits);
    expect((await names({ query: 'john' }))[0]).toBe('John Smith');
  });

  it('rebuilding the projections gives the same rows as incremental updates', async () => {
    await t.app.dispatcher.call(t.admin, 'directory.updatePerson', { id: ids['Zoë Fontaine'], name: 'Zoë Fontaine-Marsh', skills: ['Soprano'] });
    const db = t.app.store.db;
    const snapshot = () => ({
      people: db.prepare('SELECT id, doc_id, shard, name, stage_name, alt_names, pronouns, skills, unions, has_bio, sort_key, merged_into, not_duplicates FROM directory_people ORDER BY id').all(),
      fts: db.prepare("SELECT p.id FROM directory_fts JOIN directory_people p ON p.rid = directory_fts.rowid WHERE directory_fts MATCH 'fontaine OR sondheim OR tenor' ORDER BY p.id").all(),
      near: db.prepare('SELECT * FROM directory_near ORDER BY key, person_id').all(),
      tags: db.prepare('SELECT * FROM directory_tags ORDER BY kind, value, person_id').all(),
      phonetic: db.prepare('SELECT * FROM directory_phonetic ORDER BY key, person_id').all(),
      credits: db.prepare('SELECT * FROM directory_credits ORDER BY id').all(),
      emails: db.prepare('SELECT * FROM directory_emails ORDER BY person_id').all(),
      redirects: db.prepare('SELECT * FROM directory_redirects ORDER BY from_id').all(),
    });
    const incremental = snapshot();
    t.app.store.reindex({ names: ['directory_people', 'directory_contacts', 'directory_credits'] });
    expect(snapshot()).toEqual(incremental);
    expect(await names({ query: 'marsh' })).toEqual(['Zoë Fontaine-Marsh']);
  });

  it('rejects bad search input', async () => {
    await expect(search({ limit: 0 })).rejects.toMatchObject({ code: 'invalid' });
    await expect(search({ department: 'janitors' })).rejects.toMatchObject({ code: 'invalid' });
    // FTS syntax in the query is treated as words, never as an expression.
    expect((await names({ query: '"zoe" *' })).map((n) => n.slice(0, 12))).toEqual(['Zoë Fontaine']);
    expect(await names({ query: 'NEAR( "zoe" * OR' })).toEqual([]);
    expect(await names({ query: '-- ; DROP TABLE' })).toEqual([]);
  });
});
