import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import sharp from 'sharp';
import { CallboardError } from '../../../core/errors.ts';
import { readAll, type BlobHash } from '../../../core/media/blob-store.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction, caller, jpeg, png, sha, upload } from './helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  addProduction(t, 'into-the-woods-2026', 'Into the Woods');
  addProduction(t, 'earnest-2026', 'The Importance of Being Earnest');
});
afterEach(async () => {
  await t.app.services.media.idle();
  t.cleanup();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as CallboardError).code;
  }
  return 'ok';
}

describe('uploading an image', () => {
  it('registers the asset with EXIF date and dimensions, and makes GPS-free renditions in the background', async () => {
    const bytes = await jpeg({ width: 2400, height: 1600, date: '2026:10:03 19:45:10', gps: true });
    expect((await exifr.gps(bytes))?.latitude).toBeCloseTo(45.5);
    const asset = (await upload(t, 'into-the-woods-2026', 'act2-finale.jpg', bytes, {
      title: 'Act 2 finale',
      tags: ['Act 2', 'dress rehearsal', 'act 2'],
      credit: { name: 'Tomás Ruiz' },
    })) as Record<string, unknown>;
    expect(asset).toMatchObject({
      kind: 'photo',
      mime: 'image/jpeg',
      width: 2400,
      height: 1600,
      takenAt: '2026-10-03T19:45:10',
      hash: sha(bytes),
      size: bytes.length,
      tags: ['Act 2', 'dress rehearsal'],
      status: 'ready',
      published: false,
    });
    await t.app.services.media.idle();
    const call = caller(t);
    const got = (await call('media.get', { production: 'into-the-woods-2026', assetId: asset.id })) as {
      renditions: Array<{ variant: string; state: string; hash: string; width: number }>;
      processing: { done: number; total: number };
    };
    expect(got.processing).toEqual({ done: 2, total: 2 });
    const web = got.renditions.find((r) => r.variant === 'web')!;
    expect(web).toMatchObject({ state: 'done', width: 1600 });
    const webBytes = await readAll(await t.app.services.media.blobs.get(web.hash as BlobHash));
    expect((await sharp(webBytes).metadata()).format).toBe('jpeg');
    expect(await exifr.gps(webBytes)).toBeUndefined();
    expect(await exifr.parse(webBytes)).toBeUndefined();
    expect((await sharp(webBytes).metadata()).exif).toBeUndefined();
    const thumb = got.renditions.find((r) => r.variant === 'thumb')!;
    const thumbBytes = await readAll(await t.app.services.media.blobs.get(thumb.hash as BlobHash));
    const thumbMeta = await sharp(thumbBytes).metadata();
    expect(thumbMeta.format).toBe('webp');
    expect(thumbMeta.exif).toBeUndefined();
    expect(Math.max(thumb.width, thumbMeta.height!)).toBe(400);
  });

  it('offers a duplicate by hash as "already in the gallery" instead of uploading it again', async () => {
    const bytes = await jpeg({ color: '#123456' });
    const first = await upload(t, 'into-the-woods-2026', 'a.jpg', bytes);
    const again = await upload(t, 'into-the-woods-2026', 'copy-of-a.jpg', bytes);
    expect(again).toEqual({ duplicates: [{ assetId: first.id, title: 'a.jpg' }] });
    const forced = await upload(t, 'into-the-woods-2026', 'copy-of-a.jpg', bytes, { allowDuplicate: true });
    expect(forced.hash).toBe(first.hash);
    // The same bytes in another production are not a duplicate there.
    expect((await upload(t, 'earnest-2026', 'a.jpg', bytes)).hash).toBe(first.hash);
  });

  it.each([
    ['a PNG named .jpg (lying extension)', 'photo.jpg', () => png(), 'named .jpg but its content is image/png'],
    ['a text file', 'notes.jpg', async () => Buffer.from('these are rehearsal notes, not a photo'), 'not a supported'],
    ['a script disguised as an image', 'x.png', async () => Buffer.from('#!/bin/sh\nrm -rf /\n'), 'not a supported'],
  ])('refuses %s with invalid and leaves no asset record', async (_what, filename, make, message) => {
    const bytes = await make();
    const err = await upload(t, 'into-the-woods-2026', filename, bytes).catch((e: unknown) => e);
    expect((err as CallboardError).code).toBe('invalid');
    expect((err as CallboardError).message).toContain(message);
    const page = (await caller(t)('media.search', {})) as { items: unknown[] };
    expect(page.items).toEqual([]);
    expect(t.app.store.list({ type: 'media-assets' })).toEqual([]);
  });

  it('refuses an empty file, an over-limit file and a wrong declared hash', async () => {
    const call = caller(t);
    const base = { production: 'into-the-woods-2026', filename: 'x.jpg', sha256: 'a'.repeat(64) };
    expect(await codeOf(call('media.beginUpload', { ...base, size: 0 }))).toBe('invalid');
    expect(await codeOf(call('media.beginUpload', { ...base, size: 3 * 1024 * 1024 * 1024 }))).toBe('too_large');
    const bytes = await jpeg();
    const { uploadId } = (await call('media.beginUpload', { ...base, size: bytes.length })) as { uploadId: string };
    const err = await t.app.services.media.uploads
      .writeChunk({ userId: t.adminId, uploadId, offset: 0, bytes, sha256: sha(bytes) })
      .catch((e: unknown) => e);
    expect((err as CallboardError).message).toMatch(/Checksum mismatch/);
    expect(await codeOf(call('media.completeUpload', { production: 'into-the-woods-2026', uploadId, category: 'rehearsal' }))).toBe('conflict');
    expect(t.app.store.list({ type: 'media-assets' })).toEqual([]);
  });

  it('refuses a chunk whose own checksum is wrong, and one at the wrong offset', async () => {
    const bytes = await jpeg();
    const { uploadId } = (await caller(t)('media.beginUpload', { production: 'into-the-woods-2026', filename: 'x.jpg', size: bytes.length, sha256: sha(bytes) })) as { uploadId: string };
    const part = bytes.subarray(0, 100);
    const u = t.app.services.media.uploads;
    expect(await codeOf(u.writeChunk({ userId: t.adminId, uploadId, offset: 0, bytes: part, sha256: sha(Buffer.from('x')) }))).toBe('invalid');
    expect(await codeOf(u.writeChunk({ userId: t.adminId, uploadId, offset: 50, bytes: part, sha256: sha(part) }))).toBe('conflict');
    expect((await u.writeChunk({ userId: t.adminId, uploadId, offset: 0, bytes: part, sha256: sha(part) })).received).toBe(100);
  });

  it("accepts chunks only from the user who began the upload", async () => {
    const call = caller(t);
    const other = (await call('users.create', { name: 'Tomás Ruiz', email: 'tomas@example.org' })) as { id: string };
    const bytes = await jpeg();
    const { uploadId } = (await call('media.beginUpload', { production: 'into-the-woods-2026', filename: 'x.jpg', size: bytes.length, sha256: sha(bytes) })) as { uploadId: string };
    expect(await codeOf(t.app.services.media.uploads.writeChunk({ userId: other.id, uploadId, offset: 0, bytes, sha256: sha(bytes) }))).toBe('not_found');
  });
});

describe('metadata, publishing, video', () => {
  it('refuses to publish an image without alt text, then publishes it once described', async () => {
    const call = caller(t);
    const a = await upload(t, 'into-the-woods-2026', 'p.jpg', await jpeg());
    const err = (await call('media.publish', { production: 'into-the-woods-2026', assetId: a.id }).catch((e: unknown) => e)) as CallboardError;
    expect(err.code).toBe('invalid');
    expect(err.details).toEqual({ field: 'alt' });
    expect(((await call('media.get', { production: 'into-the-woods-2026', assetId: a.id })) as { published: boolean }).published).toBe(false);
    await call('media.update', { production: 'into-the-woods-2026', assetId: a.id, patch: { alt: 'The Baker and his Wife in the woods' } });
    expect(await call('media.publish', { production: 'into-the-woods-2026', assetId: a.id })).toMatchObject({ published: true });
    expect(await codeOf(call('media.update', { production: 'into-the-woods-2026', assetId: a.id, patch: { alt: '' } }))).toBe('invalid');
  });

  it('adds a YouTube trailer as a privacy-enhanced embed and refuses a broken link', async () => {
    const call = caller(t);
    const v = (await call('media.addVideo', { production: 'into-the-woods-2026', url: 'https://youtu.be/dQw4w9WgXcQ?t=12', title: 'Trailer', category: 'posters-marketing' })) as Record<string, unknown>;
    expect(v).toMatchObject({ kind: 'video', embed: { provider: 'youtube', videoId: 'dQw4w9WgXcQ', start: 12 }, embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=12' });
    expect(await call('media.publish', { production: 'into-the-woods-2026', assetId: v.id })).toMatchObject({ published: true });
    const err = (await call('media.addVideo', { production: 'into-the-woods-2026', url: 'https://evil.example/watch?v=x', category: 'press' }).catch((e: unknown) => e)) as CallboardError;
    expect(err.code).toBe('invalid');
    expect(err.details).toEqual({ field: 'url' });
  });

  it('accepts an uploaded poster image for a local video', async () => {
    const call = caller(t);
    const video = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.from([0, 0, 0, 0]), Buffer.from('mp42isom'), Buffer.alloc(200)]);
    const v = await upload(t, 'into-the-woods-2026', 'rehearsal.mp4', video, { category: 'rehearsal' });
    expect(v).toMatchObject({ kind: 'video', mime: 'video/mp4' });
    const poster = await jpeg({ color: '#004400' });
    const withPoster = await upload(t, 'into-the-woods-2026', 'poster-frame.jpg', poster, { posterFor: v.id });
    expect(withPoster).toMatchObject({ id: v.id, poster: sha(poster) });
    await t.app.services.media.idle();
    const got = (await call('media.get', { production: 'into-the-woods-2026', assetId: v.id })) as { urls: { thumb: string | null } };
    expect(got.urls.thumb).toBe(`/media/blob/into-the-woods-2026/${v.id}/thumb`);
  });

  it('adds company categories and refuses unknown ones', async () => {
    const call = caller(t);
    await call('media.addCategory', { name: 'Cast parties' });
    expect((await call('media.categories', {})) as Array<{ id: string }>).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'cast-parties', builtIn: false })]));
    expect(await codeOf(call('media.addCategory', { name: 'cast parties' }))).toBe('conflict');
    expect(await codeOf(upload(t, 'into-the-woods-2026', 'x.jpg', await jpeg(), { category: 'nope' }))).toBe('invalid');
  });

  it('bulk-tags assets', async () => {
    const call = caller(t);
    const a = await upload(t, 'into-the-woods-2026', 'a.jpg', await jpeg({ color: '#111111' }), { tags: ['Act 1'] });
    const b = await upload(t, 'into-the-woods-2026', 'b.jpg', await jpeg({ color: '#222222' }));
    expect(await call('media.tag', { production: 'into-the-woods-2026', assetIds: [a.id, b.id], add: ['dress rehearsal'], remove: ['act 1'] })).toEqual({ changed: 2 });
    const page = (await call('media.search', { tag: 'Dress Rehearsal' })) as { items: Array<{ tags: string[] }> };
    expect(page.items.map((i) => i.tags)).toEqual([['dress rehearsal'], ['dress rehearsal']]);
  });
});

describe('permissions', () => {
  it('lets a photographer upload only to productions granted, and filters lists by view', async () => {
    const call = caller(t);
    const tomas = (await call('users.create', { name: 'Tomás Ruiz', email: 'tomas@example.org' })) as { id: string };
    await call('roles.create', { id: 'photographer-woods', name: 'Photographer (Into the Woods)' });
    await call('grants.add', { roleId: 'photographer-woods', action: 'media.upload', scope: 'media:into-the-woods-2026' });
    await call('grants.add', { roleId: 'photographer-woods', action: 'view', scope: 'media:into-the-woods-2026' });
    await call('users.assignRole', { userId: tomas.id, roleId: 'photographer-woods' });
    const asTomas = t.app.localPrincipal(tomas.id);
    await upload(t, 'earnest-2026', 'e.jpg', await jpeg({ color: '#333333' }));
    const mine = await upload(t, 'into-the-woods-2026', 'w.jpg', await jpeg({ color: '#444444' }), {}, asTomas);
    expect(mine.createdBy).toBe(tomas.id);
    expect(await codeOf(upload(t, 'earnest-2026', 'e2.jpg', await jpeg({ color: '#555555' }), {}, asTomas))).toBe('forbidden');
    expect(await codeOf(caller(t, asTomas)('media.update', { production: 'into-the-woods-2026', assetId: mine.id, patch: { title: 'x' } }))).toBe('forbidden');
    const seen = (await caller(t, asTomas)('media.search', {})) as { items: Array<{ productionId: string }> };
    expect(seen.items.map((i) => i.productionId)).toEqual(['into-the-woods-2026']);
    expect(((await call('media.search', {})) as { items: unknown[] }).items).toHaveLength(2);
    expect(await codeOf(caller(t, asTomas)('media.get', { production: 'earnest-2026', assetId: mine.id }))).toBe('forbidden');
  });
});
