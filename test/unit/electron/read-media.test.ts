import { resolveObjectURL } from 'node:buffer';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../fixtures/app.ts';
import { caller, jpeg, upload } from '../../integration/media/helpers.ts';
import { CHANNELS, MAX_MEDIA_READ_BYTES, type MainToWorker, type MediaBytes } from '../../../electron/contract.ts';
import { createIpcRelay } from '../../../electron/ipc-relay.ts';
import { parseReadMediaPayload } from '../../../electron/ipc-payload.ts';
import { exposeApi } from '../../../electron/preload-api.ts';
import { readMediaBlob, resolveMediaBlob } from '../../../core/daemon/media-blob.ts';
import { desktopTransfer } from '../../../renderer/screens/media/transfer.tsx';
import { closeDesktopStacks, openDesktopStack } from './desktop-stack.ts';
import { FakeContextBridge, FakeFrame, FakeIpcMain, FakeIpcRenderer, FakeWindow, FakeWorker, captureLog, ipcEvent } from './fakes.ts';

afterEach(closeDesktopStacks);
const desktop = openDesktopStack;

/** A photo uploaded to "woods" by the admin, with its renditions made. */
async function photo(t: TestApp): Promise<{ id: string; urls: { thumb: string; web: string; original: string } }> {
  const asset = await upload(t, 'woods', 'curtain-call.jpg', await jpeg({ width: 900, height: 600, color: '#884422' }));
  await t.app.services.media.idle();
  return (await caller(t)('media.get', { production: 'woods', assetId: asset.id })) as { id: string; urls: { thumb: string; web: string; original: string } };
}

describe('desktop media reads (preload → relay → core worker)', () => {
  it('reads a thumbnail end to end: the rendition bytes and content type', async () => {
    const { bridge, t } = await desktop();
    const asset = await photo(t);
    expect(asset.urls.thumb).toBe(`/media/blob/woods/${asset.id}/thumb`);
    const got: MediaBytes = await bridge.readMedia(asset.urls.thumb);
    expect(got.contentType).toBe('image/webp');
    expect(got.bytes).toBeInstanceOf(Uint8Array);
    const meta = await sharp(got.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(400);
    // The same bytes the daemon's route sends for that path.
    const blob = await resolveMediaBlob(t.app, t.admin, { production: 'woods', assetId: asset.id, variant: 'thumb' });
    expect(Buffer.from(got.bytes).equals(Buffer.from(await readMediaBlob(blob, MAX_MEDIA_READ_BYTES)))).toBe(true);
    const web = await bridge.readMedia(asset.urls.web);
    expect(web.contentType).toBe('image/jpeg');
  });

  it("desktopTransfer.imageUrl makes a Blob object URL of the rendition's bytes, and null when it cannot be shown", async () => {
    const { bridge, t } = await desktop();
    const asset = await photo(t);
    const transfer = desktopTransfer(bridge);
    const url = await transfer.imageUrl(asset.urls.thumb);
    expect(url).toMatch(/^blob:/);
    const blob = resolveObjectURL(url!);
    expect(blob?.type).toBe('image/webp');
    expect((await sharp(Buffer.from(await blob!.arrayBuffer())).metadata()).format).toBe('webp');
    URL.revokeObjectURL(url!);
    expect(await transfer.imageUrl(`/media/blob/woods/ast-${'0'.repeat(16)}/thumb`)).toBeNull();
    expect(await transfer.imageUrl(asset.urls.original)).toBeNull();
    // An older preload without readMedia: no image, no error.
    expect(await desktopTransfer({ uploadChunk: bridge.uploadChunk }).imageUrl(asset.urls.thumb)).toBeNull();
  });

  it('refuses a user who may not view the production (forbidden), as the daemon route does', async () => {
    const { bridge, t } = await desktop();
    const asset = await photo(t);
    const call = caller(t);
    const dev = (await call('users.create', { name: 'Dev Okafor', email: 'dev@example.org' })) as { id: string };
    await bridge.invoke('desktop.selectUser', { user: dev.id });
    await expect(bridge.readMedia(asset.urls.thumb)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await desktopTransfer(bridge).imageUrl(asset.urls.thumb)).toBeNull();
    // Granted view of that production's media, the same read succeeds.
    await call('roles.create', { id: 'woods-viewer', name: 'Woods viewer' });
    await call('grants.add', { roleId: 'woods-viewer', action: 'view', scope: 'media:woods' });
    await call('users.assignRole', { userId: dev.id, roleId: 'woods-viewer' });
    await expect(bridge.readMedia(asset.urls.thumb)).resolves.toMatchObject({ contentType: 'image/webp' });
  });

  it('main refuses any path outside /media/blob/<production>/<assetId>/<thumb|web>, and foreign senders, before the worker sees them', async () => {
    const ipcMain = new FakeIpcMain();
    const worker = new FakeWorker();
    const win = new FakeWindow();
    const { log, lines } = captureLog();
    createIpcRelay(ipcMain, worker, { windows: () => [win], log });
    worker.emit('message', { type: 'ready', deviceId: 'd', dataDir: '/d', procedures: [], company: true });
    const asset = `ast-${'a1'.repeat(8)}`;
    const read = (payload: unknown, event = ipcEvent(win)) => ipcMain.invoke(CHANNELS.readMedia, event, payload);
    const bad = [
      `/media/blob/woods/${asset}/original`,
      `/media/blob/woods/${asset}/poster`,
      `/media/blob/woods/${asset}/thumb?x=1`,
      `/media/blob/woods/${asset}/thumb/`,
      `/media/blob/woods/extra/${asset}/thumb`,
      `/media/blob/../${asset}/thumb`,
      `/media/blob/%2E%2E/${asset}/thumb`,
      `/media/blob/%zz/${asset}/thumb`,
      `/media/blob/woods/ast-1/thumb`,
      `media/blob/woods/${asset}/thumb`,
      `https://evil.example/media/blob/woods/${asset}/thumb`,
      `/media/uploads/upl-1`,
      `/api/users.list`,
      '',
    ];
    for (const p of bad) {
      expect(await read({ path: p }), p).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'path' } } });
    }
    expect(await read({ path: 42 })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'path' } } });
    expect(await read({ path: `/media/blob/woods/${asset}/thumb`, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await read(undefined)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await read({ path: `/media/blob/woods/${asset}/thumb` }, ipcEvent(win, new FakeFrame('https://evil.example/')))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(worker.posted.filter((m) => (m as MainToWorker).type === 'read-media')).toEqual([]);
    expect(lines.some((l) => l.includes(CHANNELS.readMedia))).toBe(true);
    // A good one goes to the worker with its window, the production decoded.
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'read-media') worker.emit('message', { type: 'result', id: msg.id, ok: true, result: { bytes: new Uint8Array([1, 2]), contentType: 'image/webp' } });
    };
    expect(await read({ path: `/media/blob/spring.2026/${asset}/web` })).toEqual({ ok: true, result: { bytes: new Uint8Array([1, 2]), contentType: 'image/webp' } });
    expect(worker.posted.filter((m) => (m as MainToWorker).type === 'read-media')).toEqual([
      { type: 'read-media', id: 1, window: win.webContents.id, production: 'spring.2026', assetId: asset, variant: 'web' },
    ]);
    expect(parseReadMediaPayload({ path: `/media/blob/a%2Db/${asset}/thumb` })).toEqual({ production: 'a-b', assetId: asset, variant: 'thumb' });
  });

  it('the preload refuses a non-string path without calling main', async () => {
    const ipcRenderer = new FakeIpcRenderer();
    const contextBridge = new FakeContextBridge();
    const api = exposeApi(contextBridge, ipcRenderer);
    await expect(api.readMedia(42 as unknown as string)).rejects.toMatchObject({ code: 'invalid', details: { field: 'path' } });
    expect(ipcRenderer.invoked).toEqual([]);
  });

  it('refuses a rendition over the size bound (too_large) without reading it', async () => {
    const { t } = await desktop();
    const asset = await photo(t);
    const blob = await resolveMediaBlob(t.app, t.admin, { production: 'woods', assetId: asset.id, variant: 'thumb' });
    await expect(readMediaBlob(blob, 10)).rejects.toMatchObject({ code: 'too_large' });
    await expect(readMediaBlob({ ...blob, size: 1 }, 10)).rejects.toMatchObject({ code: 'too_large' });
  });
});
