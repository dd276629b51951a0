import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMediaDemo } from '../../../core/daemon/demo/media.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction, caller } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  addProduction(t, 'into-the-woods-2026-27', 'Into the Woods');
  addProduction(t, 'the-importance-of-being-earnest-2025-26', 'The Importance of Being Earnest');
  addProduction(t, 'a-christmas-carol-2026-27', 'A Christmas Carol');
  await seedMediaDemo(t.app, t.admin);
  await t.app.services.media.idle();
});
afterAll(() => t.cleanup());

describe('media demo', () => {
  it('seeds photos, posters, trailers and a gallery per production through the API', async () => {
    const call = caller(t);
    const all = (await call('media.search', { limit: 200 })) as { items: Array<{ kind: string; filename: string; published: boolean; alt: string; credit: { name: string } | null; takenAt: string | null; processing: { done: number; total: number } }> };
    expect(all.items).toHaveLength(15);
    expect(all.items.filter((a) => a.kind === 'video')).toHaveLength(4);
    // The rehearsal clip (ffmpeg made it, and its poster frame and duration on upload).
    const clip = all.items.find((a) => a.filename === 'act1-blocking.mp4') as unknown as { poster: string | null; durationSec: number | null; mime: string };
    expect(clip).toMatchObject({ mime: 'video/mp4' });
    expect(clip.poster).toMatch(/^[0-9a-f]{64}$/);
    expect(clip.durationSec).toBeCloseTo(3, 0);
    expect(all.items.filter((a) => a.kind === 'poster')).toHaveLength(3);
    expect(all.items.filter((a) => a.published).every((a) => a.kind === 'video' || a.alt !== '')).toBe(true);
    expect(all.items.filter((a) => a.kind === 'photo').every((a) => a.credit?.name === 'Tomás Ruiz' && a.takenAt !== null)).toBe(true);
    expect(all.items.filter((a) => a.kind !== 'video' || a.filename === 'act1-blocking.mp4').every((a) => a.processing.done === 2)).toBe(true);
    const act2 = (await call('media.search', { tag: 'Act 2', category: 'production-photos' })) as { items: unknown[] };
    expect(act2.items).toHaveLength(4);
    const galleries = (await call('media.galleries', { production: 'into-the-woods-2026-27' })) as Array<{ id: string; title: string; coverAsset: { title: string } }>;
    expect(galleries.map((g) => [g.title, g.coverAsset.title])).toEqual([['Into the Woods: highlights', 'The Giant approaches']]);
    const g = (await call('media.gallery', { production: 'into-the-woods-2026-27', galleryId: galleries[0]!.id })) as { resolved: Array<{ kind: string }> };
    expect(g.resolved.map((a) => a.kind)).toEqual(['poster', 'photo', 'photo', 'photo', 'video']);
  });
});
