import * as A from '@automerge/automerge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addPerson, createProduction, failure } from './fixtures.ts';

let t: TestApp;
const others: TestApp[] = [];
beforeEach(async () => {
  t = await createTestApp();
  createProduction(t, { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10' });
  createProduction(t, { id: 'carol-2025', title: 'A Christmas Carol', season: '2025-26', opening: '2025-12-05' });
});
afterEach(() => {
  t.cleanup();
  while (others.length) others.pop()!.cleanup();
});

const callOn = (app: TestApp, name: string, input: unknown) => app.app.dispatcher.call(app.admin, name, input);
const call = (name: string, input: unknown) => callOn(t, name, input);
type Suggestion = { a: { name: string; id: string }; b: { name: string; id: string }; reasons: string[]; score: number };
type Profile = { person: { id: string; name: string; altNames: string[]; pronouns: string; bio: string; skills: string[] }; redirectedFrom: string | null; contact: { email: string; phone: string } | null; history: Array<{ role: string; title: string }> };

async function smiths(app: TestApp = t) {
  const jon = (await callOn(app, 'directory.createPerson', { name: 'Jon Smyth', pronouns: 'he/him', bio: 'Carpenter and occasional Lane.', skills: ['Carpentry', 'Welding'], contact: { email: 'jsmith@example.org', phone: '555-0140' } })) as { id: string };
  const john = (await callOn(app, 'directory.createPerson', { name: 'John Smith', skills: ['carpentry'], unions: ['IATSE'], contact: { email: 'JSmith@example.org' } })) as { id: string };
  await callOn(app, 'directory.addCredit', { productionId: 'earnest-2026', personId: jon.id, department: 'crew', role: 'Master carpenter' });
  await callOn(app, 'directory.addCredit', { productionId: 'carol-2025', personId: jon.id, department: 'cast', role: 'Fezziwig' });
  await callOn(app, 'directory.addCredit', { productionId: 'carol-2025', personId: john.id, department: 'crew', role: 'Flyman' });
  return { jon: jon.id, john: john.id };
}

describe('duplicate suggestions', () => {
  it('suggests sound-alike names with a shared e-mail, and same-name people until marked as different', async () => {
    const { jon, john } = await smiths();
    const a1 = await addPerson(t, { name: 'Anna Berg', bio: 'Alto.' });
    const a2 = await addPerson(t, { name: 'Anna Berg', bio: 'Box office volunteer.' });
    await addPerson(t, { name: 'Priya Natarajan' });
    const { suggestions } = (await call('directory.suggestDuplicates', {})) as { suggestions: Suggestion[] };
    const pairs = suggestions.map((s) => [s.a.id, s.b.id].sort().join(' '));
    expect(pairs).toContain([jon, john].sort().join(' '));
    expect(pairs).toContain([a1.id, a2.id].sort().join(' '));
    expect(suggestions).toHaveLength(2);
    const smith = suggestions.find((s) => s.a.id === jon || s.b.id === jon)!;
    expect(smith.reasons).toEqual(expect.arrayContaining(['same email', 'sounds alike']));
    expect(smith.score).toBe(1);

    await call('directory.markNotDuplicates', { a: a1.id, b: a2.id });
    const after = (await call('directory.suggestDuplicates', {})) as { suggestions: Suggestion[] };
    expect(after.suggestions.map((s) => s.a.name)).toEqual([expect.stringMatching(/Smith|Smyth/)]);
    const forOne = (await call('directory.suggestDuplicates', { personId: john })) as { suggestions: Suggestion[] };
    expect(forOne.suggestions).toHaveLength(1);
  });
});

describe('merge', () => {
  it('moves every credit, fills empty fields, keeps the other name, redirects the old id, and unmerges', async () => {
    const { jon, john } = await smiths();
    // A photo credited to the duplicate (media's asset documents), moved by the merge and back by the unmerge.
    const video = (await call('media.addVideo', {
      production: 'carol-2025',
      url: 'https://youtu.be/dQw4w9WgXcQ',
      category: 'production-photos',
      credit: { personId: jon, name: 'Jon Smyth' },
    })) as { id: string };
    const creditOfVideo = () => (t.app.store.db.prepare('SELECT credit_person FROM media_assets WHERE id = ?').get(video.id) as { credit_person: string }).credit_person;
    const summary = (await call('directory.merge', { sourceId: jon, targetId: john })) as { movedCredits: number; movedMedia: number; filled: string[]; addedAltNames: string[] };
    expect(summary.movedCredits).toBe(2);
    expect(summary.movedMedia).toBe(1);
    expect(creditOfVideo()).toBe(john);
    expect(summary.filled.sort()).toEqual(['bio', 'pronouns']);
    expect(summary.addedAltNames).toEqual(['Jon Smyth']);

    const viaOld = (await call('directory.getPerson', { id: jon })) as Profile;
    expect(viaOld.redirectedFrom).toBe(jon);
    expect(viaOld.person.id).toBe(john);
    expect(viaOld.person).toMatchObject({ name: 'John Smith', pronouns: 'he/him', bio: 'Carpenter and occasional Lane.', altNames: ['Jon Smyth'] });
    expect(viaOld.person.skills).toEqual(['carpentry', 'Welding']);
    expect(viaOld.contact).toMatchObject({ email: 'JSmith@example.org', phone: '555-0140' });
    expect(viaOld.history.map((h) => h.role).sort()).toEqual(['Fezziwig', 'Flyman', 'Master carpenter']);
    expect(await call('directory.resolve', { id: jon })).toEqual({ id: john });

    const search = (await call('directory.search', { query: 'jon smyth' })) as { hits: Array<{ id: string }> };
    expect(search.hits.map((h) => h.id)).toEqual([john]);
    const carol = (await call('directory.listCredits', { productionId: 'carol-2025' })) as { credits: Array<{ personId: string }> };
    expect(carol.credits.every((c) => c.personId === john)).toBe(true);
    const dupes = (await call('directory.suggestDuplicates', {})) as { suggestions: Suggestion[] };
    expect(dupes.suggestions).toEqual([]);

    const audit = JSON.stringify(await call('audit.list', {}));
    expect(audit).toContain('Merged Jon Smyth');

    const undo = (await call('directory.unmerge', { id: jon })) as { restoredCredits: number };
    expect(undo.restoredCredits).toBe(2);
    expect(creditOfVideo()).toBe(jon);
    const jonAgain = (await call('directory.getPerson', { id: jon })) as Profile;
    expect(jonAgain.redirectedFrom).toBeNull();
    expect(jonAgain.history.map((h) => h.role).sort()).toEqual(['Fezziwig', 'Master carpenter']);
    const johnAgain = (await call('directory.getPerson', { id: john })) as Profile;
    expect(johnAgain.person).toMatchObject({ pronouns: '', bio: '', altNames: [], skills: ['carpentry'] });
    expect(johnAgain.contact).toMatchObject({ phone: '' });
    expect(johnAgain.history.map((h) => h.role)).toEqual(['Flyman']);
  });

  it('refuses merging a person into themselves or involving a merged-away id, changing nothing', async () => {
    const { jon, john } = await smiths();
    const third = await addPerson(t, { name: 'Johnny Smithers' });
    await call('directory.merge', { sourceId: jon, targetId: john });
    const heads = () => t.app.store.list().map((d) => `${d.id}@${d.heads.join(',')}`);
    const before = heads();
    const self = await failure(call('directory.merge', { sourceId: john, targetId: john }));
    expect(self).toMatchObject({ code: 'invalid', details: { field: 'targetId' } });
    const into = await failure(call('directory.merge', { sourceId: third.id, targetId: jon }));
    expect(into).toMatchObject({ code: 'invalid', details: { field: 'targetId', mergedInto: john } });
    const again = await failure(call('directory.merge', { sourceId: jon, targetId: third.id }));
    expect(again).toMatchObject({ code: 'invalid', details: { field: 'sourceId' } });
    const missing = await failure(call('directory.merge', { sourceId: 'p0-nobodyhere', targetId: john }));
    expect(missing.code).toBe('not_found');
    const notMerged = await failure(call('directory.unmerge', { id: third.id }));
    expect(notMerged.code).toBe('invalid');
    const credit = await failure(call('directory.addCredit', { productionId: 'carol-2025', personId: jon, department: 'cast', role: 'Ghost' }));
    expect(credit).toMatchObject({ code: 'invalid', details: { field: 'personId' } });
    expect(heads()).toEqual(before);
  });

  it('keeps every credit and both sides’ edits when the merge meets concurrent edits on another replica', async () => {
    const { jon, john } = await smiths();
    const b = await createTestApp();
    others.push(b);
    // Replica B starts from A's documents (as sync would deliver them).
    const shared = t.app.store.list().filter((d) => ['production', 'directory-people', 'directory-contacts', 'credits'].includes(d.type));
    for (const d of shared) b.app.store.importDocument(d.id, d.type, d.scope, A.save(t.app.store.doc(d.id)));

    // Concurrently: A merges; B edits both profiles and credits the old id.
    await call('directory.merge', { sourceId: jon, targetId: john });
    await callOn(b, 'directory.updatePerson', { id: jon, bio: 'Carpenter, welder and occasional Lane.' });
    await callOn(b, 'directory.updatePerson', { id: john, pronouns: 'he/they', skills: ['carpentry', 'Rigging'] });
    await callOn(b, 'directory.addCredit', { productionId: 'earnest-2026', personId: jon, department: 'crew', role: 'Deck chief' });

    // Exchange changes both ways.
    const ids = new Set([...t.app.store.list(), ...b.app.store.list()].filter((d) => shared.some((s) => s.id === d.id) || d.type.startsWith('directory') || d.type === 'credits').map((d) => d.id));
    for (const id of ids) {
      const [from, to] = [t.app.store, b.app.store];
      if (from.has(id) && to.has(id)) {
        to.applyChanges(id, A.getAllChanges(from.doc(id)));
        from.applyChanges(id, A.getAllChanges(to.doc(id)));
      } else if (from.has(id)) {
        const info = from.info(id)!;
        to.importDocument(id, info.type, info.scope, A.save(from.doc(id)));
      } else {
        const info = to.info(id)!;
        from.importDocument(id, info.type, info.scope, A.save(to.doc(id)));
      }
    }

    for (const replica of [t, b]) {
      for (const id of ids) expect(replica.app.store.info(id)!.heads.sort()).toEqual((replica === t ? b : t).app.store.info(id)!.heads.sort());
      const p = (await callOn(replica, 'directory.getPerson', { id: jon })) as Profile;
      expect(p.person.id).toBe(john);
      expect(p.person.pronouns).toBe('he/they');
      expect(p.person.skills).toEqual(expect.arrayContaining(['carpentry', 'Rigging']));
      expect(p.person.altNames).toContain('Jon Smyth');
      expect(p.history.map((h) => h.role).sort()).toEqual(['Deck chief', 'Fezziwig', 'Flyman', 'Master carpenter']);
      const earnest = (await callOn(replica, 'directory.listCredits', { productionId: 'earnest-2026' })) as { credits: Array<{ personId: string; personName: string }> };
      expect(earnest.credits.map((c) => c.personName)).toEqual(['John Smith', 'John Smith']);
      const program = (await callOn(replica, 'directory.program', { productionId: 'earnest-2026', format: 'json' })) as { program: { departments: Array<{ credits: Array<{ name: string }> }> } };
      expect(program.program.departments.flatMap((d) => d.credits.map((c) => c.name))).toEqual(['John Smith', 'John Smith']);
    }
    // B's edit of the merged-away profile is kept on its record (and would return with an unmerge).
    const jonRecord = (await import('../../../core/directory/people.ts')).getPerson(t.app.store, jon)!;
    expect(jonRecord.bio).toBe('Carpenter, welder and occasional Lane.');
    expect(jonRecord.mergedInto).toBe(john);
  });
});
