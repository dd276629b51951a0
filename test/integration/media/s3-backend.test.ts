import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { initCompany } from '../../../core/api/setup.ts';
import { TestClock } from '../../../core/clock.ts';
import { readAll, type BlobHash } from '../../../core/media/blob-store.ts';
import { loadMediaConfig } from '../../../core/media/config.ts';
import { S3BlobStore } from '../../../core/media/s3-blob-store.ts';
import { tempDir, type TestApp } from '../../fixtures/app.ts';
import { LOCAL_S3_CREDENTIALS, startLocalS3, type LocalS3 } from '../../fixtures/s3-server.ts';
import { addProduction, jpeg, sha, upload } from './helpers.ts';

process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING ??= '1';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.close();
});

describe('media configuration', () => {
  it('reads media.json and lets the environment choose the backend', () => {
    const dir = tempDir('cb-media-config-');
    expect(loadMediaConfig(dir, {})).toEqual({ primary: { backend: 'fs' }, replicas: [], ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    expect(loadMediaConfig(dir, { CALLBOARD_FFMPEG: '/opt/ffmpeg/bin/ffmpeg' }).ffmpeg).toBe('/opt/ffmpeg/bin/ffmpeg');
    fs.writeFileSync(path.join(dir, 'media.json'), JSON.stringify({ primary: { backend: 's3', bucket: 'riverside-media' }, replicas: [{ name: 'usb', store: { backend: 'fs', path: '/mnt/usb' } }] }));
    expect(loadMediaConfig(dir, {}).primary).toEqual({ backend: 's3', bucket: 'riverside-media' });
    expect(loadMediaConfig(dir, { CALLBOARD_MEDIA_BACKEND: 'fs', CALLBOARD_MEDIA_PATH: '/srv/blobs' }).primary).toEqual({ backend: 'fs', path: '/srv/blobs' });
    expect(() => loadMediaConfig(dir, { CALLBOARD_MEDIA_BACKEND: 'ftp' })).toThrow(/CALLBOARD_MEDIA_BACKEND must be fs, s3 or memory/);
    expect(() => loadMediaConfig(dir, { CALLBOARD_MEDIA_BACKEND: 's3' })).toThrow(/media configuration: primary.bucket/);
    fs.writeFileSync(path.join(dir, 'media.json'), '{ not json');
    expect(() => loadMediaConfig(dir, {})).toThrow(/not valid JSON/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads into an S3-compatible bucket chosen by media.json, with renditions there too', async () => {
    const bucket = await s3.bucket();
    const root = tempDir('cb-media-s3-');
    const dataDir = path.join(root, 'store');
    // media.json goes into an existing store's folder (a new store wants an empty one).
    (await openApp({ dataDir, clock: new TestClock() })).close();
    fs.writeFileSync(path.join(dataDir, 'media.json'), JSON.stringify({ primary: { backend: 's3', bucket, endpoint: s3.endpoint, prefix: 'riverside/' } }));
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = LOCAL_S3_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_S3_CREDENTIALS.secretAccessKey;
    const clock = new TestClock();
    const app = await openApp({ dataDir, clock });
    try {
      const { adminId } = initCompany(app.store, {
        company: { name: 'Riverside Players', shortName: 'Riverside', city: '', timeZone: 'UTC', website: '', email: '' },
        admin: { name: 'Morgan Reyes', email: 'morgan@example.org' },
      });
      const t = { app, clock, dir: dataDir, adminId, admin: app.localPrincipal(adminId), cleanup: () => {} } as TestApp;
      expect(app.services.media.blobs).toBeInstanceOf(S3BlobStore);
      addProduction(t, 'carol-2025', 'A Christmas Carol');
      const bytes = await jpeg({ color: '#8b0000', width: 500, height: 300 });
      const asset = await upload(t, 'carol-2025', 'door.jpg', bytes, { title: 'The red door' });
      await app.services.media.idle();
      expect(sha(await readAll(await app.services.media.blobs.get(asset.hash as BlobHash)))).toBe(sha(bytes));
      const hashes: string[] = [];
      for await (const h of app.services.media.blobs.list()) hashes.push(h);
      expect(hashes).toHaveLength(3); // the original and its two renditions
      expect(fs.existsSync(path.join(dataDir, 'blobs'))).toBe(false);
    } finally {
      await app.services.media.close();
      app.close();
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
