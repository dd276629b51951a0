import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../core/daemon/server.ts';
import { httpChunkSender, uploadFile } from '../../../core/daemon/media-upload.ts';
import { callDaemon } from '../../../core/daemon/remote.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction, jpeg, sha } from './helpers.ts';

let t: TestApp;
let server: RunningServer;
let token: string;

beforeEach(async () => {
  t = await createTestApp();
  addProduction(t, 'into-the-woods-2026', 'Into the Woods');
  token = t.app.services.tokens.create(t.adminId, 'test').token;
  server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'local-secret-for-tests', log: () => {} });
});
afterEach(async () => {
  await server.close();
  await t.app.services.media.idle();
  t.cleanup();
});

const put = (uploadId: string, offset: number, bytes: Buffer, auth: string | null = token, chunkSha = sha(bytes)) =>
  fetch(`${server.url}media/uploads/${uploadId}?offset=${offset}`, {
    method: 'PUT',
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'x-chunk-sha256': chunkSha },
    body: new Uint8Array(bytes),
  });
const api = (procedure: string, input: unknown, auth = token) => callDaemon({ url: server.url, token: auth }, procedure, input);

describe('media byte routes', () => {
  it('uploads in chunks over HTTP, resumes from the reported offset, and serves the renditions', async () => {
    const bytes = await jpeg({ width: 900, height: 600, gps: true, date: '2026:10:01 20:00:00' });
    const { uploadId } = (await api('media.beginUpload', { production: 'into-the-woods-2026', filename: 'curtain.jpg', size: bytes.length, sha256: sha(bytes) })) as { uploadId: string };
    const first = await put(uploadId, 0, bytes.subarray(0, 500));
    expect(first.status).toBe(200);
    expect(((await first.json()) as { result: { received: number } }).result.received).toBe(500);
    // The client lost track (a dropped connection): it asks where to resume.
    expect(await api('media.uploadStatus', { production: 'into-the-woods-2026', uploadId })).toMatchObject({ offset: 500, state: 'receiving' });
    const stale = await put(uploadId, 0, bytes.subarray(0, 500));
    expect(stale.status).toBe(409);
    const badSum = await put(uploadId, 500, bytes.subarray(500), token, sha(Buffer.from('no')));
    expect(((await badSum.json()) as { error: { code: string } }).error.code).toBe('invalid');
    const last = await put(uploadId, 500, bytes.subarray(500));
    expect(((await last.json()) as { result: { complete: boolean } }).result.complete).toBe(true);
    const asset = (await api('media.completeUpload', { production: 'into-the-woods-2026', uploadId, category: 'production-photos', title: 'Curtain call' })) as { id: string };
    await t.app.services.media.idle();

    const web = await fetch(`${server.url}media/blob/into-the-woods-2026/${asset.id}/web`, { headers: { authorization: `Bearer ${token}` } });
    expect(web.status).toBe(200);
    expect(web.headers.get('content-type')).toBe('image/jpeg');
    const webBytes = Buffer.from(await web.arrayBuffer());
    expect(webBytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const original = await fetch(`${server.url}media/blob/into-the-woods-2026/${asset.id}/original`, { headers: { authorization: `Bearer ${token}` } });
    expect(sha(Buffer.from(await original.arrayBuffer()))).toBe(sha(bytes));
    expect(original.headers.get('content-disposition')).toBe('attachment; filename="curtain.jpg"');
    const noAuth = await fetch(`${server.url}media/blob/into-the-woods-2026/${asset.id}/web`);
    expect(noAuth.status).toBe(401);
  });

  it("refuses chunks without a token, for someone else's upload, and for an unknown upload", async () => {
    const bytes = await jpeg();
    const { uploadId } = (await api('media.beginUpload', { production: 'into-the-woods-2026', filename: 'a.jpg', size: bytes.length, sha256: sha(bytes) })) as { uploadId: string };
    expect((await put(uploadId, 0, bytes, null)).status).toBe(401);
    const other = (await api('users.create', { name: 'Dev Okafor', email: 'dev@example.org' })) as { id: string };
    const otherToken = t.app.services.tokens.create(other.id, 'dev').token;
    expect((await put(uploadId, 0, bytes, otherToken)).status).toBe(404);
    expect((await put('upl-nope', 0, bytes)).status).toBe(404);
    expect(t.app.services.media.uploads.get(uploadId)?.received).toBe(0);
  });

  it('uploads a file with the CLI helper and offers the duplicate the second time', async () => {
    const dir = path.dirname(t.dir);
    const file = path.join(dir, 'poster.jpg');
    fs.writeFileSync(file, await jpeg({ color: '#775500', width: 600, height: 900 }));
    const sender = httpChunkSender({ url: server.url, token }, (p, i) => api(p, i));
    const progress: number[] = [];
    const out = await uploadFile(sender, file, { production: 'into-the-woods-2026', category: 'posters-marketing', kind: 'poster' }, (sent) => progress.push(sent));
    expect(out.asset).toMatchObject({ kind: 'poster', width: 600, height: 900 });
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
    const again = await uploadFile(sender, file, { production: 'into-the-woods-2026', category: 'posters-marketing' });
    expect(again.duplicates).toHaveLength(1);
  });
});
