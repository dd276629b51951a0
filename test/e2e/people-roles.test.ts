/**
 * People & Roles and Audit in Debian's Chromium against a demo daemon, as the company manager
 * Morgan Reyes: create "Wig designer" inheriting "Section editor", give it an allow and a
 * deny, give it to Sam, ask the matrix why Sam may not publish, then find all of it in the
 * audit log with its diffs and export the log as CSV (a Blob URL download under the daemon's CSP).
 * Screenshots of each step are kept in test-results/e2e-people-*.png.
 */
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './harness.ts';
import { stepShots, useDemoInBrowser } from './session.ts';

const e2e = useDemoInBrowser();
const consoleProblems = e2e.consoleProblems;
let page: Page;
beforeAll(() => {
  page = e2e.page;
});

const shots = (name: string) => stepShots(() => page, 'people', name);

const main = () => page.getByRole('main');
const region = (name: string | RegExp, within: Page | Locator = page) => within.getByRole('region', { name });
const tab = (name: string) => main().getByRole('tab', { name, exact: true });

async function noErrors() {
  expect(await page.getByRole('region', { name: 'Errors' }).count()).toBe(0);
}

describe('People & Roles and Audit, as Morgan Reyes in the demo', () => {
  it('signs in and opens People & Roles', async () => {
    await page.goto(`${e2e.demo.url}#token=${e2e.demo.token}`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People & Roles', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'People & Roles' }).waitFor();
    await main().getByRole('table').getByText('Sam Cho').waitFor();
  });

  it('creates the role "Wig designer" inheriting "Section editor", with an allow and a deny', async () => {
    const keep = shots('roles');
    await tab('Roles and grants').click();
    const tree = main().getByRole('list', { name: 'Roles and what they inherit' });
    await tree.getByRole('button', { name: /^Section editor/ }).waitFor();

    const create = region('Create a role', main());
    await create.getByLabel('Name').fill('Wig designer');
    await create.getByText('Its id will be wig-designer.').waitFor();
    await create.getByLabel('Description').fill('Designs and edits the costume pages');
    await create.getByLabel('Section editor').check();
    await create.getByRole('button', { name: 'Create role' }).click();

    const detail = region(/^Wig designer/, main());
    await detail.waitFor();
    await tree.getByRole('list', { name: 'Roles inheriting from Section editor' }).getByRole('button', { name: /^Wig designer/ }).waitFor();
    expect(await detail.getByRole('list', { name: 'Grants Wig designer inherits' }).textContent()).toContain('from Wig designer → Section editor');

    const grantForm = detail.getByRole('form', { name: 'Add a grant to Wig designer' });
    await grantForm.getByLabel('Action').selectOption('content.edit');
    await grantForm.getByLabel('Scope').fill('section:*');
    await grantForm.getByRole('button', { name: 'Add allow' }).click();
    const own = detail.getByRole('list', { name: 'Grants of Wig designer' });
    await own.getByText('content.edit', { exact: true }).waitFor();

    await grantForm.getByLabel('Deny').check();
    await grantForm.getByText(/A deny always wins/).waitFor();
    await grantForm.getByLabel('Action').selectOption('content.publish');
    await grantForm.getByLabel('Scope').fill('section:*');
    await grantForm.getByRole('button', { name: 'Add deny' }).click();
    await own.getByText('content.publish', { exact: true }).waitFor();
    const first = own.getByRole('listitem').first();
    expect(await first.textContent()).toMatch(/Deny\s*content\.publish on section:\*/);
    await noErrors();
    await keep('wig-designer', main());
  });

  it('a scope that does not exist is refused by the API with its message', async () => {
    const detail = region(/^Wig designer/, main());
    const grantForm = detail.getByRole('form', { name: 'Add a grant to Wig designer' });
    await grantForm.getByLabel('Allow').check();
    await grantForm.getByLabel('Action').selectOption('content.edit');
    await grantForm.getByLabel('Scope').fill('section:wardrobe-archive');
    await grantForm.getByRole('button', { name: 'Add allow' }).click();
    const errors = page.getByRole('region', { name: 'Errors' });
    await errors.getByText('Scope section:wardrobe-archive does not exist').waitFor();
    expect(await errors.textContent()).toContain('Error code: not_found');
    await errors.getByRole('button', { name: /^Dismiss/ }).click();
    await errors.waitFor({ state: 'detached' });
  });

  it('gives Sam the role', async () => {
    const keep = shots('people');
    await tab('People').click();
    const table = main().getByRole('table');
    await table.getByRole('button', { name: 'Manage Sam Cho' }).click();
    const editor = region('Sam Cho', main());
    await editor.getByLabel('Give a role').selectOption({ label: 'Wig designer' });
    await editor.getByRole('button', { name: 'Give role' }).click();
    await editor.getByRole('button', { name: 'Take the role Wig designer from Sam Cho' }).waitFor();
    await table.getByRole('list', { name: 'Roles of Sam Cho' }).getByText('Wig designer').waitFor();
    await noErrors();
    await keep('priya', main());
  });

  it('the last admin cannot be suspended: the API refusal is shown', async () => {
    await main().getByRole('table').getByRole('button', { name: 'Manage Morgan Reyes' }).click();
    const editor = region('Morgan Reyes', main());
    await editor.getByRole('button', { name: 'Suspend Morgan Reyes' }).click();
    const errors = page.getByRole('region', { name: 'Errors' });
    await errors.getByText(/last active admin/).waitFor();
    expect(await errors.textContent()).toContain('Error code: conflict');
    await errors.getByRole('button', { name: /^Dismiss/ }).click();
    await editor.getByRole('button', { name: 'Close' }).click();
  });

  it('the matrix shows Sam may not publish, and "Why?" names the deny and the role path', async () => {
    const keep = shots('matrix');
    await tab('What can this person do?').click();
    await main().getByLabel('Person', { exact: true }).selectOption({ label: 'Sam Cho' });
    const matrix = main().getByRole('table', { name: 'What Sam Cho can do: scopes by row, actions by column' });
    const sectionRow = matrix.getByRole('row').filter({ has: page.getByRole('rowheader').filter({ hasText: 'section:*' }) });
    await sectionRow.waitFor();
    expect(await sectionRow.textContent()).toContain('✗ Denied');
    await keep('grid');

    await sectionRow.getByRole('button', { name: 'Why may not Sam Cho content.publish on section:*?' }).click();
    const panel = region(/^Why\? content\.publish on section:\*/, main());
    await panel.getByText('Not allowed.').waitFor();
    const decisive = panel.locator('.decisive');
    expect(await decisive.textContent()).toMatch(/Deny\s*content\.publish on section:\*, given by Wig designer/);
    expect(await decisive.textContent()).toContain('Sam Cho → Wig designer');
    expect(await panel.textContent()).toContain('wig-designer denies content.publish on section:*');
    await keep('why-denied', main());

    await sectionRow.getByRole('button', { name: 'Why may Sam Cho view on section:*?' }).click();
    const viewPanel = region(/^Why\? view on section:\*/, main());
    await viewPanel.getByText('Allowed.').waitFor();
    expect(await viewPanel.locator('.decisive').textContent()).toContain('Sam Cho → Wig designer → Section editor');
    await keep('why-allowed', viewPanel);
  });

  it('the audit log shows those changes with their diffs', async () => {
    const keep = shots('audit');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = main().getByRole('table', { name: 'Audit entries, newest first' });
    for (const summary of [
      'Created role Wig designer (inherits Section editor)',
      'Role Wig designer may now content.edit on section:*',
      'Added a deny to role Wig designer: content.publish on section:* is refused',
      'Gave Sam Cho the role Wig designer',
    ]) {
      await table.getByText(summary, { exact: true }).waitFor();
    }
    const assign = table.getByRole('row').filter({ hasText: 'Gave Sam Cho the role Wig designer' });
    expect(await assign.textContent()).toContain('Morgan Reyes');
    await assign.getByRole('button', { name: /^Details/ }).click();
    const changes = table.getByRole('table', { name: 'Changes' });
    await changes.waitFor();
    const roles = changes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Roles' }) });
    expect(await roles.locator('del').textContent()).toBe('none');
    expect(await roles.locator('ins').textContent()).toBe('Wig designer');
    expect(await table.textContent()).toMatch(/Allowed by\s*allow policy\.manage on policy, through Admin/);

    const created = table.getByRole('row').filter({ hasText: 'Created role Wig designer (inherits Section editor)' });
    await created.getByRole('button', { name: /^Details/ }).click();
    const createdWith = table.getByRole('table', { name: 'Created with' });
    expect(await createdWith.textContent()).toContain('Section editor');
    await assign.scrollIntoViewIfNeeded();
    await keep('diffs');

    await main().getByLabel('Outcome').selectOption('denied');
    await main().getByText('No denied entries.').waitFor();
    await main().getByLabel('Outcome').selectOption('');
    await main().getByLabel('Person').selectOption({ label: 'Morgan Reyes' });
    await table.getByText('Gave Sam Cho the role Wig designer', { exact: true }).waitFor();
  });

  it('exports the log as CSV: a file download through a Blob URL under the daemon’s CSP', async () => {
    const keep = shots('export');
    await main().getByLabel('Person').selectOption('');
    const [download] = await Promise.all([page.waitForEvent('download'), main().getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(download.url()).toMatch(/^blob:/);
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toBe('time,user,user_id,device,outcome,procedure,action,scope,target,summary,grant,before,after,hash');
    expect(csv).toContain('Gave Sam Cho the role Wig designer');
    expect(csv).toContain('Added a deny to role Wig designer: content.publish on section:* is refused');
    await main().getByText(/^Saved \d+ entries as audit-.*\.csv\.$/).waitFor();
    expect(consoleProblems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    await keep('done');
  });

  it('fits a 360-pixel-wide screen', async () => {
    const small = await launchBrowser({ width: 360, height: 760 });
    try {
      await small.page.goto(`${e2e.demo.url}#token=${e2e.demo.token}`);
      await small.page.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
      await small.page.goto(`${e2e.demo.url}#/people`);
      await small.page.getByRole('heading', { level: 1, name: 'People & Roles' }).waitFor();
      for (const t of ['People', 'Roles and grants']) {
        await small.page.getByRole('tab', { name: t, exact: true }).click();
        await small.page.waitForLoadState('networkidle');
        expect(await small.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      }
      await small.page.getByRole('list', { name: 'Roles and what they inherit' }).getByRole('button', { name: /^Wig designer/ }).click();
      await screenshot(small.page, 'e2e-people-360-roles');
      expect(await small.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await small.page.goto(`${e2e.demo.url}#/audit`);
      await small.page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await small.page.getByRole('button', { name: 'Details of “Gave Sam Cho the role Wig designer”' }).click();
      await screenshot(small.page, 'e2e-people-360-audit');
      expect(await small.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await small.close();
    }
  });
});
