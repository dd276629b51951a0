// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../renderer/api/api-error.ts';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput, ProcedureOutput } from '../../../renderer/api/types.ts';
import { auditEntry as baseEntry, morgan } from './fixtures.ts';
import { policyHandlers, policyState } from './policy-fixtures.ts';
import { renderApp } from './render-app.tsx';

// A ceiling for waits on a loaded machine (several suites and a browser at once), not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type Entry = ProcedureOutput<'audit.list'>[number];
const entry = (seq: number, over: Partial<Entry> = {}): Entry => ({ ...baseEntry(seq), userName: morgan.name, ...over });

const adminGrant = { id: 'g-admin', role: 'admin', action: 'policy.manage', scope: 'policy', effect: 'allow' as const, path: ['admin'] };

const ENTRIES: Entry[] = [
  entry(3, {
    summary: 'Gave Priya Natarajan the role Costume designer',
    procedure: 'users.assignRole',
    target: 'user:u-priya',
    grant: adminGrant,
    diff: { before: { roles: [] }, after: { roles: ['costume-designer'] } },
  }),
  entry(2, {
    summary: 'Created role Costume designer (inherits section-editor)',
    procedure: 'roles.create',
    grant: adminGrant,
    diff: { after: { id: 'costume-designer', name: 'Costume designer', parents: ['section-editor'], builtIn: false } },
  }),
  entry(1, { summary: 'Tried to change company details', outcome: 'denied', userId: 'u-priya', userName: 'Priya Natarajan', procedure: 'org.update', action: 'org.manage', scope: 'org' }),
];

let client: FakeClient;
let listed: ProcedureInput<'audit.list'>[];

beforeEach(() => {
  window.location.hash = '#/audit';
  listed = [];
  client = createFakeClient({
    ...policyHandlers(policyState()),
    'audit.list': (input) => {
      listed.push(input);
      return ENTRIES.filter((e) => input.before === undefined || e.seq < input.before);
    },
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.location.hash = '';
});

async function open() {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'Audit log' });
  return screen.findByRole('table', { name: 'Audit entries, newest first' });
}

const rowOf = (table: HTMLElement, summary: string) => within(table).getByText(summary).closest('tr') as HTMLElement;

describe('Audit — list and diff', () => {
  it('lists entries with who (from the entry), what and outcome; Details opens the before/after field by field', async () => {
    const table = await open();
    const assign = rowOf(table, 'Gave Priya Natarajan the role Costume designer');
    expect(assign.textContent).toContain('Morgan Reyes');
    expect(assign.textContent).toContain('Allowed');
    expect(rowOf(table, 'Tried to change company details').textContent).toContain('Priya Natarajan');

    const toggle = within(assign).getByRole('button', { name: 'Details of “Gave Priya Natarajan the role Costume designer”' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    const diff = within(detail).getByRole('table', { name: 'Changes' });
    expect(within(diff).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Field', 'Before', 'After']);
    const [roles] = within(diff).getAllByRole('row').slice(1);
    expect(within(roles!).getByRole('rowheader').textContent).toBe('Roles');
    expect(roles!.querySelector('del')?.textContent).toBe('none');
    await waitFor(() => expect(roles!.querySelector('ins')?.textContent).toBe('Costume designer')); // role ids shown by name
    expect(detail.textContent).toMatch(/Allowed by\s*allow policy\.manage on policy, through Admin/);
    expect(detail.textContent).toContain('user:u-priya');

    fireEvent.click(toggle);
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)).toBeNull();
  });

  it('a creation shows every field it was created with; a refusal says nothing changed', async () => {
    const table = await open();
    fireEvent.click(within(rowOf(table, 'Created role Costume designer (inherits section-editor)')).getByRole('button', { name: /^Details/ }));
    const created = within(table).getByRole('table', { name: 'Created with' });
    expect(within(created).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Field', 'After']);
    const text = within(created).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(text).toEqual(['Idcostume-designer', 'NameCostume designer', 'ParentsSection editor', 'Built inno']);

    fireEvent.click(within(rowOf(table, 'Tried to change company details')).getByRole('button', { name: /^Details/ }));
    expect(within(table).getByText('Refused: nothing was changed.')).toBeTruthy();
    expect(within(table).getByText('No grant allows it')).toBeTruthy();
  });

  it('"Show older entries" asks for the page before the last entry shown', async () => {
    const many = Array.from({ length: 60 }, (_, i) => entry(60 - i, { summary: `Change ${60 - i}` }));
    client.setHandlers({
      'audit.list': (input) => {
        listed.push(input);
        return many.filter((e) => input.before === undefined || e.seq < input.before).slice(0, input.limit ?? 100);
      },
    });
    const table = await open();
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    fireEvent.click(screen.getByRole('button', { name: 'Show older entries' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(61));
    expect(listed.at(-1)).toEqual({ limit: 50, before: 11 });
    expect(screen.queryByRole('button', { name: 'Show older entries' })).toBeNull();
  });
});

describe('Audit — filters', () => {
  it('filters by person, role, action, scope, outcome and dates in the company’s time zone, and clears them', async () => {
    await open();
    const filters = screen.getByRole('search', { name: 'Filter the audit log' });
    await waitFor(() => within(within(filters).getByLabelText('Role')).getByRole('option', { name: 'Costume designer' }));
    fireEvent.change(within(filters).getByLabelText('Person'), { target: { value: 'u-priya' } });
    fireEvent.change(within(filters).getByLabelText('Role'), { target: { value: 'costume-designer' } });
    fireEvent.change(within(filters).getByLabelText('Action'), { target: { value: 'policy.manage' } });
    const scope = within(filters).getByLabelText('Scope');
    fireEvent.change(scope, { target: { value: ' policy ' } });
    fireEvent.submit(scope.closest('form')!);
    fireEvent.change(within(filters).getByLabelText('Outcome'), { target: { value: 'denied' } });
    fireEvent.change(within(filters).getByLabelText('From'), { target: { value: '2026-01-12' } });
    fireEvent.change(within(filters).getByLabelText('To'), { target: { value: '2026-03-08' } });
    await waitFor(() =>
      expect(listed.at(-1)).toEqual({
        limit: 50,
        userId: 'u-priya',
        role: 'costume-designer',
        action: 'policy.manage',
        scope: 'policy',
        outcome: 'denied',
        from: Date.UTC(2026, 0, 12, 8), // midnight in Los Angeles (UTC−8)
        to: Date.UTC(2026, 2, 9, 7), // end of 8 March: midnight of the 9th, after the switch to UTC−7
      }),
    );
    fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(listed.at(-1)).toEqual({ limit: 50 }));
    expect((within(filters).getByLabelText('Scope') as HTMLInputElement).value).toBe('');
  });

  it('says when nothing matches', async () => {
    await open();
    client.setHandlers({ 'audit.list': () => [] });
    const filters = screen.getByRole('search', { name: 'Filter the audit log' });
    fireEvent.change(within(filters).getByLabelText('Scope'), { target: { value: 'section:costumes' } });
    fireEvent.blur(within(filters).getByLabelText('Scope'));
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
  });
});

describe('Audit — export', () => {
  it('exports the filtered entries as CSV through a Blob URL download, and says so', async () => {
    const exported: ProcedureInput<'audit.export'>[] = [];
    client.setHandlers({
      'audit.export': (input) => {
        exported.push(input);
        return { filename: 'audit-2026-01-12.csv', contentType: 'text/csv', count: 3, body: 'time,user\n' };
      },
    });
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:callboard/1';
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });

    await open();
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'ok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Saved 3 entries as audit-2026-01-12.csv.')).toBeTruthy();
    expect(exported).toEqual([{ outcome: 'ok', format: 'csv' }]);
    expect(clicked).toEqual([{ href: 'blob:callboard/1', download: 'audit-2026-01-12.csv' }]);
    expect(blobs[0]!.type).toBe('text/csv');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]!);
    });
    expect(text).toBe('time,user\n');
    expect(document.querySelector('a[download]')).toBeNull(); // the temporary link is gone

    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(exported.at(-1)).toEqual({ outcome: 'ok', format: 'json' }));
  });

  it('shows an export refusal in the error display', async () => {
    client.setHandlers({
      'audit.export': () => {
        throw new ApiError('too_large', 'More than 200000 entries match; narrow the time range');
      },
    });
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('narrow the time range');
    expect(errors.textContent).toContain('Error code: too_large');
  });
});
