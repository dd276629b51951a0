import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAll, type BlobHash } from '../../../core/media/blob-store.ts';
import { createTestApp, tempDir, type TestApp } from '../../fixtures/app.ts';
import { addProduction, upload } from './helpers.ts';

let t: TestApp;
let work: string;
beforeEach(async () => {
  t = await createTestApp();
  addProduction(t, 'woods', 'Into the Woods');
  work = tempDir('cb-video-');
});
afterEach(async () => {
  await t.app.services.media.idle();
  t.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A 2-second 160×120 test pattern, made by ffmpeg itself. */
function makeVideo(): Buffer {
  const file = path.join(work, 'rehearsal.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=160x120:rate=10', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', file]);
  return fs.readFileSync(file);
}

type Uploaded = { id: string; kind: string; poster: string | null; durationSec: number | null; width: number | null; height: number | null; notice: string | null };

describe('uploaded videos get a poster frame and a duration from ffmpeg', () => {
  it('extracts a JPEG frame and the duration, and makes the poster renditions', async () => {
    const video = makeVideo();
    const a = (await upload(t, 'woods', 'rehearsal.mp4', video, { title: 'Act 1 run-through' })) as unknown as Uploaded;
    expect(a).toMatchObject({ kind: 'video', width: 160, height: 120, notice: null });
    expect(a.durationSec).toBeCloseTo(2, 0);
    expect(a.poster).toMatch(/^[0-9a-f]{64}$/);
    const jpeg = await readAll(await t.app.services.media.blobs.get(a.poster as BlobHash));
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    await t.app.services.media.idle();
    const got = (await t.app.dispatcher.call(t.admin, 'media.get', { production: 'woods', assetId: a.id })) as { renditions: Array<{ variant: string; state: string }> };
    expect(got.renditions.map((r) => r.state)).toEqual(['done', 'done']);
  });

  it('without ffmpeg, registers the video with a clear notice and no poster', async () => {
    t.app.services.media.config.ffmpeg = path.join(work, 'no-such-ffmpeg');
    t.app.services.media.config.ffprobe = path.join(work, 'no-such-ffprobe');
    const a = (await upload(t, 'woods', 'rehearsal.mp4', makeVideo())) as unknown as Uploaded;
    expect(a).toMatchObject({ kind: 'video', poster: null, durationSec: null });
    expect(a.notice).toMatch(/ffmpeg is not installed on this device/);
    expect(a.notice).toMatch(/Upload a poster image/);
  });

  it('a video ffmpeg cannot read still uploads, saying why there is no frame', async () => {
    const video = makeVideo();
    const broken = Buffer.concat([video.subarray(0, 64), Buffer.alloc(4000, 7)]);
    const a = (await upload(t, 'woods', 'broken.mp4', broken)) as unknown as Uploaded;
    expect(a.poster).toBeNull();
    expect(a.notice).toMatch(/could not read the video/);
  });
});
