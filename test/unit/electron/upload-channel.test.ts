import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, MAX_UPLOAD_CHUNK_BYTES, type MainToWorker, type UploadChunkResult } from '../../../electron/contract.ts';
import { createIpcRelay } from '../../../electron/ipc-relay.ts';
import { desktopTransfer } from '../../../renderer/screens/media/transfer.tsx';
import { uploadOne, type UploadState } from '../../../renderer/screens/media/upload-file.ts';
import { closeDesktopStacks, openDesktopStack } from './desktop-stack.ts';
import { FakeFrame, FakeIpcMain, FakeWindow, FakeWorker, captureLog, ipcEvent } from './fakes.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
afterEach(closeDesktopStacks);
const desktop = openDesktopStack;

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
