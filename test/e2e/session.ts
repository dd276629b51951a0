/**
 * The setup every browser e2e file shares: build the renderer when stale, start a fresh demo
 * daemon, open Debian's Chromium, collect console errors and CSP reports, and close it all
 * after the file. Kept apart from harness.ts because it registers Vitest hooks (harness.ts is
 * also used outside Vitest, by test/bench/paint.bench.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { ensureRendererBuilt, launchBrowser, RESULTS_DIR, screenshot, startDemo, type Browser, type Demo } from './harness.ts';

export interface DemoInBrowser {
  readonly demo: Demo;
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors, CSP reports and uncaught page errors seen so far, in order. */
  readonly consoleProblems: string[];
}

export interface DemoInBrowserOptions {
  viewport?: { width: number; height: number };
  /** Build dist/renderer first when it is missing or stale (default true; the built site does not need it). */
  buildRenderer?: boolean;
  /** Playwright's default wait, so a wait fails naming its locator before the test's own timeout (default 20 s). */
  defaultTimeoutMs?: number;
}

/** Registers this file's beforeAll/afterAll; the returned object's fields are set once beforeAll has run. */
export function useDemoInBrowser(options: DemoInBrowserOptions = {}): DemoInBrowser {
  const state: { demo?: Demo; browser?: Browser; page?: Page } = {};
  const consoleProblems: string[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the e2e ${what} is used before beforeAll has started it`);
    return value;
  };

  beforeAll(async () => {
    if (options.buildRenderer ?? true) ensureRendererBuilt();
    state.demo = await startDemo();
    state.browser = await launchBrowser(options.viewport ?? { width: 1366, height: 900 });
    const page = (state.page = state.browser.page);
    page.setDefaultTimeout(options.defaultTimeoutMs ?? 20_000);
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(e.message));
  }, 240_000);

  afterAll(async () => {
    await state.browser?.close();
    await state.demo?.stop();
  });

  return {
    get demo() {
      return ready(state.demo, 'demo daemon');
    },
    get browser() {
      return ready(state.browser, 'browser');
    },
    get page() {
      return ready(state.page, 'page');
    },
    consoleProblems,
  };
}

/**
 * Screenshots for one test: on failure the whole page goes to test-results/e2e-FAILED-PREFIX-NAME.png;
 * the returned `keep(step, part?)` saves test-results/e2e-PREFIX-NAME-STEP.png (the whole page, or one part of it).
 */
export function stepShots(page: () => Page, prefix: string, name: string) {
  onTestFailed(async () => {
    await screenshot(page(), `e2e-FAILED-${prefix}-${name}`).catch(() => undefined);
  });
  return async (step: string, part?: Locator) => {
    if (!part) {
      await screenshot(page(), `e2e-${prefix}-${name}-${step}`);
      return;
    }
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await part.screenshot({ path: path.join(RESULTS_DIR, `e2e-${prefix}-${name}-${step}.png`) });
  };
}
