/**
 * The box office sale in Debian's Chromium against a demo daemon, as the company manager
 * Morgan Reyes: pick a performance of A Christmas Carol, select two seats on the SVG map,
 * hold them (the cart shows its timer), check out, read the receipt; meanwhile a second page
 * showing the same performance sees both seats turn sold without reloading.
 * Screenshots are kept in test-results/e2e-boxoffice-*.png.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepShots, useDemoInBrowser } from './session.ts';

const e2e = useDemoInBrowser();
let page: Page;
let second: Page;
let performanceLabel = '';
let seats: string[] = [];
beforeAll(() => {
  page = e2e.page;
});

const shots = (name: string) => stepShots(() => page, 'boxoffice', name);
const main = (p: Page = page) => p.getByRole('main');
const seatMap = (p: Page = page) => main(p).getByRole('group', { name: /^Seat map:/ });
const seat = (p: Page, id: string) => seatMap(p).locator(`g[data-seat="${id}"]`);

async function openSellTab(p: Page): Promise<void> {
  await p.goto(`${e2e.demo.url}#token=${e2e.demo.token}`);
  await p.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
  await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Box Office', exact: true }).click();
  await p.getByRole('heading', { level: 1, name: 'Box Office' }).waitFor();
}

async function pickPerformance(p: Page): Promise<void> {
  const picker = main(p).getByLabel('Performance');
  await picker.waitFor();
  if (!performanceLabel) {
    const options = await picker.locator('option').allTextContents();
    performanceLabel = options.find((o) => o.startsWith('A Christmas Carol —') && !o.includes('(0 of'))!;
    expect(performanceLabel, `a performance of A Christmas Carol on sale among: ${options.join(' | ')}`).toBeTruthy();
  }
  await picker.selectOption({ label: performanceLabel });
  await seatMap(p).waitFor();
}

describe('Box office sale, as Morgan Reyes in the demo', () => {
  it('opens the sale screen on a performance and draws its seat map with a legend', async () => {
    const keep = shots('map');
    await openSellTab(page);
    await pickPerformance(page);
    await expect.poll(() => seatMap(page).locator('g[data-seat]').count()).toBeGreaterThan(100);
    await main().getByRole('list', { name: 'Legend' }).getByText('Sold').waitFor();
    await keep('map');
  });

  it('a second page on the same performance is open before the sale', async () => {
    second = await e2e.browser.context.newPage();
    await openSellTab(second);
    await pickPerformance(second);
  });

  it('selects two adjacent free seats on the map, holds them and shows the cart timer', async () => {
    const keep = shots('cart');
    // Two free seats side by side in one row, read from the map itself.
    const free = await seatMap(page)
      .locator('g[data-seat][aria-disabled="false"]')
      .evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-seat')!, label: e.getAttribute('aria-label')! })));
    const parsed = free.map((s) => ({ ...s, m: /^Row (\S+) seat (\d+),/.exec(s.label) })).filter((s) => s.m && !/wheelchair|companion/.test(s.label));
    const pair = parsed.find((a) => parsed.some((b) => b.m![1] === a.m![1] && Number(b.m![2]) === Number(a.m![2]) + 1));
    expect(pair, 'two adjacent free seats').toBeTruthy();
    const next = parsed.find((b) => b.m![1] === pair!.m![1] && Number(b.m![2]) === Number(pair!.m![2]) + 1)!;
    seats = [pair!.id, next.id];
    for (const id of seats) {
      await seat(page, id).click();
      await expect.poll(() => seat(page, id).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => seat(second, id).getAttribute('aria-label')).toMatch(/, available/);
    }
    const cart = main().getByRole('complementary', { name: 'Cart' });
    for (const id of seats) await cart.getByLabel(`Price for ${id}`).waitFor();
    await cart.getByRole('button', { name: 'Hold 2 seats' }).click();
    const timer = cart.getByRole('timer');
    await timer.waitFor();
    expect(await timer.textContent()).toMatch(/Held for (9|10):\d\d/);
    // The other page sees the hold live.
    for (const id of seats) await expect.poll(() => seat(second, id).getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/, held/);
    await keep('held');
  });

  it('checks out and shows the receipt; the second page shows both seats sold without reloading', async () => {
    const keep = shots('checkout');
    const checkout = main().getByRole('form', { name: 'Checkout' });
    await checkout.getByLabel('Buyer name').fill('Eleanor Vance');
    await checkout.getByLabel('Email').fill('eleanor@example.org');
    await checkout.getByLabel('Payment').selectOption({ label: 'Cash' });
    await checkout.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = main().getByRole('region', { name: 'Receipt' });
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    expect(text).toContain('Eleanor Vance');
    expect(text).toContain('cash');
    for (const id of seats) expect(text).toContain(id);
    expect(text).toMatch(/Total \$\d+\.\d\d/);
    await keep('receipt');
    for (const id of seats) await expect.poll(() => seat(page, id).getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/, sold/);
    for (const id of seats) await expect.poll(() => seat(second, id).getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/, sold/);
    await keep('second-page', seatMap(second));
    expect(e2e.consoleProblems).toEqual([]);
  });
});
