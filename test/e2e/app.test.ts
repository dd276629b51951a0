/**
 * The app in Debian's Chromium against a real demo daemon: sign-in (bad token, pasted token,
 * `#token=`), every screen with the demo's real data, a change flowing back through the
 * subscription, the error display, the small-screen layout, sign-out.
 * Set CALLBOARD_E2E_SCREENSHOTS=1 to keep a screenshot of every screen in test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureRendererBuilt, launchBrowser, screenshot, startDemo, type Browser, type Demo } from './harness.ts';

const KEEP_SCREENSHOTS = process.env.CALLBOARD_E2E_SCREENSHOTS === '1';

let demo: Demo;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureRendererBuilt();
  demo = await startDemo();
  browser = await launchBrowser();
  page = browser.page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Screenshot on failure (always, with CALLBOARD_E2E_SCREENSHOTS=1). */
function shots(name: string, target: () => Page = () => page) {
  onTestFailed(async () => {
    await screenshot(target(), `e2e-FAILED-${name}`).catch(() => undefined);
  });
  return async (step: string) => {
    if (KEEP_SCREENSHOTS) await screenshot(target(), `e2e-${name}-${step}`);
  };
}

const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name, exact: true });

async function openScreen(link: string, title: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await heading(page, title).waitFor();
  expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe('page');
}

describe('Callboard in the browser, against the demo daemon', () => {
  it('refuses a bad token with a clear message and its code', async () => {
    const keep = shots('bad-token');
    await page.goto(demo.url);
    await heading(page, 'Sign in').waitFor();
    await page.getByLabel('Sign-in token').fill('cb_this-is-not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The token is unknown or revoked');
    expect(await alert.textContent()).toContain('Error code: unauthenticated');
    await keep('alert');
  });

  it('signs in by pasting the token and shows the company', async () => {
    const keep = shots('sign-in');
    await page.getByLabel('Sign-in token').fill(demo.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Welcome, Morgan').waitFor();
    const banner = page.getByRole('banner');
    expect(await banner.textContent()).toContain('Riverside Players');
    expect(await banner.textContent()).toContain('Millbrook, Oregon · America/Los_Angeles');
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await status.getByText('Online').waitFor();
    await status.getByText('Signed in as Morgan Reyes').waitFor();
    expect(await page.evaluate(() => window.sessionStorage.getItem('callboard.token'))).toBe(demo.token);
    await keep('home');
  });

  it('opens every screen with real content', async () => {
    const keep = shots('screens');
    // Every area's screen opens under its heading, without an error and without filler text.
    for (const [link, title] of [
      ['Sections', 'Sections'],
      ['Calendar', 'Calendar'],
      ['Directory', 'Directory'],
      ['Box Office', 'Box Office'],
      ['Media', 'Media'],
    ] as const) {
      await openScreen(link, title);
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('main').textContent()).not.toMatch(/lorem|TODO|undefined|\[object Object\]/i);
      expect(await page.getByRole('region', { name: 'Errors' }).count()).toBe(0);
      await keep(link);
    }

    await openScreen('People & Roles', 'People & Roles');
    const people = page.getByRole('table');
    await people.getByText('Priya Natarajan').waitFor();
    for (const name of ['Morgan Reyes', 'Dev Okafor', 'Hannah Lindqvist', 'Tomás Ruiz', 'Grace Whitfield']) {
      await people.getByText(name, { exact: true }).waitFor();
    }
    expect(await people.getByRole('row').filter({ hasText: 'Morgan Reyes' }).textContent()).toContain('Admin');
    await keep('people');

    await openScreen('Audit', 'Audit log');
    const audit = page.getByRole('table');
    await audit.getByRole('row').nth(1).waitFor();
    expect(await audit.getByRole('row').count()).toBeGreaterThan(1);
    expect(await audit.getByRole('row').nth(1).textContent()).toMatch(/Allowed|Denied/);
    await keep('audit');

    await openScreen('Sync', 'Sync');
    await page.getByText('Device id').waitFor();
    expect(await page.locator('.device-id').first().textContent()).toMatch(/\S{6,}/);
    expect(await page.getByRole('main').textContent()).toContain('Online');
    await keep('sync');

    await openScreen('Home', 'Welcome, Morgan');
    await page.getByText(/\d+ people/).first().waitFor();
  });

  it('a change made in the app comes back through the subscription, and a failed one shows the API error', async () => {
    const keep = shots('change');
    await openScreen('People & Roles', 'People & Roles');
    await page.getByLabel('Name').fill('Ada Quill');
    await page.getByLabel('Email').fill('ada@riversideplayers.example.org');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('table').getByText('Ada Quill').waitFor();

    await page.getByLabel('Name').fill('Priya Again');
    await page.getByLabel('Email').fill('priya@riversideplayers.example.org');
    await page.getByRole('button', { name: 'Add person' }).click();
    const errors = page.getByRole('region', { name: 'Errors' });
    await errors.waitFor();
    expect(await errors.textContent()).toContain('The e-mail address priya@riversideplayers.example.org already belongs to Priya Natarajan');
    expect(await errors.textContent()).toContain('Error code: conflict');
    expect(await errors.textContent()).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack
    await keep('error');
    await errors.getByRole('button', { name: /^Dismiss/ }).click();
    await errors.waitFor({ state: 'detached' });

    await openScreen('Audit', 'Audit log');
    await page.getByRole('table').getByText('Added user Ada Quill <ada@riversideplayers.example.org>').waitFor();
  });

  it('is keyboard operable: Tab reaches the navigation and Enter opens a screen', async () => {
    await page.goto(`${demo.url}#/home`);
    await heading(page, 'Welcome, Morgan').waitFor();
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent === 'Calendar' && !!document.activeElement.closest('nav'));
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await heading(page, 'Calendar').waitFor();
  });

  it('signs in directly from #token= and removes the token from the address', async () => {
    const other = await launchBrowser({ width: 360, height: 760 });
    const keep = shots('token-link', () => other.page);
    try {
      await other.page.goto(`${demo.url}#token=${demo.token}`);
      await heading(other.page, 'Welcome, Morgan').waitFor();
      expect(other.page.url()).not.toContain('token');
      // Small screens: nothing wider than the viewport.
      for (const route of ['home', 'people', 'audit', 'sync']) {
        await other.page.goto(`${demo.url}#/${route}`);
        await other.page.getByRole('heading', { level: 1 }).waitFor();
        await other.page.waitForLoadState('networkidle');
        expect(await other.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await keep(`360-${route}`);
      }
    } finally {
      await other.close();
    }
  });

  it('signs out back to the sign-in form', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in').waitFor();
    expect(await page.evaluate(() => window.sessionStorage.getItem('callboard.token'))).toBeNull();
  });
});
