/**
 * Sections in Debian's Chromium against a demo daemon. As the company manager Morgan Reyes:
 * open Sections, open the Costume rentals page, edit a text block, save, and see the edit in
 * the site preview (a sandboxed srcdoc frame under the daemon's CSP). Then as Priya Natarajan
 * (costume designer; a token made for her through the API): she edits a Costumes page, and
 * the About section is read-only for her with a clear refusal; the API refuses her edit there.
 * Screenshots are kept in test-results/e2e-sections-*.png.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 60_000 });
import { callDaemon } from '../../core/daemon/remote.ts';
import { stepShots, useDemoInBrowser } from './session.ts';

const e2e = useDemoInBrowser();
const consoleProblems = e2e.consoleProblems;
const MARKER = 'Fittings now also on Saturday mornings';
let page: Page;
beforeAll(() => {
  page = e2e.page;
});

const shots = (name: string) => stepShots(() => page, 'sections', name);

const main = () => page.getByRole('main');

async function openSections() {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sections', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sections' }).waitFor();
  await main().getByRole('list', { name: 'Website sections' }).waitFor();
}

async function openPage(section: string, title: string) {
  await main().getByRole('list', { name: 'Website sections' }).getByRole('button', { name: new RegExp(`^${section}`) }).click();
  const region = main().getByRole('region', { name: `Section ${section}` });
  await region.getByRole('button', { name: `Open ${title}` }).click();
  const editor = main().getByRole('region', { name: 'Page editor' });
  await editor.getByRole('heading', { level: 2, name: title }).waitFor();
  return editor;
}

async function noErrors() {
  expect(await page.getByRole('region', { name: 'Errors' }).count()).toBe(0);
}

describe('Sections, as Morgan Reyes in the demo', () => {
  it('shows the section tree with owners and the pages with their status', async () => {
    const keep = shots('morgan');
    await page.goto(`${e2e.demo.url}#token=${e2e.demo.token}`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
    await openSections();
    const tree = main().getByRole('list', { name: 'Website sections' });
    expect(await tree.getByRole('button', { name: /^Costumes/ }).textContent()).toContain('Owner: Costume designer');
    await tree.getByRole('list', { name: 'Sections under About' }).getByRole('button', { name: /^Press/ }).waitFor();
    await tree.getByRole('button', { name: /^Costumes/ }).click();
    const rows = main().getByRole('region', { name: 'Section Costumes' }).getByRole('row');
    await rows.filter({ hasText: 'Costume rentals' }).getByText('Published').waitFor();
    await rows.filter({ hasText: 'Sewing volunteers' }).getByText('Draft').waitFor();
    await noErrors();
    await keep('tree');
  });

  it('edits a text block, saves it, and sees it in the preview', async () => {
    const keep = shots('morgan');
    const editor = await openPage('Costumes', 'Costume rentals');
    await editor.getByRole('status', { name: 'Who else is here' }).getByText('Nobody else is editing this page.').waitFor();
    const item = editor.getByRole('list', { name: 'Blocks' }).getByRole('listitem', { name: /^Text block \d+$/ }).first();
    const label = (await item.getAttribute('aria-label')) ?? '';
    const text = item.getByLabel(`Text (${label})`, { exact: true });
    const before = await text.inputValue();
    expect(before.length).toBeGreaterThan(20);
    await text.fill(`${before}\n${MARKER}.`);
    // Mark the new words bold with the toolbar.
    await text.evaluate((el: HTMLTextAreaElement, m: string) => {
      const at = el.value.indexOf(m);
      el.focus();
      el.setSelectionRange(at, at + m.length);
    }, MARKER);
    await editor.getByRole('toolbar', { name: `Formatting (${label})` }).getByRole('button', { name: 'Bold' }).click();
    expect(await text.inputValue()).toContain(`**${MARKER}**`);
    await editor.getByText('1 unsaved change').waitFor();
    await keep('editing');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByText('Saved.').waitFor();
    await noErrors();
    // The page changed since it was published: the editor says so and offers Publish.
    await editor.getByText(/changed since it was published/).waitFor();
    await editor.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Publish', exact: true }).waitFor();

    await editor.getByRole('tab', { name: 'Preview' }).click();
    const frameEl = editor.locator('iframe[title="Preview of Costume rentals"]');
    await frameEl.waitFor();
    expect(await frameEl.getAttribute('sandbox')).toBe('');
    const frame = frameEl.contentFrame();
    await frame.getByRole('heading', { level: 1, name: 'Costume rentals' }).waitFor();
    const strong = frame.locator('strong', { hasText: MARKER });
    await strong.waitFor();
    // The theme's stylesheet applies inside the frame (inline CSS allowed by style-src 'unsafe-inline').
    const primary = await frame.locator('body').evaluate((b) => getComputedStyle(b).getPropertyValue('--color-primary').trim() || getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim());
    expect(primary).toMatch(/^#[0-9a-f]{6}$/i);
    await keep('preview');
    // Nothing the preview needs is blocked (the frame, its inline styles, its images). The calendar's
    // icon font (a data: URL, font-src) is another screen's and is not checked here.
    expect(consoleProblems.filter((p) => /Content Security Policy|Refused/i.test(p) && /frame-src|style-src|img-src|srcdoc/i.test(p))).toEqual([]);
  });

  it('history lists the edit and compares it with the previous revision', async () => {
    const keep = shots('morgan');
    const editor = main().getByRole('region', { name: 'Page editor' });
    await editor.getByRole('tab', { name: 'History' }).click();
    const list = editor.getByRole('list', { name: 'Revisions, newest first' });
    await list.getByRole('listitem').first().waitFor();
    expect(await list.getByRole('listitem').first().textContent()).toContain('Morgan Reyes');
    await editor.getByRole('button', { name: 'Compare' }).click();
    const diff = editor.getByRole('region', { name: 'Differences' });
    await diff.locator('ins', { hasText: 'Saturday' }).first().waitFor();
    await keep('history');
  });
  it('reorders blocks by dragging (dnd-kit pointer drag)', async () => {
    const keep = shots('morgan');
    const editor = main().getByRole('region', { name: 'Page editor' });
    await editor.getByRole('tab', { name: 'Blocks' }).click();
    const blocks = editor.getByRole('list', { name: 'Blocks' });
    const firstText = async () => (await blocks.getByRole('listitem').first().locator('textarea').inputValue()).slice(0, 30);
    const before = await firstText();
    const handle = blocks.getByRole('button', { name: /^Reorder .* block 1: ↑ or ↓ moves it$/ });
    const from = (await handle.boundingBox())!;
    const target = (await blocks.getByRole('listitem').nth(1).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + 20, { steps: 4 });
    await blocks.locator('.is-dragging').waitFor();
    await page.mouse.move(from.x + from.width / 2, target.y + target.height - 10, { steps: 12 });
    await page.mouse.up();
    await expect.poll(firstText, { timeout: 20_000 }).not.toBe(before);
    // The dragged block is further down now, and the server has the new order.
    const texts = await blocks.locator('textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    expect(texts.findIndex((t) => t.startsWith(before))).toBeGreaterThan(0);
    await noErrors();
    await keep('reordered');
  });
  it('moves a block with the keyboard and hears where it went', async () => {
    const keep = shots('morgan');
    const editor = main().getByRole('region', { name: 'Page editor' });
    const blocks = editor.getByRole('list', { name: 'Blocks' });
    const first = async () => (await blocks.getByRole('listitem').first().getAttribute('data-block-id')) ?? '';
    const moving = await first();
    await blocks.getByRole('button', { name: /^Reorder .* block 1: ↑ or ↓ moves it$/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(first, { timeout: 20_000 }).not.toBe(moving);
    await expect.poll(() => editor.getByTestId('move-announcement').textContent(), { timeout: 20_000 }).toMatch(/moved to position 2 of \d+\.$/);
    expect(await blocks.getByRole('listitem').nth(1).getAttribute('data-block-id')).toBe(moving);
    // The keyboard stays on the moved block's handle: Alt+↑ from there puts it back.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(first, { timeout: 20_000 }).toBe(moving);
    await noErrors();
    await keep('keyboard-moved');
  });
  it('adds a photo from the media gallery through the picker, and the preview shows it', async () => {
    const keep = shots('morgan');
    const editor = main().getByRole('region', { name: 'Page editor' });
    const blocks = editor.getByRole('list', { name: 'Blocks' });
    const count = await blocks.getByRole('listitem').count();
    await editor.getByLabel('New block').selectOption('image');
    const picker = editor.getByRole('group', { name: 'Choose a photo from the media gallery' });
    await picker.getByLabel('Production').selectOption({ label: 'The Importance of Being Earnest' });
    // A published photo with its own alt text: the block may leave alt empty and use the photo's.
    await picker.getByRole('radio', { name: /Cucumber sandwiches/ }).check();
    await picker.getByLabel(/^Alt text \(optional/).waitFor();
    await keep('picker');
    await picker.getByRole('button', { name: 'Add image' }).click();
    await blocks.getByRole('listitem', { name: `Image block ${count + 1}` }).waitFor();
    await noErrors();
    await editor.getByRole('tab', { name: 'Preview' }).click();
    // The frame first shows the cached preview, then the refetched one (a new srcdoc document):
    // poll with a fresh frame locator each time rather than wait on the first document. The
    // image is lazy and below the fold: being in the page is enough to check what it says.
    const images = () => editor.locator('iframe[title="Preview of Costume rentals"]').contentFrame().locator('main figure img');
    await expect.poll(() => images().count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await images().last().getAttribute('alt')).toBe('Algernon eating sandwiches while Jack looks on, in a drawing room');
    await keep('picker-preview');
    await editor.getByRole('tab', { name: 'Blocks' }).click();
  });
  it('theme settings: the palette with the API contrast check, refused pairs named', async () => {
    const keep = shots('morgan');
    await main().getByRole('tab', { name: 'Theme', exact: true }).click();
    const form = main().getByRole('form', { name: 'Theme' });
    const check = form.getByRole('region', { name: 'Contrast check' });
    await check.getByText('Every text pair passes.').waitFor();
    await keep('theme');
    await form.getByLabel('Muted text', { exact: true }).fill('#dddddd');
    await check.getByRole('alert').getByText(/Too little contrast: Muted text on Background/).waitFor();
    await form.getByRole('button', { name: 'Save theme' }).click();
    const errors = page.getByRole('region', { name: 'Errors' });
    await errors.getByText(/muted on background/i).waitFor();
    expect(await errors.textContent()).toContain('Error code: invalid');
    await keep('theme-refused');
    await errors.getByRole('button', { name: /^Dismiss/ }).click();
    await main().getByRole('tab', { name: 'Sections and pages' }).click();
  });
});

describe('Sections, as Priya Natarajan (costume designer)', () => {
  it('edits a Costumes page', async () => {
    const keep = shots('priya');
    const created = (await callDaemon({ url: e2e.demo.url, token: e2e.demo.token }, 'tokens.create', { user: 'priya@riversideplayers.example.org', name: 'e2e' })) as { token: string };
    await page.goto(`${e2e.demo.url}?as=priya#token=${created.token}`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Priya' }).waitFor();
    await openSections();
    const editor = await openPage('Costumes', 'Sewing volunteers');
    const text = editor.getByRole('list', { name: 'Blocks' }).getByRole('listitem', { name: /^Text block \d+$/ }).first().locator('textarea');
    await text.fill('Can you hem a skirt? Join us on Saturday mornings.');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByText('Saved.').waitFor();
    await noErrors();
    // She may submit for review but not publish.
    const status = editor.getByRole('group', { name: 'Status' });
    await status.getByRole('button', { name: 'Submit for review' }).waitFor();
    expect(await status.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(0);
    await keep('costumes');
    await editor.getByRole('button', { name: '← All pages' }).click();
  });

  it('is refused on About: read-only in the UI, forbidden through the API', async () => {
    const keep = shots('priya');
    const tree = main().getByRole('list', { name: 'Website sections' });
    await tree.getByRole('button', { name: /^About/ }).click();
    const region = main().getByRole('region', { name: 'Section About' });
    expect(await region.getByRole('list', { name: 'Your rights here' }).textContent()).toBe('View only');
    expect(await region.getByRole('form', { name: 'New page' }).count()).toBe(0);
    const first = region.getByRole('button', { name: /^Open / }).first();
    const title = ((await first.getAttribute('aria-label')) ?? '').replace(/^Open /, '');
    await first.click();
    const editor = main().getByRole('region', { name: 'Page editor' });
    await editor.getByRole('heading', { level: 2, name: title }).waitFor();
    expect(await editor.getByRole('note').textContent()).toContain('You may read this page but not edit it');
    expect(await editor.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await editor.locator('textarea').count()).toBe(0);
    expect(await editor.getByRole('group', { name: 'Status' }).getByRole('button').count()).toBe(0);
    await keep('about');

    // The same refusal from the API, with her own token.
    const tokenPriya = (await page.evaluate(() => window.sessionStorage.getItem('callboard.token'))) ?? '';
    const pages = (await callDaemon({ url: e2e.demo.url, token: tokenPriya }, 'pages.list', { sectionId: 'about' })) as Array<{ pageId: string }>;
    const err = await callDaemon({ url: e2e.demo.url, token: tokenPriya }, 'pages.addBlock', { sectionId: 'about', pageId: pages[0]!.pageId, block: { type: 'heading', text: 'Hi' } }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('forbidden');
  });
});
