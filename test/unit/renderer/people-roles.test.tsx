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

const callsOf = (procedure: string) => client.calls.filter((c) => c.procedure === procedure).map((c) => c.input);
const errors = () => screen.findByRole('region', { name: 'Errors' });

async function openRoles() {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'People & Roles' });
  fireEvent.click(screen.getByRole('tab', { name: 'Roles and grants' }));
  return screen.findByRole('list', { name: 'Roles and what they inherit' });
}

async function selectRole(name: string) {
  const tree = await openRoles();
  fireEvent.click(within(tree).getAllByRole('button', { name: new RegExp(`^${name}`) })[0]!);
  return screen.getByRole('region', { name: new RegExp(`^${name}`) });
}

/** The text of a tree item's own button (not its children's). */
const itemName = (li: Element) => li.querySelector(':scope > button .role-node-name')?.textContent;

describe('People & Roles — roles and their inheritance', () => {
  it('draws inheritance as nested lists: each role under every role it inherits from', async () => {
    const tree = await openRoles();
    const top = [...tree.querySelectorAll(':scope > li')].map(itemName);
    expect(top).toEqual(['Admin', 'Section editor', 'Stage manager', 'Viewer']);
    const underSection = within(tree).getByRole('list', { name: 'Roles inheriting from Section editor' });
    expect([...underSection.querySelectorAll(':scope > li')].map(itemName)).toEqual(['Costume designer', 'Lead editor']);
    // Lead editor inherits from Editor and Section editor: it is drawn under both.
    const underEditor = within(tree).getByRole('list', { name: 'Roles inheriting from Editor' });
    expect([...underEditor.querySelectorAll(':scope > li')].map(itemName)).toEqual(['Lead editor']);
    expect(within(tree).getByRole('list', { name: 'Roles inheriting from Viewer' }).contains(underEditor)).toBe(true);
    expect(within(underSection).getAllByText('inherits from Section editor')).toHaveLength(2);
    expect(within(tree).getAllByRole('button', { name: /^Costume designer/ })[0]!.textContent).toContain('has denies');
  });

  it('creates a role inheriting from another, with an id made from its name, and selects it', async () => {
    await openRoles();
    const form = screen.getByRole('region', { name: 'Create a role' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Lighting désigner' } });
    expect(within(form).getByText('Its id will be lighting-designer.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Description'), { target: { value: 'Plots the lights' } });
    fireEvent.click(within(form).getByLabelText('Section editor'));
    fireEvent.click(within(form).getByRole('button', { name: 'Create role' }));
    const detail = await screen.findByRole('region', { name: /^Lighting désigner/ });
    expect(callsOf('roles.create')).toEqual([{ id: 'lighting-designer', name: 'Lighting désigner', description: 'Plots the lights', parents: ['section-editor'] }]);
    expect(within(detail).getByText(/Plots the lights/)).toBeTruthy();
    const tree = screen.getByRole('list', { name: 'Roles and what they inherit' });
    const under = within(tree).getByRole('list', { name: 'Roles inheriting from Section editor' });
    expect(within(under).getByRole('button', { name: /^Lighting désigner/ }).getAttribute('aria-current')).toBe('true');
  });

  it('shows a duplicate role refused by the API', async () => {
    client.setHandlers({ 'roles.create': refuse('conflict', 'Role viewer already exists', { field: 'id' }) });
    await openRoles();
    const form = screen.getByRole('region', { name: 'Create a role' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Viewer' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create role' }));
    expect((await errors()).textContent).toContain('Role viewer already exists');
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('sets parents; a cycle is refused with the path the API names', async () => {
    const detail = await selectRole('Section editor');
    const parents = within(detail).getByRole('group', { name: 'Section editor inherits from' });
    expect(within(parents).getAllByText('(inherits from Section editor)', { exact: false })).toHaveLength(2); // Costume designer, Lead editor
    client.setHandlers({
      'roles.setParents': refuse('conflict', 'Role section-editor cannot inherit from costume-designer: section-editor → costume-designer → section-editor would be a cycle', { field: 'parents' }),
    });
    fireEvent.click(within(parents).getByLabelText(/^Costume designer/));
    fireEvent.click(within(detail).getByRole('button', { name: 'Save inheritance' }));
    const region = await errors();
    expect(region.textContent).toContain('section-editor → costume-designer → section-editor would be a cycle');
    expect(callsOf('roles.setParents')).toEqual([{ roleId: 'section-editor', parents: ['costume-designer'] }]);

    client.setHandlers(policyHandlers(state));
    fireEvent.click(within(parents).getByLabelText(/^Costume designer/)); // untick
    fireEvent.click(within(parents).getByLabelText('Viewer'));
    fireEvent.click(within(detail).getByRole('button', { name: 'Save inheritance' }));
    const tree = screen.getByRole('list', { name: 'Roles and what they inherit' });
    await waitFor(() => expect(within(tree).getByRole('list', { name: 'Roles inheriting from Viewer' }).textContent).toContain('Section editor'));
  });

  it('edits a role name and description', async () => {
    const detail = await selectRole('Stage manager');
    fireEvent.change(within(detail).getByLabelText('Role name'), { target: { value: 'Stage management' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Save role' }));
    await screen.findByRole('region', { name: /^Stage management/ });
    expect(callsOf('roles.update')).toEqual([{ roleId: 'stage-manager', name: 'Stage management' }]);
  });

  it('deletes a role after confirming; a role still held is refused with the API message', async () => {
    client.setHandlers({ 'roles.delete': refuse('conflict', 'Role costume-designer is held by Priya Natarajan; take it from them first', { field: 'roleId' }) });
    const detail = await selectRole('Costume designer');
    fireEvent.click(within(detail).getByRole('button', { name: 'Delete Costume designer…' }));
    fireEvent.click(within(detail).getByRole('button', { name: 'Yes, delete' }));
    expect((await errors()).textContent).toContain('is held by Priya Natarajan; take it from them first');

    client.setHandlers(policyHandlers(state));
    fireEvent.click(within(detail).getByRole('button', { name: 'Delete Costume designer…' }));
    fireEvent.click(within(detail).getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: /^Costume designer/ })).toBeNull());
    expect(screen.getByText(/Choose a role to see its grants/)).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Roles and what they inherit' })).queryByRole('button', { name: /^Costume designer/ })).toBeNull());
  });
});

describe('People & Roles — grants per role', () => {
  it('lists a role’s grants with denies first and marked as such, and its inherited grants with their path', async () => {
    const detail = await selectRole('Costume designer');
    const own = within(detail).getByRole('list', { name: 'Grants of Costume designer' });
    const items = within(own).getAllByRole('listitem');
    expect(items[0]!.textContent).toMatch(/Deny\s*content\.publish on section:\*/);
    expect(items[0]!.textContent).toContain('May never publish a section');
    expect(items[0]!.className).toContain('grant-deny');
    expect(items[1]!.textContent).toMatch(/Allow\s*content\.edit on section:\*/);
    const inherited = within(detail).getByRole('list', { name: 'Grants Costume designer inherits' });
    expect(inherited.textContent).toContain('from Costume designer → Section editor');
  });

  it('adds an allow chosen from the action catalogue, on a scope', async () => {
    const detail = await selectRole('Costume designer');
    const form = within(detail).getByRole('form', { name: 'Add a grant to Costume designer' });
    const action = within(form).getByLabelText('Action');
    expect([...action.querySelectorAll('option')].map((o) => o.value)).toEqual(['', 'view', 'content.edit', 'content.publish', 'policy.manage', '*']);
    fireEvent.change(action, { target: { value: 'view' } });
    fireEvent.change(within(form).getByLabelText('Scope'), { target: { value: 'directory' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add allow' }));
    await waitFor(() => expect(within(detail).getByRole('list', { name: 'Grants of Costume designer' }).textContent).toContain('view on directory'));
    expect(callsOf('grants.add')).toEqual([{ roleId: 'costume-designer', action: 'view', scope: 'directory', effect: 'allow' }]);
  });

  it('a deny says that it always wins, and is added as a deny', async () => {
    const detail = await selectRole('Section editor');
    const form = within(detail).getByRole('form', { name: 'Add a grant to Section editor' });
    fireEvent.click(within(form).getByLabelText('Deny'));
    expect(within(form).getByText(/A deny always wins: whoever holds Section editor, or a role inheriting from it, may never do this/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Action'), { target: { value: 'content.publish' } });
    fireEvent.change(within(form).getByLabelText('Scope'), { target: { value: 'section:*' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add deny' }));
    await waitFor(() => expect(callsOf('grants.add')).toEqual([{ roleId: 'section-editor', action: 'content.publish', scope: 'section:*', effect: 'deny' }]));
  });

  it('checks the scope’s spelling before asking the API, and shows the API’s refusals (forbidden, unknown scope)', async () => {
    const detail = await selectRole('Viewer');
    const form = within(detail).getByRole('form', { name: 'Add a grant to Viewer' });
    fireEvent.change(within(form).getByLabelText('Action'), { target: { value: 'content.edit' } });
    const scope = within(form).getByLabelText('Scope');
    fireEvent.change(scope, { target: { value: 'costumes section' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add allow' }));
    expect(within(form).getByText(/“costumes section” is not a scope/)).toBeTruthy();
    expect(scope.getAttribute('aria-invalid')).toBe('true');
    expect(callsOf('grants.add')).toEqual([]);

    client.setHandlers({ 'grants.add': refuse('forbidden', 'You cannot grant content.edit on section:costumes: it would give content.edit on section:costumes, which you do not hold yourself') });
    fireEvent.change(scope, { target: { value: 'section:costumes' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add allow' }));
    expect((await errors()).textContent).toContain('which you do not hold yourself');
    expect((await errors()).textContent).toContain('Error code: forbidden');

    client.setHandlers({ 'grants.add': refuse('not_found', 'Scope section:costumez does not exist', { field: 'scope' }) });
    fireEvent.change(scope, { target: { value: 'section:costumez' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add allow' }));
    await waitFor(async () => expect((await errors()).textContent).toContain('Scope section:costumez does not exist'));
    expect(scope.getAttribute('aria-invalid')).toBe('true');
  });

  it('removes a grant', async () => {
    const detail = await selectRole('Costume designer');
    fireEvent.click(within(detail).getByRole('button', { name: 'Remove deny content.publish on section:* from Costume designer' }));
    await waitFor(() => expect(within(detail).getByRole('list', { name: 'Grants of Costume designer' }).textContent).not.toContain('content.publish'));
    expect(callsOf('grants.remove')).toEqual([{ grantId: 'costume-designer:deny:content.publish@section:*' }]);
  });
});
