/**
 * The cast and crew directory in Debian's Chromium against a demo daemon, as the company
 * manager Morgan Reyes: add a person with the form, credit them in the first production's cast
 * (person picker), move their credit up the billing with the keyboard (drag handle: Space,
 * ArrowUp, Space), find them by a misspelt prefix in search, and see them in the program
 * preview in billing order. Screenshots in test-results/e2e-directory-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureRendererBuilt, launchBrowser, RESULTS_DIR, screenshot, startDemo, type Browser, type Demo } from './harness.ts';

let demo: Demo;
let browser: Browser;
let page: Page;
const consoleProblems: string[] = [];
/** The role billed just after Ophelia once she has moved up. */
let nextRole = '';

beforeAll(async () => {
  ensureRendererBuilt();
  demo = await startDemo();
  browser = await launchBrowser({ width: 1366, height: 900 });
  page = browser.page;
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleProblems.push(m.text());
  });
  page.on('pageerror', (e) => consoleProblems.push(e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

function shots(name: string) {
  onTestFailed(async () => {
    await screenshot(page, `e2e-FAILED-directory-${name}`).catch(() => undefined);
  });
  return async (step: string, part?: Locator) => {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `e2e-directory-${name}-${step}.png`);
    if (part) await part.screenshot({ path: file });
    else await page.screenshot({ path: file });
  };
}

const main = () => page.getByRole('main');
const tab = (name: string) => main().getByRole('tab', { name, exact: true });

async function noErrors() {
  expect(await page.getByRole('region', { name: 'Errors' }).count()).toBe(0);
}

/** The roles of a department list, top to bottom. */
async function rolesIn(list: Locator): Promise<string[]> {
  return list.locator('.credit-role').allTextContents();
}

describe('Directory, as Morgan Reyes in the demo', () => {
  it('signs in and opens the directory', async () => {
    await page.goto(`${demo.url}#token=${demo.token}`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory', exact: true }).click();
    await main().getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    await main().getByRole('list', { name: 'People' }).getByRole('button').first().waitFor();
  });

  it('adds a person with the form and opens their profile', async () => {
    const keep = shots('add');
    await main().getByRole('button', { name: 'Add person' }).click();
    const form = main().getByRole('form', { name: 'Add a person' });
    await form.getByLabel('Name', { exact: true }).fill('Rosalind Achterberg');
    await form.getByLabel('Pronouns').fill('she/her');
    await form.getByLabel('Biography').fill('Rosalind has sung with the county choral society for a decade.');
    await form.getByLabel(/Skills/).fill('Mezzo-soprano, Stage combat');
    // Morgan (admin) may see contact details, so the private fields are offered.
    await form.getByLabel('E-mail').fill('rosalind.achterberg@example.org');
    await keep('form', form);
    await form.getByRole('button', { name: 'Add person' }).click();
    const profile = main().getByRole('region', { name: 'Profile' });
    await profile.getByRole('heading', { name: 'Rosalind Achterberg' }).waitFor();
    await profile.getByText('rosalind.achterberg@example.org').waitFor();
    await noErrors();
  });

  it('credits them in the cast and moves the credit up the billing with the keyboard', async () => {
    const keep = shots('credit');
    await tab('Cast & crew').click();
    const add = main().getByRole('form', { name: 'Add a credit' });
    await add.getByLabel('Person').fill('achter');
    await add.getByRole('list', { name: 'Matching people' }).getByRole('button', { name: /Rosalind Achterberg/ }).click();
    await add.getByLabel('Department').selectOption('cast');
    await add.getByLabel('Character').fill('Ophelia');
    await add.getByRole('button', { name: 'Add credit' }).click();
    const cast = main().getByRole('region', { name: 'Cast', exact: true });
    await cast.getByText('Ophelia', { exact: true }).waitFor();
    const before = await rolesIn(cast);
    expect(before.at(-1)).toBe('Ophelia');
    expect(before.length).toBeGreaterThan(1);
    // Keyboard drag: focus the handle, Space to lift, ArrowUp to move, Space to drop.
    const handle = cast.getByRole('button', { name: 'Drag Ophelia (Rosalind Achterberg) to reorder' });
    await handle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => handle.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(300); // the lifted item glides to its new place before it can drop
    await page.keyboard.press('Space');
    nextRole = before.at(-2)!;
    const expected = [...before.slice(0, -2), 'Ophelia', nextRole];
    await expect.poll(() => rolesIn(main().getByRole('region', { name: 'Cast', exact: true })), { timeout: 10_000 }).toEqual(expected);
    await keep('cast', main());
    await noErrors();
  });

  it('finds them by a misspelt name, and as you type', async () => {
    await tab('People').click();
    const search = main().getByRole('searchbox', { name: 'Search' });
    await search.fill('achterburg');
    const people = main().getByRole('list', { name: 'People' });
    await people.getByRole('button', { name: /Rosalind Achterberg/ }).waitFor();
    await search.fill('rosalind ach');
    await people.getByRole('button', { name: /Rosalind Achterberg/ }).waitFor();
    expect(await people.getByRole('button').count()).toBe(1);
  });

  it('shows them in the program preview, in billing order, without contact details', async () => {
    const keep = shots('program');
    await tab('Program').click();
    const frame = page.frameLocator('iframe[title="Program preview"]');
    await frame.getByText('Rosalind Achterberg').first().waitFor();
    const html = (await main().locator('iframe[title="Program preview"]').getAttribute('srcdoc')) ?? '';
    expect(html).toContain('Ophelia');
    expect(html.indexOf('Ophelia')).toBeLessThan(html.indexOf(nextRole));
    expect(html).not.toContain('rosalind.achterberg@example.org');
    await keep('preview', main());
    await noErrors();
    expect(consoleProblems).toEqual([]);
  });
});
