import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { setupLocalTables } from '../../../core/media/local-tables.ts';
import type { Asset } from '../../../core/media/model.ts';
import { insertAsset, mediaAssetsProjection, sortKey } from '../../../core/media/projection.ts';
import { ftsQuery, searchAssets } from '../../../core/media/queries.ts';
import type { SqliteDatabase } from '../../../core/store/database.ts';

function asset(i: number, title: string): Asset {
  return {
    id: `ast-${i.toString(16).padStart(16, '0')}`, productionId: `show-${i % 7}`, kind: 'photo', category: 'rehearsal', tags: i % 2 ? ['Act 2'] : [],
    title, caption: '', alt: '', credit: null, takenAt: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}T19:00:00`,
    width: 1, height: 1, durationSec: null, hash: null, size: 0, mime: 'image/jpeg', filename: '', published: false, embed: null, poster: null,
    createdAt: i, createdBy: 'u', updatedAt: i,
  };
}

function db(): SqliteDatabase {
  const d = new Database(':memory:') as unknown as SqliteDatabase;
  mediaAssetsProjection.setup(d);
  setupLocalTables(d);
  return d;
}

function pageAll(d: SqliteDatabase, filter: Parameters<typeof searchAssets>[1], visibility: Parameters<typeof searchAssets>[2] = { productions: 'all' }): Asset[] {
  const out: Asset[] = [];
  let cursor: string | undefined;
  do {
    const page = searchAssets(d, filter, visibility, { limit: 37, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const newestFirst = (list: Asset[]) => [...list].sort((a, b) => sortKey(b).localeCompare(sortKey(a)) || b.id.localeCompare(a.id));

describe('searchAssets', () => {
  it.each([
    ['a few text matches (sorted matches)', 40],
    ['many text matches (walks the sort index)', 2600],
  ])('pages through %s newest first, each exactly once', (_what, matching) => {
    const d = db();
    const all: Asset[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = asset(i, i < matching ? `Witch transformation ${i}` : `Curtain call ${i}`);
      all.push(a);
      insertAsset(d, 'doc', a);
    }
    const expected = newestFirst(all.filter((a) => a.title.startsWith('Witch'))).map((a) => a.id);
    expect(pageAll(d, { text: 'witch transf' }).map((a) => a.id)).toEqual(expected);
    const visible = ['show-1', 'show-3'];
    expect(pageAll(d, { text: 'witch', tag: 'act 2' }, { productions: visible }).map((a) => a.id)).toEqual(
      newestFirst(all.filter((a) => a.title.startsWith('Witch') && a.tags.includes('Act 2') && visible.includes(a.productionId))).map((a) => a.id),
    );
  });

  it('turns free text into quoted prefix terms (no FTS syntax gets through)', () => {
    expect(ftsQuery('Witch "transf" OR NEAR(')).toBe('"Witch"* "transf"* "OR"* "NEAR"*');
    expect(ftsQuery('  ,;  ')).toBeNull();
  });
});
