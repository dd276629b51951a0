/**
 * End-to-end harness: a fresh demo daemon (`callboard demo --port 0`) in a temp folder, the
 * renderer built when missing or older than its sources, and Debian's Chromium driven by
 * playwright-core in a fresh profile. Used by the e2e tests and by test/bench/paint.bench.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RENDERER_SRC = path.join(REPO_ROOT, 'renderer');
const RENDERER_OUT = path.join(REPO_ROOT, 'dist/renderer/index.html');
export const CHROMIUM = process.env.CALLBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether dist/renderer is missing or older than any file under renderer/. */
export function rendererIsStale(): boolean {
  if (!fs.existsSync(RENDERER_OUT)) return true;
  return newestMtime(RENDERER_SRC) > fs.statSync(RENDERER_OUT).mtimeMs;
}

/** Builds the renderer (`vite build`) if it is missing or stale; serialised with other builds on this machine by flock. */
export function ensureRendererBuilt(): void {
  if (!rendererIsStale()) return;
  const vite = ['npx', 'vite', 'build', '--logLevel', 'warn'];
  const useFlock = fs.existsSync('/usr/bin/flock');
  const [cmd, ...args] = useFlock ? ['/usr/bin/flock', path.join(os.tmpdir(), 'callboard-vite-build.lock'), ...vite] : vite;
  const res = spawnSync(cmd!, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
  if (res.status !== 0) throw new Error(`vite build failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
}

export interface Demo {
  url: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  /** When the daemon process was spawned (performance.now()). */
  spawnedAt: number;
  /** Everything the daemon printed so far. */
  output(): string;
  /** SIGTERM, wait for a clean exit (SIGKILL after 10 s), remove the data folder. */
  stop(): Promise<void>;
}

/** Starts `callboard demo --data <fresh temp dir> --port 0` and waits for its `url:` and `token:` lines. */
export async function startDemo(timeoutMs = 150_000): Promise<Demo> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-e2e-data-'));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/callboard.js'), 'demo', '--data', dataDir, '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CALLBOARD_DATA: dataDir },
  });
  let out = '';
  let exited: number | null | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
  });
  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo daemon printed no url/token within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = () => {
        const url = /^url: (\S+)$/m.exec(out)?.[1];
        const token = /^token: (\S+)$/m.exec(out)?.[1];
        if (url && token) {
          clearTimeout(timer);
          resolve({ url, token });
        }
      };
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        check();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo daemon exited with ${code} before serving:\n${out}`));
      });
    });
    return { url, token, dataDir, child, spawnedAt, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, in a fresh profile folder (removed on close). */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to test-results/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
