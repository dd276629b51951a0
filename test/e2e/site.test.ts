/**
 * The published website in Debian's Chromium: build it into the demo's data folder through
 * the API (`site.build`, as `callboard site build` does), open `${url}site/` and visit every
 * page it links to. On each page: the theme's CSS custom properties are in force with the
 * palette's values, the company name is in the header, there is one h1 and headings never
 * skip a level, every image has alt text, and nothing is blocked by the site's CSP.
 * Screenshots: test-results/e2e-site-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { callDaemon } from '../../core/daemon/remote.ts';
import { launchBrowser, screenshot, startDemo, type Browser, type Demo } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

let demo: Demo;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  demo = await startDemo();
  browser = await launchBrowser({ width: 1280, height: 900 });
  page = browser.page;
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.url()}: HTTP ${r.status()}`);
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const CSS_NAMES: Record<string, string> = {
  primary: '--color-primary',
  onPrimary: '--color-on-primary',
  accent: '--color-accent',
  onAccent: '--color-on-accent',
  background: '--color-background',
  surface: '--color-surface',
  text: '--color-text',
  muted: '--color-muted',
  link: '--color-link',
};

interface PageFacts {
  vars: Record<string, string>;
  bodyBackground: string;
  headerBackground: string;
  headerText: string;
  headings: number[];
  images: Array<{ src: string; alt: string | null }>;
  links: string[];
}

async function facts(): Promise<PageFacts> {
  return page.evaluate((names) => {
    const root = getComputedStyle(document.documentElement);
    const header = document.querySelector('header');
    return {
      vars: Object.fromEntries(names.map((n) => [n, root.getPropertyValue(n).trim().toLowerCase()])),
      bodyBackground: getComputedStyle(document.body).backgroundColor,
      headerBackground: header ? getComputedStyle(header).backgroundColor : '',
      headerText: header?.textContent ?? '',
      headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
      images: [...document.images].map((i) => ({ src: i.currentSrc || i.src, alt: i.getAttribute('alt') })),
      links: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
    };
  }, Object.values(CSS_NAMES));
}

const rgb = (hex: string) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

describe('the built website, in Chromium', () => {
  it('applies the theme on every page: colors, company name, headings in order, alt text', async () => {
    onTestFailed(async () => {
      await screenshot(page, 'e2e-FAILED-site').catch(() => undefined);
    });
    const target = { url: demo.url, token: demo.token };
    const built = (await callDaemon(target, 'site.build', {})) as { pages: number; files: number };
    expect(built.pages).toBeGreaterThan(3);
    const { theme } = (await callDaemon(target, 'theme.get', {})) as { theme: { companyName: string; palette: Record<string, string> } };

    const base = new URL('site/', demo.url).href;
    const queue = [base];
    const seen = new Set<string>();
    const visited: string[] = [];
    let images = 0;
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      if (!(res?.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      visited.push(url);
      const f = await facts();

      for (const [name, cssName] of Object.entries(CSS_NAMES)) expect(f.vars[cssName], `${url} ${cssName}`).toBe(theme.palette[name]!.toLowerCase());
      expect(f.headerBackground, url).toBe(rgb(theme.palette.primary!));
      expect(f.bodyBackground, url).toBe(rgb(theme.palette.background!));
      expect(f.headerText, url).toContain(theme.companyName);

      expect(f.headings.filter((h) => h === 1), `${url}: one h1`).toHaveLength(1);
      expect(f.headings[0], `${url}: the h1 comes first`).toBe(1);
      for (let i = 1; i < f.headings.length; i++) expect(f.headings[i]! - f.headings[i - 1]!, `${url}: heading ${i} (h${f.headings[i]}) after h${f.headings[i - 1]}`).toBeLessThanOrEqual(1);
      images += f.images.length;
      for (const img of f.images) expect(img.alt?.trim(), `${url}: alt text of ${img.src}`).toBeTruthy();

      for (const link of f.links) {
        const clean = link.split('#')[0]!;
        if (clean.startsWith(base) && !seen.has(clean) && !clean.includes('/media/')) queue.push(clean);
      }
      if (visited.length <= 3 || (/the-importance-of-being-earnest[^/]*\.html$/.test(url))) await screenshot(page, `e2e-site-${url.slice(base.length).replace(/\//g, '_') || 'index'}`);
    }
    // Home, sections, published pages, productions: the whole site was walked.
    expect(visited.length).toBeGreaterThanOrEqual(built.pages);
    expect(visited.some((u) => u.endsWith('costume-rentals.html'))).toBe(true);
    expect(visited.some((u) => /productions\/index\.html$/.test(u))).toBe(true);
    // The demo's published photos appear (so the alt text check checked something), and load.
    expect(images).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    console.log(`site: ${visited.length} pages walked, ${images} images`);
  });
});
