import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, type BlobHash } from '../../../core/media/blob-store.ts';
import { UploadManager } from '../../../core/media/uploads.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction, caller, jpeg, sha } from './helpers.ts';

let t: TestApp;
let photo: Buffer;
beforeAll(async () => {
  t = await createTestApp();
  addProduction(t, 'into-the-woods-2026', 'Into the Woods');
  // A real JPEG padded with a comment-free tail so it is large enough to cut anywhere.
  photo = Buffer.concat([await jpeg({ width: 300, height: 200, date: '2026:10:03 19:45:10' })]);
});
afterAll(async () => {
  await t.app.services.media.idle();
  t.cleanup();
});

describe('resumable uploads', () => {
  it('survives interruptions at random points (lost process state, torn writes, resent chunks): the final hash matches and nothing is registered before completion', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: photo.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom('restart', 'torn-write', 'resend', 'none'), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 512, max: 4096 }),
        async (cuts, faults, chunk) => {
          const call = caller(t);
          const bytes = Buffer.concat([photo, Buffer.from(String(cuts.join(',')))]); // a distinct file per run
          const { uploadId } = (await call('media.beginUpload', { production: 'into-the-woods-2026', filename: 'finale.jpg', size: bytes.length, sha256: sha(bytes), allowDuplicate: true })) as { uploadId: string };
          let uploads = t.app.services.media.uploads;
          const assetsBefore = t.app.store.db.prepare('SELECT count(*) FROM media_assets').pluck().get();
          const stops = [...new Set(cuts)].sort((a, b) => a - b);
          let offset = 0;
          for (const [i, stop] of stops.entries()) {
            while (offset < stop) {
              const part = bytes.subarray(offset, Math.min(stop, offset + chunk));
              offset = (await uploads.writeChunk({ userId: t.adminId, uploadId, offset, bytes: part, sha256: sha(part) })).received;
            }
            // The interruption.
            const fault = faults[i % faults.length];
            if (fault === 'restart') {
              uploads = new UploadManager({ db: t.app.store.db, clock: t.clock, dir: uploads.dir, blobs: () => t.app.services.media.blobs });
            } else if (fault === 'torn-write') {
              fs.appendFileSync(path.join(uploads.dir, `${uploadId}.part`), Buffer.from('garbage written before the crash'));
              uploads = new UploadManager({ db: t.app.store.db, clock: t.clock, dir: uploads.dir, blobs: () => t.app.services.media.blobs });
            } else if (fault === 'resend' && offset > 0) {
              const back = Math.max(0, offset - 10);
              const part = bytes.subarray(back, offset);
              await expect(uploads.writeChunk({ userId: t.adminId, uploadId, offset: back, bytes: part, sha256: sha(part) })).rejects.toMatchObject({ code: 'conflict' });
            }
            expect(t.app.store.db.prepare('SELECT count(*) FROM media_assets').pluck().get()).toBe(assetsBefore);
            offset = await uploads.resumeOffset(t.adminId, uploadId);
            expect(offset).toBe(stop);
          }
          while (offset < bytes.length) {
            const part = bytes.subarray(offset, offset + chunk);
            offset = (await uploads.writeChunk({ userId: t.adminId, uploadId, offset, bytes: part, sha256: sha(part) })).received;
          }
          const asset = (await call('media.completeUpload', { production: 'into-the-woods-2026', uploadId, category: 'rehearsal' })) as { hash: BlobHash };
          expect(asset.hash).toBe(sha(bytes));
          expect(sha(await readAll(await t.app.services.media.blobs.get(asset.hash)))).toBe(sha(bytes));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('an abandoned upload leaves no asset record, and expiry removes its partial file', async () => {
    const call = caller(t);
    const bytes = Buffer.concat([photo, Buffer.from('abandoned')]);
    const { uploadId } = (await call('media.beginUpload', { production: 'into-the-woods-2026', filename: 'x.jpg', size: bytes.length, sha256: sha(bytes), allowDuplicate: true })) as { uploadId: string };
    const part = bytes.subarray(0, 100);
    await t.app.services.media.uploads.writeChunk({ userId: t.adminId, uploadId, offset: 0, bytes: part, sha256: sha(part) });
    expect(await call('media.myUploads', {})).toEqual(expect.arrayContaining([expect.objectContaining({ uploadId, received: 100, state: 'receiving' })]));
    const file = path.join(t.app.services.media.uploads.dir, `${uploadId}.part`);
    expect(fs.existsSync(file)).toBe(true);
    expect(t.app.store.db.prepare('SELECT count(*) FROM media_assets WHERE json LIKE ?').pluck().get('%"x.jpg"%')).toBe(0);
    t.clock.advance(8 * 24 * 3600 * 1000);
    expect(t.app.services.media.uploads.expire(7 * 24 * 3600 * 1000)).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(file)).toBe(false);
  });
});
