import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addPerson, createProduction, dispatcherWith, failure, principal } from './fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  createProduction(t, { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10', closing: '2026-04-26' });
});
afterEach(() => t.cleanup());

const call = (name: string, input: unknown) => t.app.dispatcher.call(t.admin, name, input);

describe('people', () => {
  it('creates, reads and edits a profile, recording each change in the audit trail', async () => {
    const zoe = await addPerson(t, {
      name: 'Zoë Fontaine',
      stageName: 'Zoë Fontaine-Marsh',
      pronouns: 'she/her',
      bio: 'Zoë has sung with the company since 2019.',
      skills: ['Soprano', 'Tap', 'soprano'],
      unions: ['AEA'],
      links: [{ label: 'Website', url: 'https://zoe.example.org' }],
      contact: { email: 'zoe@example.org', phone: '555-0101' },
    });
    expect(zoe.id).toMatch(/^p0-/);
    expect(zoe.skills).toEqual(['Soprano', 'Tap']);
    expect(zoe).not.toHaveProperty('contact');

    const edited = (await call('directory.updatePerson', { id: zoe.id, pronouns: 'she/they', bio: 'Zoë has sung with the company since 2018.' })) as { pronouns: string; bio: string };
    expect(edited.pronouns).toBe('she/they');
    expect(edited.bio).toContain('2018');

    const profile = (await call('directory.getPerson', { id: zoe.id })) as { person: { name: string }; contact: { email: string; phone: string } | null };
    expect(profile.person.name).toBe('Zoë Fontaine');
    expect(profile.contact).toMatchObject({ email: 'zoe@example.org', phone: '555-0101' });

    const audit = (await call('audit.list', {})) as { entries?: Array<{ summary: string }> } | Array<{ summary: string }>;
    const entries = Array.isArray(audit) ? audit : (audit.entries ?? []);
    const summaries = entries.map((e) => e.summary);
    expect(summaries).toContain('Added Zoë Fontaine to the directory');
    expect(summaries.some((s) => s.startsWith('Edited Zoë Fontaine: pronouns, bio'))).toBe(true);
    // The audit never records contact values.
    expect(JSON.stringify(entries)).not.toContain('555-0101');
  });

  it('rejects bad input with an error naming the field, and changes nothing', async () => {
    const before = t.app.store.list().map((d) => `${d.id}@${d.heads.join(',')}`);
    for (const [input, field] of [
      [{ name: '   ' }, 'name'],
      [{ name: 'A', links: [{ label: 'x', url: 'javascript:alert(1)' }] }, 'links'],
      [{ name: 'A', contact: { email: 'not-an-email' } }, 'contact'],
      [{ name: 'A', surprise: 1 }, '(input)'],
    ] as const) {
      const err = await failure(call('directory.createPerson', input));
      expect(err.code).toBe('invalid');
      expect(JSON.stringify(err.details)).toContain(field);
    }
    const missing = await failure(call('directory.updatePerson', { id: 'p0-zzzzzzzz', name: 'X' }));
    expect(missing.code).toBe('not_found');
    const malformed = await failure(call('directory.getPerson', { id: '../../etc' }));
    expect(malformed.code).toBe('invalid');
    expect(t.app.store.list().map((d) => `${d.id}@${d.heads.join(',')}`)).toEqual(before);
  });

  it('fills a shard with at most 500 people before opening the next', async () => {
    const d = t.app.store;
    const { createPeople } = await import('../../../core/directory/people.ts');
    const ids = createPeople(d, Array.from({ length: 620 }, (_, i) => ({ name: `Person ${i}` })), t.clock.now());
    expect(ids.filter((id) => id.startsWith('p0-'))).toHaveLength(500);
    expect(ids.filter((id) => id.startsWith('p1-'))).toHaveLength(120);
    expect(d.list({ type: 'directory-people' }).map((i) => i.id)).toEqual(['directory:people:0', 'directory:people:1']);
  });
});

describe('permissions and private contact details', () => {
  it('refuses people edits to a user without directory.edit', async () => {
    const user = (await call('users.create', { name: 'Casey Volunteer', email: 'casey@example.org' })) as { id: string };
    const err = await failure(t.app.dispatcher.call(t.app.localPrincipal(user.id), 'directory.createPerson', { name: 'Someone' }));
    expect(err.code).toBe('forbidden');
    expect(t.app.store.list({ type: 'directory-people' })).toHaveLength(0);
  });

  it('shows contact details only to callers holding directory.contact.view', async () => {
    const zoe = await addPerson(t, { name: 'Zoë Fontaine', bio: 'Soprano.', contact: { email: 'zoe.private@example.org', phone: '555-0199' } });
    await call('directory.addCredit', { productionId: 'earnest-2026', personId: zoe.id, department: 'cast', role: 'Gwendolen' });
    const d = dispatcherWith(t, {
      viewer: [['view', 'directory'], ['view', 'production:earnest-2026']],
      manager: [['view', 'directory'], ['view', 'production:earnest-2026'], ['directory.contact.view', 'directory']],
    });
    const as = (u: string, name: string, input: unknown) => d.call(principal(t, u), name, input);

    const viewerProfile = (await as('viewer', 'directory.getPerson', { id: zoe.id })) as { contact: unknown };
    expect(viewerProfile.contact).toBeNull();
    const managerProfile = (await as('manager', 'directory.getPerson', { id: zoe.id })) as { contact: { email: string } };
    expect(managerProfile.contact.email).toBe('zoe.private@example.org');

    for (const u of ['viewer', 'manager']) {
      const search = JSON.stringify(await as(u, 'directory.search', { query: 'zoe' }));
      expect(search).toContain('Zoë Fontaine');
      expect(search).not.toContain('zoe.private');
      expect(search).not.toContain('555-0199');
      for (const format of ['html', 'json', 'pdf']) {
        const program = JSON.stringify(await as(u, 'directory.program', { productionId: 'earnest-2026', format }));
        expect(program).not.toContain('zoe.private');
        expect(program).not.toContain('555-0199');
      }
    }
    for (const format of ['csv', 'json']) {
      const viewerExport = (await as('viewer', 'directory.export', { format, includeContact: true })) as { data: string };
      expect(viewerExport.data).toContain('Zoë Fontaine');
      expect(viewerExport.data).not.toContain('zoe.private');
      const managerExport = (await as('manager', 'directory.export', { format, includeContact: true })) as { data: string };
      expect(managerExport.data).toContain('zoe.private@example.org');
      const managerDefault = (await as('manager', 'directory.export', { format })) as { data: string };
      expect(managerDefault.data).not.toContain('zoe.private');
    }
    const err = await failure(as('viewer', 'directory.updatePerson', { id: zoe.id, name: 'Z' }));
    expect(err.code).toBe('forbidden');
  });

  it("changes someone's contact details only with directory.contact.edit, never through updatePerson", async () => {
    const zoe = await addPerson(t, { name: 'Zoë Fontaine', contact: { email: 'zoe.private@example.org', phone: '555-0199' } });
    const d = dispatcherWith(t, {
      editor: [['directory.edit', 'directory'], ['view', 'directory']],
      seer: [['directory.edit', 'directory'], ['view', 'directory'], ['directory.contact.view', 'directory']],
      keeper: [['view', 'directory'], ['directory.contact.view', 'directory'], ['directory.contact.edit', 'directory']],
    });
    const as = (u: string, name: string, input: unknown) => d.call(principal(t, u), name, input);
    const heads = () => t.app.store.list().map((i) => `${i.id}@${i.heads.join(',')}`);

    const before = heads();
    // An editor who cannot see the details cannot overwrite them either: updatePerson has no contact field.
    const viaUpdate = await failure(as('editor', 'directory.updatePerson', { id: zoe.id, contact: { phone: '000' } }));
    expect(viaUpdate.code).toBe('invalid');
    for (const u of ['editor', 'seer']) expect((await failure(as(u, 'directory.setContact', { id: zoe.id, contact: { phone: '000' } }))).code).toBe('forbidden');
    expect(heads()).toEqual(before);

    const facets = (await as('seer', 'directory.facets', {})) as { permissions: { contactView: boolean; contactEdit: boolean } };
    expect(facets.permissions).toMatchObject({ contactView: true, contactEdit: false });

    expect(await as('keeper', 'directory.setContact', { id: zoe.id, contact: { phone: '555-0100' } })).toEqual({ id: zoe.id, changed: ['phone'] });
    const profile = (await as('keeper', 'directory.getPerson', { id: zoe.id })) as { contact: { email: string; phone: string } };
    expect(profile.contact).toMatchObject({ email: 'zoe.private@example.org', phone: '555-0100' });
    const audit = JSON.stringify(await call('audit.list', {}));
    expect(audit).toContain('Changed contact details of Zoë Fontaine: phone');
    expect(audit).not.toContain('555-0100');
    expect((await failure(call('directory.setContact', { id: 'p0-zzzzzzzz', contact: { phone: '1' } }))).code).toBe('not_found');
  });

  it('needs directory.edit on the production to edit its credits', async () => {
    const zoe = await addPerson(t, { name: 'Zoë Fontaine' });
    createProduction(t, { id: 'woods-2026', title: 'Into the Woods', season: '2026-27' });
    const d = dispatcherWith(t, { sm: [['directory.edit', 'production:woods-2026'], ['view', 'directory']] });
    const ok = await d.call(principal(t, 'sm'), 'directory.addCredit', { productionId: 'woods-2026', personId: zoe.id, department: 'cast', role: 'Baker' });
    expect(ok).toMatchObject({ role: 'Baker' });
    const err = await failure(d.call(principal(t, 'sm'), 'directory.addCredit', { productionId: 'earnest-2026', personId: zoe.id, department: 'cast', role: 'Cecily' }));
    expect(err.code).toBe('forbidden');
  });
});
