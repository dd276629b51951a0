// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput, ProcedureOutput } from '../../../renderer/api/types.ts';
import { demoHandlers } from './fixtures.ts';
import { renderApp } from './render-app.tsx';

// A ceiling for waits on a loaded machine, not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type Hit = ProcedureOutput<'directory.search'>['hits'][number];
const hit = (id: string, name: string, over: Partial<Hit> = {}): Hit => ({ id, name, stageName: '', altNames: [], pronouns: '', headshot: null, skills: [], unions: [], fuzzy: false, ...over });
const PEOPLE = [hit('p0-zoe0000', 'Zoë Fontaine', { pronouns: 'she/her', skills: ['Soprano'] }), hit('p0-jose000', 'José Álvarez')];
type Credit = ProcedureOutput<'directory.listCredits'>['credits'][number];
const credit = (id: string, role: string, personName: string, billing: number): Credit => ({
  id, productionId: 'earnest', personId: 'p0-x', personName, stageName: '', department: 'cast', role, billing, understudy: false, swing: false, standby: false, startDate: '', endDate: '',
});

let client: FakeClient;
let credits: Credit[];
let canSeeContact: boolean;
let canEditContact: boolean;
let mergedFrom: string[];
const ZOE = { id: 'p0-zoe0000', name: 'Zoë Fontaine', stageName: '', altNames: [], pronouns: 'she/her', headshot: null, bio: 'Soprano <b>not bold</b>.', links: [], skills: ['Soprano'], unions: [], createdAt: 0, updatedAt: 0, mergedInto: null };

beforeEach(() => {
  window.location.hash = '#/directory';
  canSeeContact = false;
  canEditContact = true;
  mergedFrom = [];
  credits = [credit('cr-a000001', 'Lady Bracknell', "Siobhán O'Neill", 1), credit('cr-b000001', 'John Worthing', 'José Álvarez', 2)];
  client = createFakeClient({
    ...demoHandlers(),
    'directory.facets': () => ({
      skills: [{ value: 'Soprano', count: 1 }],
      unions: [{ value: 'AEA', count: 1 }],
      seasons: ['2025-26'],
      departments: [{ value: 'cast', label: 'Cast' }],
      productions: [{ id: 'earnest', title: 'The Importance of Being Earnest', season: '2025-26' }],
      permissions: { edit: true, contactView: canSeeContact, contactEdit: canSeeContact && canEditContact },
    }),
    'directory.search': (input: ProcedureInput<'directory.search'>) => {
      const q = (input.query ?? '').toLowerCase();
      const hits = PEOPLE.filter((p) => !q || p.name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').includes(q));
      return { total: hits.length, hits, fuzzy: false };
    },
    'directory.getPerson': ({ id }) => ({
      person: { ...ZOE, id },
      redirectedFrom: null,
      mergedFrom,
      contact: canSeeContact ? { email: 'zoe@example.org', phone: '555-0101', address: '', emergencyContact: '' } : null,
      history: [{ creditId: 'cr-w', productionId: 'woods', title: 'Into the Woods', season: '2026-27', opening: null, department: 'cast', role: 'The Witch', billing: 1, understudy: false, swing: false, standby: false, via: null }],
    }),
    'directory.listCredits': () => ({ production: { id: 'earnest', title: 'The Importance of Being Earnest', season: '2025-26', status: 'rehearsals', opening: null, closing: null }, credits }),
    'directory.reorderCredits': (input) => {
      credits = input.order.map((id, i) => ({ ...credits.find((c) => c.id === id)!, billing: i + 1 }));
      return { productionId: input.productionId, department: input.department, order: input.order };
    },
    'directory.suggestDuplicates': () => ({ suggestions: [{ a: { id: 'p0-john0000', name: 'John Smith' }, b: { id: 'p0-jon00000', name: 'Jon Smyth' }, score: 1, reasons: ['same email', 'sounds alike'] }], skippedBlocks: 0 }),
    'directory.merge': (input) => ({ sourceId: input.sourceId, targetId: input.targetId, filled: ['bio'], addedAltNames: ['Jon Smyth'], addedSkills: [], addedUnions: [], contactFilled: [], movedCredits: 2, movedMedia: 0, mediaRedirected: true as const }),
    'directory.markNotDuplicates': (input) => ({ a: input.a, b: input.b }),
    'directory.setContact': (input) => ({ id: input.id, changed: ['phone'] }),
    'directory.import': (input) => ({
      imported: !!input.confirm,
      rows: [
        { row: 2, name: 'Ada Park', status: 'new' as const, personId: null, sameAsRow: null, possibleDuplicates: [], credit: null, errors: [] },
        { row: 3, name: '', status: 'error' as const, personId: null, sameAsRow: null, possibleDuplicates: [], credit: null, errors: [{ field: 'name', message: 'is empty' }] },
      ],
      ignoredColumns: [],
      summary: { rows: 2, errors: 1, newPeople: 1, existingPeople: 0, credits: 0, skipped: 0, possibleDuplicates: 0 },
      created: input.confirm ? ['p0-ada00000'] : [],
      creditsAdded: 0,
    }),
    'directory.createPerson': (input) => ({ ...ZOE, ...input, id: 'p0-new00000', stageName: input.stageName ?? '', altNames: input.altNames ?? [], pronouns: input.pronouns ?? '', bio: input.bio ?? '', links: input.links ?? [], skills: input.skills ?? [], unions: input.unions ?? [], headshot: null }),
    'directory.updatePerson': (input) => ({ ...ZOE, ...input, headshot: null }),
    'directory.unmerge': (input) => ({ sourceId: input.id, targetId: 'p0-zoe0000', restoredCredits: 3 }),
    'directory.addCredit': (input) => ({ id: 'cr-new000001', productionId: input.productionId, personId: input.personId, department: input.department, role: input.role, billing: 3, understudy: !!input.understudy, swing: false, standby: false, startDate: '', endDate: '' }),
    'directory.updateCredit': (input) => ({ ...credits.find((c) => c.id === input.creditId)!, role: input.role ?? '' }),
    'directory.removeCredit': (input) => ({ removed: input.creditId }),
    'directory.program': () => ({ format: 'html' as const, html: '<!doctype html><h1>The Importance of Being Earnest</h1>' }),
  });
});

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const callsOf = <N extends string>(procedure: N) => client.calls.filter((c) => c.procedure === procedure).map((c) => c.input as Record<string, unknown>);

async function open() {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'Directory' });
}

describe('directory screen', () => {
  it('searches as you type, filters, and opens a profile with its production history', async () => {
    await open();
    const list = await screen.findByRole('list', { name: 'People' });
    expect(within(list).getAllByRole('button')).toHaveLength(2);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'zoe' } });
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'People' })).getAllByRole('button')).toHaveLength(1));
    expect(callsOf('directory.search').at(-1)).toMatchObject({ query: 'zoe', offset: 0 });
    fireEvent.change(screen.getByRole('combobox', { name: 'Union' }), { target: { value: 'AEA' } });
    await waitFor(() => expect(callsOf('directory.search').at(-1)).toMatchObject({ union: 'AEA' }));
    fireEvent.click(within(screen.getByRole('list', { name: 'People' })).getByRole('button', { name: /Zoë Fontaine/ }));
    const profile = await screen.findByRole('region', { name: 'Profile' });
    expect(await within(profile).findByText('The Witch')).toBeTruthy();
    // Biographies are text, never markup.
    expect(within(profile).getByText('Soprano <b>not bold</b>.')).toBeTruthy();
    expect(within(profile).queryByText('Contact')).toBeNull();
  });

  it('reorders billing with the move buttons (the keyboard path of drag and drop)', async () => {
    await open();
    fireEvent.click(screen.getByRole('tab', { name: 'Cast & crew' }));
    const cast = await screen.findByRole('region', { name: 'Cast' });
    await within(cast).findByText('Lady Bracknell');
    fireEvent.click(within(cast).getByRole('button', { name: 'Move John Worthing up' }));
    await waitFor(() => expect(callsOf('directory.reorderCredits')).toEqual([{ productionId: 'earnest', department: 'cast', order: ['cr-b000001', 'cr-a000001'] }]));
    await waitFor(() => {
      const roles = within(screen.getByRole('region', { name: 'Cast' })).getAllByText(/Lady Bracknell|John Worthing/).map((e) => e.textContent);
      expect(roles).toEqual(['John Worthing', 'Lady Bracknell']);
    });
  });

  it('merges a duplicate through the wizard, or marks a pair as different people', async () => {
    await open();
    fireEvent.click(screen.getByRole('tab', { name: 'Duplicates' }));
    const list = await screen.findByRole('list', { name: 'Likely duplicates' });
    expect(within(list).getByText('(same email, sounds alike)')).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: 'Merge…' }));
    const wizard = screen.getByRole('group', { name: 'Merge John Smith and Jon Smyth' });
    fireEvent.click(within(wizard).getByRole('button', { name: 'Next' }));
    fireEvent.click(within(wizard).getByRole('button', { name: 'Merge into John Smith' }));
    await waitFor(() => expect(callsOf('directory.merge')).toEqual([{ sourceId: 'p0-jon00000', targetId: 'p0-john0000' }]));
    expect(await screen.findByText(/Merged: 2 credit\(s\) moved, filled bio/)).toBeTruthy();
    fireEvent.click(within(screen.getByRole('list', { name: 'Likely duplicates' })).getByRole('button', { name: 'Not duplicates' }));
    await waitFor(() => expect(callsOf('directory.markNotDuplicates')).toEqual([{ a: 'p0-john0000', b: 'p0-jon00000' }]));
  });

  it('previews an import, and imports only after confirming (skipping bad rows when asked)', async () => {
    await open();
    fireEvent.click(screen.getByRole('tab', { name: 'Import' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Contents' }), { target: { value: 'name\nAda Park\n,\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('table', { name: 'Import preview' });
    expect(within(table).getByText('name: is empty')).toBeTruthy();
    const importButton = screen.getByRole('button', { name: 'Import' });
    expect((importButton as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Skip the rows with errors' }));
    fireEvent.click(importButton);
    expect(await screen.findByText('Imported: 1 new people and 0 credits.')).toBeTruthy();
    expect(callsOf('directory.import').map((c) => [c.confirm ?? false, c.skipInvalid ?? false])).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('previews the program of a production in a sandboxed frame', async () => {
    await open();
    fireEvent.click(screen.getByRole('tab', { name: 'Program' }));
    const frame = (await screen.findByTitle('Program preview')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('The Importance of Being Earnest');
  });

  it('adds a person with the form, private contact fields only for those who may see them', async () => {
    canSeeContact = true;
    await open();
    fireEvent.click(await screen.findByRole('button', { name: 'Add person' }));
    const form = await screen.findByRole('form', { name: 'Add a person' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Ada Park' } });
    fireEvent.change(within(form).getByLabelText('Stage name'), { target: { value: 'Ada P.' } });
    fireEvent.change(within(form).getByLabelText(/Other names/), { target: { value: 'Ada Park-Lee\n' } });
    fireEvent.change(within(form).getByLabelText('Pronouns'), { target: { value: 'she/her' } });
    fireEvent.change(within(form).getByLabelText('Biography'), { target: { value: 'Ada sings.' } });
    fireEvent.change(within(form).getByLabelText(/Public links/), { target: { value: 'Website | https://ada.example.org' } });
    fireEvent.change(within(form).getByLabelText(/Skills/), { target: { value: 'Alto, Tap ,' } });
    fireEvent.change(within(form).getByLabelText(/Unions/), { target: { value: 'AEA' } });
    fireEvent.change(within(form).getByLabelText('E-mail'), { target: { value: 'ada@example.org' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add person' }));
    await waitFor(() => expect(callsOf('directory.createPerson')).toHaveLength(1));
    expect(callsOf('directory.createPerson')[0]).toEqual({
      name: 'Ada Park',
      stageName: 'Ada P.',
      altNames: ['Ada Park-Lee'],
      pronouns: 'she/her',
      bio: 'Ada sings.',
      links: [{ label: 'Website', url: 'https://ada.example.org' }],
      skills: ['Alto', 'Tap'],
      unions: ['AEA'],
      contact: { email: 'ada@example.org', phone: '', address: '', emergencyContact: '' },
    });
    // The new person's profile opens.
    expect(await screen.findByRole('region', { name: 'Profile' })).toBeTruthy();
  });

  it('edits a profile; without directory.contact.view there are no contact fields and none are sent', async () => {
    await open();
    fireEvent.click(within(await screen.findByRole('list', { name: 'People' })).getByRole('button', { name: /Zoë Fontaine/ }));
    const profile = await screen.findByRole('region', { name: 'Profile' });
    fireEvent.click(await within(profile).findByRole('button', { name: 'Edit profile' }));
    const form = await within(profile).findByRole('form', { name: 'Edit Zoë Fontaine' });
    expect(within(form).queryByLabelText('E-mail')).toBeNull();
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe('Zoë Fontaine');
    fireEvent.change(within(form).getByLabelText('Pronouns'), { target: { value: 'they/them' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf('directory.updatePerson')).toHaveLength(1));
    const sent = callsOf('directory.updatePerson')[0]!;
    expect(sent).toMatchObject({ id: 'p0-zoe0000', name: 'Zoë Fontaine', pronouns: 'they/them', skills: ['Soprano'] });
    expect(sent).not.toHaveProperty('contact');
    await waitFor(() => expect(within(profile).queryByRole('form')).toBeNull());
  });

  it('shows and edits contact details to those who may see them', async () => {
    canSeeContact = true;
    await open();
    fireEvent.click(within(await screen.findByRole('list', { name: 'People' })).getByRole('button', { name: /Zoë Fontaine/ }));
    const profile = await screen.findByRole('region', { name: 'Profile' });
    expect(await within(profile).findByText('zoe@example.org · 555-0101')).toBeTruthy();
    fireEvent.click(within(profile).getByRole('button', { name: 'Edit profile' }));
    const form = await within(profile).findByRole('form', { name: 'Edit Zoë Fontaine' });
    expect((within(form).getByLabelText('E-mail') as HTMLInputElement).value).toBe('zoe@example.org');
    fireEvent.change(within(form).getByLabelText('Phone'), { target: { value: '555-0199' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf('directory.setContact')[0]).toEqual({ id: 'p0-zoe0000', contact: { email: 'zoe@example.org', phone: '555-0199', address: '', emergencyContact: '' } }));
    expect(callsOf('directory.updatePerson')[0]).not.toHaveProperty('contact');
  });

  it('shows contact details read-only to those who may see but not change them', async () => {
    canSeeContact = true;
    canEditContact = false;
    await open();
    fireEvent.click(within(await screen.findByRole('list', { name: 'People' })).getByRole('button', { name: /Zoë Fontaine/ }));
    const profile = await screen.findByRole('region', { name: 'Profile' });
    fireEvent.click(await within(profile).findByRole('button', { name: 'Edit profile' }));
    const form = await within(profile).findByRole('form', { name: 'Edit Zoë Fontaine' });
    await waitFor(() => expect((within(form).getByLabelText('Phone') as HTMLInputElement).readOnly).toBe(true));
    expect(within(form).getByText('You may see these details but not change them.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Pronouns'), { target: { value: 'they/them' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf('directory.updatePerson')).toHaveLength(1));
    expect(callsOf('directory.setContact')).toHaveLength(0);
  });

  it('undoes a merge from the survivor\'s profile', async () => {
    mergedFrom = ['p0-jon00000'];
    await open();
    fireEvent.click(within(await screen.findByRole('list', { name: 'People' })).getByRole('button', { name: /Zoë Fontaine/ }));
    const profile = await screen.findByRole('region', { name: 'Profile' });
    fireEvent.click(await within(profile).findByRole('button', { name: 'Undo the merge of p0-jon00000' }));
    await waitFor(() => expect(callsOf('directory.unmerge')).toEqual([{ id: 'p0-jon00000' }]));
    expect(await within(profile).findByText(/Merge undone: 3 credit\(s\) went back to p0-jon00000/)).toBeTruthy();
  });

  it('adds, edits and removes credits of a production', async () => {
    await open();
    fireEvent.click(screen.getByRole('tab', { name: 'Cast & crew' }));
    const add = await screen.findByRole('form', { name: 'Add a credit' });
    // A credit needs a person: choosing none is refused before any call.
    fireEvent.change(within(add).getByLabelText('Character'), { target: { value: 'Cecily' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add credit' }));
    expect(await within(add).findByRole('alert')).toBeTruthy();
    expect(callsOf('directory.addCredit')).toHaveLength(0);
    fireEvent.change(within(add).getByLabelText('Person'), { target: { value: 'zoe' } });
    fireEvent.click(await within(add).findByRole('button', { name: /Zoë Fontaine/ }));
    fireEvent.click(within(add).getByRole('checkbox', { name: 'understudy' }));
    fireEvent.click(within(add).getByRole('button', { name: 'Add credit' }));
    await waitFor(() =>
      expect(callsOf('directory.addCredit')).toEqual([
        { productionId: 'earnest', personId: 'p0-zoe0000', department: 'cast', role: 'Cecily', understudy: true, swing: false, standby: false },
      ]),
    );
    const cast = screen.getByRole('region', { name: 'Cast' });
    fireEvent.click(within(cast).getByRole('button', { name: "Edit Lady Bracknell (Siobhán O'Neill)" }));
    const edit = await within(cast).findByRole('form', { name: 'Edit Lady Bracknell' });
    fireEvent.change(within(edit).getByLabelText('Character'), { target: { value: 'Lady Augusta Bracknell' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Save credit' }));
    await waitFor(() => expect(callsOf('directory.updateCredit')[0]).toMatchObject({ productionId: 'earnest', creditId: 'cr-a000001', role: 'Lady Augusta Bracknell' }));
    const confirm = window.confirm;
    window.confirm = () => true;
    try {
      fireEvent.click(within(screen.getByRole('region', { name: 'Cast' })).getByRole('button', { name: 'Remove John Worthing (José Álvarez)' }));
      await waitFor(() => expect(callsOf('directory.removeCredit')).toEqual([{ productionId: 'earnest', creditId: 'cr-b000001' }]));
    } finally {
      window.confirm = confirm;
    }
  });
});
