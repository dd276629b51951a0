// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureOutput } from '../../../renderer/api/types.ts';
import { policyHandlers, policyState } from './policy-fixtures.ts';
import { renderApp } from './render-app.tsx';

// A ceiling for waits on a loaded machine (several suites and a browser at once), not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type Explanation = ProcedureOutput<'auth.explain'>;

let client: FakeClient;
const priya = { id: 'u-priya', name: 'Priya Natarajan' };
const viewGrant = { id: 'g-view', role: 'section-editor', action: 'view', scope: 'section:*', effect: 'allow' as const, path: ['costume-designer', 'section-editor'] };
const publishDeny = { id: 'g-deny', role: 'costume-designer', action: 'content.publish', scope: 'section:*', effect: 'deny' as const, path: ['costume-designer'] };
const publishAllow = { id: 'g-pub', role: 'editor', action: 'content.publish', scope: 'section:*', effect: 'allow' as const, path: ['lead-editor', 'editor'] };

function explain(input: { userId: string; action: string; scope: string }): Explanation {
  const base = { user: priya, action: input.action, scope: input.scope };
  if (input.action === 'content.publish')
    return {
      ...base,
      decision: { allowed: false, reason: 'Priya Natarajan may not content.publish on section:*: costume-designer denies content.publish on section:*', grant: publishDeny },
      matches: [
        { ...publishDeny, decisive: true, roleNames: ['Costume designer'] },
        { ...publishAllow, decisive: false, roleNames: ['Lead editor', 'Editor'] },
      ],
    };
  if (input.action === 'view')
    return {
      ...base,
      decision: { allowed: true, reason: 'Priya Natarajan may view on section:*: costume-designer → section-editor allows view on section:*', grant: viewGrant },
      matches: [{ ...viewGrant, decisive: true, roleNames: ['Costume designer', 'Section editor'] }],
    };
  return { ...base, decision: { allowed: false, reason: `No grant gives Priya Natarajan ${input.action} on ${input.scope}` }, matches: [] };
}

beforeEach(() => {
  window.location.hash = '#/people';
  client = createFakeClient({
    ...policyHandlers(policyState()),
    'auth.matrix': ({ userId }) => ({
      user: { id: userId, name: 'Priya Natarajan', roles: ['costume-designer'] },
      actions: ['view', 'content.edit', 'content.publish', 'policy.manage'],
      allActions: '*',
      label: 'Priya Natarajan',
      rows: [
        { scope: 'policy', cells: [{ action: 'view', allowed: false, effect: 'none' }, { action: 'policy.manage', allowed: false, effect: 'none' }] },
        {
          scope: 'section:*',
          cells: [
            { action: 'view', allowed: true, effect: 'allow' },
            { action: 'content.edit', allowed: true, effect: 'allow' },
            { action: 'content.publish', allowed: false, effect: 'deny' },
          ],
        },
      ],
    }),
    'auth.explain': explain,
  });
});

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

async function openMatrixFor(name: string, option = name) {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'People & Roles' });
  fireEvent.click(screen.getByRole('tab', { name: 'What can this person do?' }));
  const picker = await screen.findByLabelText('Person');
  await waitFor(() => within(picker).getByRole('option', { name: option }));
  fireEvent.change(picker, { target: { value: within(picker).getByRole('option', { name: option }).getAttribute('value') } });
  return screen.findByRole('table', { name: `What ${name} can do: scopes by row, actions by column` });
}

describe('People & Roles — what can this person do?', () => {
  it('explains the rule in words before anyone is chosen', async () => {
    renderApp({ kind: 'desktop', client });
    fireEvent.click(await screen.findByRole('tab', { name: 'What can this person do?' }));
    expect(screen.getByText(/A deny always wins over any allow, from any role, however specific the allow/)).toBeTruthy();
    expect(screen.getByText(/Choose a person to see every action/)).toBeTruthy();
    expect(within(screen.getByLabelText('Person')).getByRole('option', { name: 'Dev Okafor (suspended)' })).toBeTruthy();
  });

  it('shows scopes as rows and actions as columns, each cell in words with its own Why? button', async () => {
    const table = await openMatrixFor('Priya Natarajan');
    expect(client.calls.filter((c) => c.procedure === 'auth.matrix').map((c) => c.input)).toEqual([{ userId: 'u-priya' }]);
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent?.replace(/\u200b/g, ''));
    expect(headers).toEqual(['Scope', 'view', 'content.edit', 'content.publish', 'policy.manage']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByRole('rowheader').textContent).toContain('people, roles and grants');
    const section = rows[1]!;
    const cells = within(section).getAllByRole('cell');
    expect(cells.map((c) => c.querySelector('.cell-word')?.textContent ?? c.textContent)).toEqual(['✓ Yes', '✓ Yes', '✗ Denied', '·does not apply']);
    expect(within(section).getAllByRole('button', { name: /^Why/ })).toHaveLength(3);
    expect(within(section).getByRole('button', { name: 'Why may not Priya Natarajan content.publish on section:*?' })).toBeTruthy();
  });

  it('"Why?" on a denied cell names the deny that decided, every matching grant with its role path, and that a deny wins', async () => {
    const table = await openMatrixFor('Priya Natarajan');
    const why = within(table).getByRole('button', { name: 'Why may not Priya Natarajan content.publish on section:*?' });
    fireEvent.click(why);
    const panel = await screen.findByRole('region', { name: /^Why\? content\.publish on section:\*/ });
    await within(panel).findByText('Not allowed.');
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { level: 2 }));
    expect(client.calls.filter((c) => c.procedure === 'auth.explain').map((c) => c.input)).toEqual([
      { userId: 'u-priya', action: 'content.publish', scope: 'section:*' },
    ]);
    expect(panel.textContent).toContain('costume-designer denies content.publish on section:*');
    const decisive = panel.querySelector('.decisive') as HTMLElement;
    expect(decisive.textContent).toMatch(/Deny\s*content\.publish on section:\*, given by Costume designer/);
    expect(decisive.textContent).toContain('Priya Natarajan → Costume designer');
    expect(decisive.textContent).toContain('This deny wins over the allows below: a deny always wins.');
    const all = within(panel).getByRole('list', { name: 'Every grant that applies' });
    const items = within(all).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Decided');
    expect(items[0]!.className).toContain('grant-deny');
    expect(items[1]!.textContent).toContain('Priya Natarajan → Lead editor → Editor');
    expect(items[1]!.textContent).not.toContain('Decided');
    expect(why.closest('td')!.getAttribute('aria-current')).toBe('true');
  });

  it('"Why?" on an allowed cell shows the inherited allow with its path; on a cell with no grant says so; Close hides the panel', async () => {
    const table = await openMatrixFor('Priya Natarajan');
    fireEvent.click(within(table).getByRole('button', { name: 'Why may Priya Natarajan view on section:*?' }));
    let panel = await screen.findByRole('region', { name: /^Why\? view on section:\*/ });
    await within(panel).findByText('Allowed.');
    expect((panel.querySelector('.decisive') as HTMLElement).textContent).toContain('Priya Natarajan → Costume designer → Section editor');

    fireEvent.click(within(table).getByRole('button', { name: 'Why may not Priya Natarajan policy.manage on policy?' }));
    panel = await screen.findByRole('region', { name: /^Why\? policy\.manage on policy/ });
    expect(await within(panel).findByText(/No grant of any of Priya Natarajan’s roles covers this, so the answer is no/)).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: /^Why\?/ })).toBeNull();
  });

  it('for a suspended person, says so instead of blaming missing grants', async () => {
    client.setHandlers({
      'auth.explain': (input) => ({ user: { id: 'u-dev', name: 'Dev Okafor' }, action: input.action, scope: input.scope, decision: { allowed: false, reason: 'Dev Okafor is suspended' }, matches: [] }),
    });
    const table = await openMatrixFor('Dev Okafor', 'Dev Okafor (suspended)');
    expect(screen.getByText(/Dev Okafor is suspended: they can do nothing at all/)).toBeTruthy();
    fireEvent.click(within(table).getAllByRole('button', { name: /^Why/ })[0]!);
    const panel = await screen.findByRole('region', { name: /^Why\?/ });
    expect(await within(panel).findByText(/every answer is no until they are re-activated/)).toBeTruthy();
    expect(within(panel).queryByText(/No grant of any/)).toBeNull();
  });
});
