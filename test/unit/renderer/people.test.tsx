// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import { policyHandlers, policyState, refuse, type PolicyState } from './policy-fixtures.ts';
import { renderApp } from './render-app.tsx';

// A ceiling for waits on a loaded machine (several suites and a browser at once), not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

let state: PolicyState;
let client: FakeClient;

beforeEach(() => {
  window.location.hash = '#/people';
  state = policyState();
  client = createFakeClient(policyHandlers(state));
});

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

async function open() {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'People & Roles' });
  return screen.findByRole('table');
}

const row = (table: HTMLElement, name: string) => within(table).getByText(name, { selector: '.person-name' }).closest('tr') as HTMLElement;
const errors = () => screen.findByRole('region', { name: 'Errors' });
const callsOf = (procedure: string) => client.calls.filter((c) => c.procedure === procedure).map((c) => c.input);

async function manage(name: string) {
  const table = await open();
  fireEvent.click(within(row(table, name)).getByRole('button', { name: `Manage ${name}` }));
  return screen.getByRole('region', { name });
}

describe('People & Roles — people', () => {
  it('lists people with role names from the policy and their status', async () => {
    const table = await open();
    await waitFor(() => expect(within(row(table, 'Priya Natarajan')).getByRole('list', { name: 'Roles of Priya Natarajan' }).textContent).toBe('Costume designer'));
    expect(within(row(table, 'Dev Okafor')).getByText('Suspended')).toBeTruthy();
    expect(within(row(table, 'Morgan Reyes')).getByText('Active')).toBeTruthy();
  });

  it('tabs are a tablist with the People tab selected; arrow keys move between tabs', async () => {
    await open();
    const tabs = screen.getByRole('tablist', { name: 'People and roles' });
    const [people, roles] = within(tabs).getAllByRole('tab');
    expect(people!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(people!.id);
    fireEvent.keyDown(people!, { key: 'ArrowRight' });
    expect(roles!.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(roles);
    expect(await screen.findByRole('heading', { name: 'Roles and what they inherit' })).toBeTruthy();
  });

  it('adds a person with roles', async () => {
    await open();
    const form = screen.getByRole('region', { name: 'Add a person' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Ada Quill' } });
    fireEvent.change(within(form).getByLabelText('Email'), { target: { value: 'ada@example.org' } });
    await waitFor(() => within(form).getByLabelText('Section editor'));
    fireEvent.click(within(form).getByLabelText('Section editor'));
    fireEvent.click(within(form).getByRole('button', { name: 'Add person' }));
    expect(await within(form).findByText('Added Ada Quill.')).toBeTruthy();
    expect(callsOf('users.create')).toEqual([{ name: 'Ada Quill', email: 'ada@example.org', roles: ['section-editor'] }]);
    const table = screen.getByRole('table');
    await waitFor(() => expect(within(row(table, 'Ada Quill')).getByRole('list', { name: 'Roles of Ada Quill' }).textContent).toBe('Section editor'));
  });

  it('opens a person, focuses their name, and saves changed details only', async () => {
    const editor = await manage('Priya Natarajan');
    expect(document.activeElement).toBe(within(editor).getByRole('heading', { name: 'Priya Natarajan' }));
    const save = within(editor).getByRole('button', { name: 'Save details' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(within(editor).getByLabelText('Email'), { target: { value: 'priya.n@example.org' } });
    fireEvent.click(save);
    await waitFor(() => expect(callsOf('users.update')).toEqual([{ userId: 'u-priya', email: 'priya.n@example.org' }]));
    expect(await within(screen.getByRole('table')).findByText('priya.n@example.org')).toBeTruthy();
  });

  it('suspends and re-activates a person', async () => {
    const editor = await manage('Priya Natarajan');
    fireEvent.click(within(editor).getByRole('button', { name: 'Suspend Priya Natarajan' }));
    const reactivate = await within(editor).findByRole('button', { name: 'Re-activate Priya Natarajan' });
    expect(within(editor).getByText(/is suspended: they cannot sign in/)).toBeTruthy();
    expect(within(row(screen.getByRole('table'), 'Priya Natarajan')).getByText('Suspended')).toBeTruthy();
    fireEvent.click(reactivate);
    await within(editor).findByRole('button', { name: 'Suspend Priya Natarajan' });
    expect(callsOf('users.setStatus')).toEqual([
      { userId: 'u-priya', status: 'suspended' },
      { userId: 'u-priya', status: 'active' },
    ]);
  });

  it('shows the API refusal when suspending the last admin, and changes nothing', async () => {
    client.setHandlers({
      'users.setStatus': refuse('conflict', 'You cannot set user u-morgan suspended: it would leave no active user who can manage users and roles (Morgan Reyes is the last active admin)'),
    });
    const editor = await manage('Morgan Reyes');
    fireEvent.click(within(editor).getByRole('button', { name: 'Suspend Morgan Reyes' }));
    const region = await errors();
    expect(region.textContent).toContain('Morgan Reyes is the last active admin');
    expect(region.textContent).toContain('Error code: conflict');
    expect(within(row(screen.getByRole('table'), 'Morgan Reyes')).getByText('Active')).toBeTruthy();
  });

  it('gives and takes away roles; a role the manager does not hold is refused with the API message', async () => {
    const editor = await manage('Priya Natarajan');
    const picker = within(editor).getByLabelText('Give a role');
    fireEvent.change(picker, { target: { value: 'viewer' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Give role' }));
    await within(editor).findByRole('button', { name: 'Take the role Viewer from Priya Natarajan' });
    expect(callsOf('users.assignRole')).toEqual([{ userId: 'u-priya', roleId: 'viewer' }]);

    fireEvent.click(within(editor).getByRole('button', { name: 'Take the role Costume designer from Priya Natarajan' }));
    await waitFor(() => expect(within(editor).queryByRole('button', { name: 'Take the role Costume designer from Priya Natarajan' })).toBeNull());
    expect(callsOf('users.unassignRole')).toEqual([{ userId: 'u-priya', roleId: 'costume-designer' }]);

    client.setHandlers({
      'users.assignRole': refuse('forbidden', 'You cannot give Priya Natarajan the role admin: it would give * on *, which you do not hold yourself'),
    });
    fireEvent.change(within(editor).getByLabelText('Give a role'), { target: { value: 'admin' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Give role' }));
    const region = await errors();
    expect(region.textContent).toContain('which you do not hold yourself');
    expect(region.textContent).toContain('Error code: forbidden');
  });

  it('removes a person only after confirming', async () => {
    const editor = await manage('Dev Okafor');
    fireEvent.click(within(editor).getByRole('button', { name: 'Remove Dev Okafor…' }));
    const confirm = within(editor).getByRole('group', { name: 'Confirm removing Dev Okafor' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(callsOf('users.delete')).toEqual([]);
    fireEvent.click(within(editor).getByRole('button', { name: 'Remove Dev Okafor…' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Yes, remove' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Dev Okafor' })).toBeNull());
    expect(callsOf('users.delete')).toEqual([{ userId: 'u-dev' }]);
    await waitFor(() => expect(within(screen.getByRole('table')).queryByText('Dev Okafor')).toBeNull());
  });
});
