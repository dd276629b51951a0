import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../core/api/app.ts';
import { TestClock } from '../../../core/clock.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction } from '../../integration/media/helpers.ts';
import { CHANNELS, MAX_UPLOAD_CHUNK_BYTES, type MainToWorker, type UploadChunkResult, type WorkerToMain } from '../../../electron/contract.ts';
import { serveCore } from '../../../electron/core-server.ts';
import { createIpcRelay } from '../../../electron/ipc-relay.ts';
import { exposeApi } from '../../../electron/preload-api.ts';
import type { CallboardBridge } from '../../../electron/bridge.ts';
import { desktopTransfer } from '../../../renderer/screens/media/transfer.tsx';
import { uploadOne, type UploadState } from '../../../renderer/screens/media/upload-file.ts';
import { FakeContextBridge, FakeFrame, FakeIpcMain, FakeIpcRenderer, FakeWindow, FakeWorker, captureLog, ipcEvent } from './fakes.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const dirs: string[] = [];
const tests: TestApp[] = [];
afterEach(async () => {
  for (const t of tests.splice(0)) {
    if (!t.app.store.closed) await t.app.services.media.idle();
    t.cleanup();
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** renderer (preload bridge) → main (IPC relay) → core worker, each through the fakes of Electron. */
async function desktop() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-desktop-upload-'));
  dirs.push(dir);
  const ipcMain = new FakeIpcMain();
  const worker = new FakeWorker();
  const win = new FakeWindow();
  const { log, lines } = captureLog();
  createIpcRelay(ipcMain, worker, { windows: () => [win], log });
  let toWorker: ((event: { data: unknown }) => void) | undefined;
  worker.onPost = (m) => toWorker!({ data: m });
  serveCore(
    { postMessage: (m: WorkerToMain) => worker.emit('message', m), on: (_e, l) => (toWorker = l) },
    {
      // A company with one production (what the demo seeds, without its cost).
      openApp: async (): Promise<App> => {
        const t = await createTestApp();
        addProduction(t, 'woods', 'Into the Woods');
        tests.push(t);
        return t.app;
      },
      clock: new TestClock(),
      log: () => undefined,
      exit: () => undefined,
    },
  );
  worker.postMessage({ type: 'open', options: { dataDir: path.join(dir, 'store') } } satisfies MainToWorker);
  const ipcRenderer = new FakeIpcRenderer();
  ipcRenderer.reply = (channel, payload) => ipcMain.invoke(channel, ipcEvent(win), payload);
  const contextBridge = new FakeContextBridge();
  exposeApi(contextBridge, ipcRenderer);
  const bridge = contextBridge.exposed.get('callboard') as CallboardBridge;
  return { bridge, ipcMain, win, worker, lines, ipcRenderer };
}

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#884422' } }).jpeg().toBuffer();
}

describe('desktop upload channel (preload → relay → core worker)', () => {
  it('uploads a file in chunks with progress, and the asset appears', async () => {
    const { bridge } = await desktop();
    const production = 'woods';
    const bytes = await photo();
    const file = new File([new Uint8Array(bytes)], 'curtain-call.jpg', { type: 'image/jpeg' });
    const states: UploadState[] = [];
    // Tiny chunks so the upload takes several messages.
    const transfer = desktopTransfer(bridge);
    const chunked = { ...transfer, sendChunk: transfer.sendChunk };
    const begin = bridge.invoke.bind(bridge);
    const client = {
      invoke: ((procedure: string, input: unknown) =>
        procedure === 'media.beginUpload'
          ? (begin(procedure as 'media.beginUpload', input as never) as Promise<{ chunkSize: number }>).then((r) => ({ ...r, chunkSize: 256 }))
          : begin(procedure as never, input as never)) as typeof bridge.invoke,
    };
    const final = await uploadOne(client, chunked, file, { production, category: 'production-photos', tags: ['curtain call'], credit: 'Tomás Ruiz' }, (s) => states.push(s));
    expect(final.kind).toBe('done');
    const progress = states.filter((s): s is Extract<UploadState, { kind: 'uploading' }> => s.kind === 'uploading').map((s) => s.sent);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const asset = (await bridge.invoke('media.get', { production, assetId: (final as { assetId: string }).assetId })) as { hash: string; title: string; size: number };
    expect(asset).toMatchObject({ hash: sha(bytes), title: 'curtain-call', size: bytes.length });
  });

  it('refuses a bad chunk with a clear error, and a resumed upload continues from its offset', async () => {
    const { bridge } = await desktop();
    const production = 'woods';
    const bytes = await photo();
    const begun = (await bridge.invoke('media.beginUpload', { production, filename: 'a.jpg', size: bytes.length, sha256: sha(bytes) })) as { uploadId: string };
    const first = bytes.subarray(0, 500);
    await expect(bridge.uploadChunk(begun.uploadId, 0, first, sha(Buffer.from('other')))).rejects.toMatchObject({ code: 'invalid' });
    const r1: UploadChunkResult = await bridge.uploadChunk(begun.uploadId, 0, first, sha(first));
    expect(r1).toEqual({ uploadId: begun.uploadId, received: 500, size: bytes.length, complete: false });
    // Not at the upload's offset: conflict; the status tells where to resume.
    await expect(bridge.uploadChunk(begun.uploadId, 0, first, sha(first))).rejects.toMatchObject({ code: 'conflict' });
    const rest = bytes.subarray(500);
    const r2 = await bridge.uploadChunk(begun.uploadId, 500, rest, sha(rest));
    expect(r2).toMatchObject({ received: bytes.length, complete: true });
    await expect(bridge.uploadChunk('upl-nobody', 0, first, sha(first))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('main parses every chunk payload and refuses foreign senders before the worker sees anything', async () => {
    const ipcMain = new FakeIpcMain();
    const worker = new FakeWorker();
    const win = new FakeWindow();
    const { log, lines } = captureLog();
    createIpcRelay(ipcMain, worker, { windows: () => [win], log });
    worker.emit('message', { type: 'ready', deviceId: 'd', dataDir: '/d', procedures: [], company: true });
    const good = { uploadId: 'upl-1', offset: 0, sha256: 'a'.repeat(64), bytes: new Uint8Array([1, 2, 3]) };
    const send = (payload: unknown, event = ipcEvent(win)) => ipcMain.invoke(CHANNELS.uploadChunk, event, payload);
    expect(await send({ ...good, bytes: [1, 2, 3] })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'bytes' } } });
    expect(await send({ ...good, sha256: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'sha256' } } });
    expect(await send({ ...good, offset: -1 })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'offset' } } });
    expect(await send({ ...good, bytes: new Uint8Array(0) })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'bytes' } } });
    expect(await send({ ...good, bytes: new Uint8Array(MAX_UPLOAD_CHUNK_BYTES + 1) })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await send({ ...good, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await send(good, ipcEvent(win, new FakeFrame('https://evil.example/')))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(worker.posted.filter((m) => (m as MainToWorker).type === 'chunk')).toEqual([]);
    expect(lines.some((l) => l.includes(CHANNELS.uploadChunk))).toBe(true);
    // A good one goes through with its window.
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'chunk') worker.emit('message', { type: 'result', id: msg.id, ok: true, result: { uploadId: 'upl-1', received: 3, size: 9, complete: false } });
    };
    expect(await send(good)).toEqual({ ok: true, result: { uploadId: 'upl-1', received: 3, size: 9, complete: false } });
    expect(worker.posted.filter((m) => (m as MainToWorker).type === 'chunk')).toEqual([{ type: 'chunk', id: 1, window: win.webContents.id, ...good }]);
  });
});
