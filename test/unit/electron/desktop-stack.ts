/**
 * The desktop app's three processes wired through the fakes of Electron: the renderer's
 * preload bridge → main's IPC relay → the core worker serving a test company with one
 * production ("woods"). Used by the byte-channel tests (uploads and media reads).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../../../core/api/app.ts';
import { TestClock } from '../../../core/clock.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction } from '../../integration/media/helpers.ts';
import type { CallboardBridge } from '../../../electron/bridge.ts';
import type { MainToWorker, WorkerToMain } from '../../../electron/contract.ts';
import { serveCore } from '../../../electron/core-server.ts';
import { createIpcRelay } from '../../../electron/ipc-relay.ts';
import { exposeApi } from '../../../electron/preload-api.ts';
import { FakeContextBridge, FakeIpcMain, FakeIpcRenderer, FakeWindow, FakeWorker, captureLog, ipcEvent } from './fakes.ts';

const dirs: string[] = [];
const tests: TestApp[] = [];

/** Call from afterEach: waits for background media work, then removes every stack's store and folder. */
export async function closeDesktopStacks(): Promise<void> {
  for (const t of tests.splice(0)) {
    if (!t.app.store.closed) await t.app.services.media.idle();
    t.cleanup();
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export async function openDesktopStack() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-desktop-'));
  dirs.push(dir);
  const ipcMain = new FakeIpcMain();
  const worker = new FakeWorker();
  const win = new FakeWindow();
  const { log, lines } = captureLog();
  const relay = createIpcRelay(ipcMain, worker, { windows: () => [win], log });
  let toWorker: ((event: { data: unknown }) => void) | undefined;
  worker.onPost = (m) => toWorker!({ data: m });
  let test: TestApp | undefined;
  serveCore(
    { postMessage: (m: WorkerToMain) => worker.emit('message', m), on: (_e, l) => (toWorker = l) },
    {
      // A company with one production (what the demo seeds, without its cost).
      openApp: async (): Promise<App> => {
        const t = await createTestApp();
        addProduction(t, 'woods', 'Into the Woods');
        tests.push(t);
        test = t;
        return t.app;
      },
      clock: new TestClock(),
      log: () => undefined,
      exit: () => undefined,
    },
  );
  worker.postMessage({ type: 'open', options: { dataDir: path.join(dir, 'store') } } satisfies MainToWorker);
  await relay.ready;
  const ipcRenderer = new FakeIpcRenderer();
  ipcRenderer.reply = (channel, payload) => ipcMain.invoke(channel, ipcEvent(win), payload);
  const contextBridge = new FakeContextBridge();
  exposeApi(contextBridge, ipcRenderer);
  const bridge = contextBridge.exposed.get('callboard') as CallboardBridge;
  return { bridge, ipcMain, ipcRenderer, win, worker, lines, t: test! };
}
