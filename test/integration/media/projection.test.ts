import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ASSETS_PER_DOC } from '../../../core/media/documents.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addProduction, caller } from './helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  addProduction(t, 'woods', 'Into the Woods');
  addProduction(t, 'earnest', 'The Importance of Being Earnest');
});
afterEach(() => t.cleanup());

const dump = (t: TestApp) => ({
  assets: t.app.store.db.prepare('SELECT id, doc_id, production_id, kind, category, sort_at, json FROM media_assets ORDER BY id').all(),
  tags: t.app.store.db.prepare('SELECT * FROM media_asset_tags ORDER BY tag, asset_id').all(),
  fts: t.app.store.db.prepare('SELECT a.id, f.title, f.tags FROM media_assets_fts f JOIN media_assets a ON a.rid = f.rowid ORDER BY a.id').all(),
  galleries: t.app.store.db.prepare('SELECT * FROM media_galleries ORDER BY id').all(),
});

describe('media projection', () => {
  it('rebuilt from the documents equals the incremental result', async () => {
    const call = caller(t);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const v = (await call('media.addVideo', {
        production: i % 3 ? 'woods' : 'earnest',
        url: `https://vimeo.com/${1000 + i}`,
        title: `Scene ${i}`,
        category: i % 2 ? 'rehearsal' : 'press',
        tags: i % 4 ? ['Act 2'] : ['Act 1', 'dress rehearsal'],
        takenAt: `2026-09-${String(10 + i).padStart(2, '0')}T19:00`,
      })) as { id: string; productionId: string };
      ids.push(v.id);
      t.clock.advance(1000);
    }
    await call('media.update', { production: 'woods', assetId: ids[1], patch: { title: 'Into the woods we go', tags: ['Act 1'] } });
    await call('media.tag', { production: 'woods', assetIds: [ids[2], ids[4]], add: ['finale'] });
    await call('media.delete', { production: 'earnest', assetId: ids[3] });
    await call('media.saveGallery', { production: 'woods', title: 'Act 2', items: [{ production: 'woods', assetId: ids[2] }], filter: { tag: 'Act 2' } });
    const incremental = dump(t);
    expect(incremental.assets).toHaveLength(11);
    t.app.store.reindex();
    expect(dump(t)).toEqual(incremental);
  });

  it('pages through results with a keyset cursor, newest first, and filters by tag, text, dates and kind', async () => {
    const call = caller(t);
    for (let i = 0; i < 25; i++) {
      await call('media.addVideo', {
        production: 'woods',
        url: `https://youtu.be/abcdefghi${String(i).padStart(2, '0')}`,
        title: i === 7 ? 'Witch transformation' : `Rehearsal ${i}`,
        category: 'rehearsal',
        tags: i % 2 ? ['Act 2'] : [],
        takenAt: `2026-08-${String(1 + i).padStart(2, '0')}T18:00`,
        credit: i % 5 === 0 ? { personId: 'p0-tomas', name: 'Tomás Ruiz' } : null,
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await call('media.search', { production: 'woods', limit: 10, ...(cursor ? { cursor } : {}) })) as { items: Array<{ takenAt: string }>; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.takenAt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect([...seen].sort().reverse()).toEqual(seen);
    const tagged = (await call('media.search', { tag: 'act 2', limit: 5 })) as { items: Array<{ tags: string[] }>; nextCursor: string };
    expect(tagged.items).toHaveLength(5);
    const rest = (await call('media.search', { tag: 'act 2', limit: 50, cursor: tagged.nextCursor })) as { items: unknown[] };
    expect(rest.items).toHaveLength(7);
    expect(((await call('media.search', { text: 'witch transf' })) as { items: Array<{ title: string }> }).items.map((i) => i.title)).toEqual(['Witch transformation']);
    expect(((await call('media.search', { from: '2026-08-03', to: '2026-08-05' })) as { items: unknown[] }).items).toHaveLength(3);
    expect(((await call('media.search', { person: 'p0-tomas' })) as { items: unknown[] }).items).toHaveLength(5);
    expect(((await call('media.search', { kind: 'photo' })) as { items: unknown[] }).items).toHaveLength(0);
    await expect(call('media.search', { cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(call('media.search', { text: '"unbalanced OR (' })).resolves.toBeDefined();
  });

  it(`splits a production's media into documents of at most ${MAX_ASSETS_PER_DOC} assets`, async () => {
    // Fill part 0 directly through the domain function for speed, then add one more through the API.
    const { addAsset, newAssetId } = await import('../../../core/media/assets.ts');
    t.app.store.transaction(() => {
      for (let i = 0; i < MAX_ASSETS_PER_DOC; i++) {
        addAsset(t.app.store, {
          id: newAssetId(), productionId: 'woods', kind: 'video', category: 'press', tags: [], title: `v${i}`, caption: '', alt: '', credit: null,
          takenAt: null, width: null, height: null, durationSec: null, hash: null, size: 0, mime: 'video/x-vimeo', filename: '', published: false,
          embed: { provider: 'vimeo', videoId: String(i + 1), start: null, hash: null }, poster: null, createdAt: 0, createdBy: t.adminId, updatedAt: 0,
        });
      }
    });
    await caller(t)('media.addVideo', { production: 'woods', url: 'https://vimeo.com/5', category: 'press' });
    expect(t.app.store.list({ type: 'media-assets' }).map((d) => [d.id, d.scope])).toEqual([
      ['media:woods:0', 'media:woods'],
      ['media:woods:1', 'media:woods'],
    ]);
  });
});
