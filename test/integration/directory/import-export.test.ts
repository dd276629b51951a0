import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addPerson, createProduction, failure } from './fixtures.ts';

let t: TestApp;
const others: TestApp[] = [];
const productions = (app: TestApp) => {
  createProduction(app, { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10' });
  createProduction(app, { id: 'woods-2026', title: 'Into the Woods', season: '2026-27', opening: '2026-10-09' });
};
beforeEach(async () => {
  t = await createTestApp();
  productions(t);
});
afterEach(() => {
  t.cleanup();
  while (others.length) others.pop()!.cleanup();
});

const callOn = (app: TestApp, name: string, input: unknown) => app.app.dispatcher.call(app.admin, name, input);
const call = (name: string, input: unknown) => callOn(t, name, input);
type Report = {
  imported: boolean;
  rows: Array<{ row: number; status: string; name: string; errors: Array<{ field: string; message: string }>; possibleDuplicates: Array<{ id: string; reason: string }>; sameAsRow: number | null; personId: string | null }>;
  summary: { rows: number; errors: number; newPeople: number; existingPeople: number; credits: number };
  created: string[];
  creditsAdded: number;
  ignoredColumns: string[];
};

const CAST_LIST = `Name,Stage name,Pronouns,Email,Production,Role,Department,Billing,Understudy,Skills
Zoë Fontaine,,she/her,zoe@example.org,Into the Woods,The Witch,cast,1,,Soprano; Tap
José Álvarez,,he/him,,woods-2026,The Baker,Cast,2,,Baritone
Jon Smyth,,,jsmith@example.org,woods-2026,Master carpenter,crew,,,Carpentry
Zoë Fontaine,,she/her,zoe@example.org,woods-2026,Witch (cover),cast,,yes,
Hannah Lee,,,hannah@example,woods-2026,,ushers,abc,maybe,
`;

describe('import', () => {
  it('previews without writing: row-numbered errors, grouping, and duplicates against the directory', async () => {
    const john = await addPerson(t, { name: 'John Smith', contact: { email: 'jsmith@example.org' } });
    const heads = () => t.app.store.list().map((d) => `${d.id}@${d.heads.join(',')}`);
    const before = heads();
    const preview = (await call('directory.import', { format: 'csv', data: CAST_LIST })) as Report;
    expect(preview.imported).toBe(false);
    expect(heads()).toEqual(before);
    expect(preview.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'new'],
      [3, 'new'],
      [4, 'existing'],
      [5, 'new'],
      [6, 'error'],
    ]);
    expect(preview.rows[2]!.personId).toBe(john.id);
    expect(preview.rows[3]!.sameAsRow).toBe(2);
    expect(preview.rows[4]!.errors.map((e) => e.field).sort()).toEqual(['billing', 'department', 'email', 'role', 'understudy']);
    expect(preview.summary).toMatchObject({ rows: 5, errors: 1, newPeople: 2, existingPeople: 1, credits: 4 });

    const refused = await failure(call('directory.import', { format: 'csv', data: CAST_LIST, confirm: true }));
    expect(refused.code).toBe('invalid');
    expect(refused.message).toContain('row 6');
    expect(heads()).toEqual(before);

    const done = (await call('directory.import', { format: 'csv', data: CAST_LIST, confirm: true, skipInvalid: true })) as Report;
    expect(done).toMatchObject({ imported: true, creditsAdded: 4 });
    expect(done.created).toHaveLength(2);
    const woods = (await call('directory.listCredits', { productionId: 'woods-2026' })) as { credits: Array<{ personName: string; role: string; understudy: boolean }> };
    expect(woods.credits.map((c) => `${c.role}:${c.personName}${c.understudy ? ' (u/s)' : ''}`)).toEqual([
      'The Witch:Zoë Fontaine',
      'The Baker:José Álvarez',
      'Witch (cover):Zoë Fontaine (u/s)',
      'Master carpenter:John Smith',
    ]);
    // Importing the same file again finds everyone already there by e-mail or as likely duplicates.
    const again = (await call('directory.import', { format: 'csv', data: CAST_LIST })) as Report;
    expect(again.rows[0]!.status).toBe('existing');
    expect(again.rows[1]!.possibleDuplicates).toEqual([expect.objectContaining({ reason: 'same name' })]);
  });

  it('refuses files without the required columns or with nothing in them, naming the problem', async () => {
    const noName = await failure(call('directory.import', { format: 'csv', data: 'Full title,Role\nHamlet,Hamlet\n' }));
    expect(noName).toMatchObject({ code: 'invalid', details: { missingColumns: ['name'] } });
    const broken = await failure(call('directory.import', { format: 'json', data: '{"people": [' }));
    expect(broken.code).toBe('invalid');
    const empty = await failure(call('directory.import', { format: 'csv', data: 'name\n' }));
    expect(empty.code).toBe('invalid');
    const notObjects = (await call('directory.import', { format: 'json', data: '[{"name": "Ada Lovelace"}, 42]' })) as Report;
    expect(notObjects.rows[1]).toMatchObject({ row: 2, status: 'error' });
    expect(t.app.store.list({ type: 'directory-people' })).toHaveLength(0);
  });

  it('lets the user link a likely duplicate to the existing person or skip a row', async () => {
    const existing = await addPerson(t, { name: 'Siobhán O’Neill' });
    const csv = "name,production,role\nSiobhan O'Neil,earnest-2026,Lady Bracknell\nGrace Whitfield,earnest-2026,Director\n";
    const preview = (await call('directory.import', { format: 'csv', data: csv })) as Report;
    expect(preview.rows[0]!.possibleDuplicates.map((d) => d.id)).toEqual([existing.id]);
    const done = (await call('directory.import', {
      format: 'csv',
      data: csv,
      confirm: true,
      decisions: [
        { row: 2, action: 'link', personId: existing.id },
        { row: 3, action: 'skip' },
      ],
    })) as Report;
    expect(done.created).toEqual([]);
    expect(done.creditsAdded).toBe(1);
    const profile = (await call('directory.getPerson', { id: existing.id })) as { history: Array<{ role: string }> };
    expect(profile.history.map((h) => h.role)).toEqual(['Lady Bracknell']);
  });
});

describe('export and round trip', () => {
  for (const format of ['csv', 'json'] as const) {
    it(`exports ${format.toUpperCase()} that imports into another company unchanged`, async () => {
      await call('directory.import', { format: 'csv', data: CAST_LIST, confirm: true, skipInvalid: true });
      const zoe = ((await call('directory.search', { query: 'zoe' })) as { hits: Array<{ id: string }> }).hits[0]!.id;
      await call('directory.updatePerson', { id: zoe, bio: 'Line one, with "quotes".\n\nLine two; semicolons, commas.', links: [{ label: 'Site', url: 'https://zoe.example.org' }], altNames: ['Zoe Fontaine-Marsh'] });
      const exported = (await call('directory.export', { format, includeContact: true })) as { data: string; people: number };
      expect(exported.people).toBe(3);

      const other = await createTestApp();
      others.push(other);
      productions(other);
      const result = (await callOn(other, 'directory.import', { format, data: exported.data, confirm: true })) as Report;
      expect(result.summary.errors).toBe(0);
      const again = (await callOn(other, 'directory.export', { format, includeContact: true })) as { data: string };
      const strip = (s: string) => (format === 'json' ? JSON.stringify(JSON.parse(s).people.map(({ id: _id, ...p }: { id: string }) => p)) : s.split('\n').map((l) => l.replace(/^p\d+-[a-z0-9]+,/, '')).join('\n'));
      expect(strip(again.data)).toEqual(strip(exported.data));
    });
  }
});
