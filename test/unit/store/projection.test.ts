import path from 'node:path';
import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import type { Projection } from '../../../core/store/projection.ts';
import { Store } from '../../../core/store/store.ts';
import { listProjection, projectionRows, type ItemRow, type ListDoc, type TitleRow } from '../../fixtures/store/list-projection.ts';
import { tempDirs } from '../../fixtures/store/temp-dir.ts';

const dirs = tempDirs('cb-projection-');
afterEach(() => dirs.cleanup());

const imm = (s: string) => new A.ImmutableString(s);
const docId = (i: number) => `list-${i}`;

async function openWith(dir: string, clock: TestClock, projections: readonly Projection[] = []): Promise<Store> {
  const store = await Store.open(dir, { clock });
  if (projections.length) store.registerProjections(projections as Projection[]);
  return store;
}

/** The rows the projection should hold, read straight from the documents. */
function expectedRows(store: Store): { titles: TitleRow[]; items: ItemRow[] } {
  const titles: TitleRow[] = [];
  const items: ItemRow[] = [];
  for (const info of store.list({ type: 'list' })) {
    const doc = store.doc<ListDoc>(info.id);
    titles.push({ doc_id: info.id, scope: info.scope, title: doc.title ?? '' });
    for (const [itemId, item] of Object.entries(doc.items ?? {})) {
      items.push({ doc_id: info.id, item_id: itemId, name: String(item.name), qty: item.qty, done: item.done ? 1 : 0 });
    }
  }
  items.sort((a, b) => (a.doc_id + '\u0000' + a.item_id < b.doc_id + '\u0000' + b.item_id ? -1 : 1));
  return { titles, items };
}

function indexedHeads(store: Store, projection: string): Record<string, A.Heads> {
  const rows = store.db.prepare('SELECT doc_id, heads FROM projection_state WHERE projection = ?').all(projection) as Array<{
    doc_id: string;
    heads: string;
  }>;
  return Object.fromEntries(rows.map((r) => [r.doc_id, JSON.parse(r.heads) as A.Heads]));
}

function documentHeads(store: Store, type: string): Record<string, A.Heads> {
  return Object.fromEntries(store.list({ type }).map((i) => [i.id, i.heads]));
}

/** Wraps a projection to count apply calls per document. */
function counting(p: Projection<ListDoc>): { projection: Projection<ListDoc>; applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    projection: { ...p, apply: (db, update) => (applied.push(update.docId), p.apply(db, update)) },
  };
}

// ---- the property: incremental = rebuild ---------------------------------------------

const doc = fc.integer({ min: 0, max: 2 });
const item = fc.constantFrom('a', 'b', 'c', 'd');
const name = fc.constantFrom('Ada', 'Bea', 'Cyril', 'Dana');
const qty = fc.integer({ min: 0, max: 9 });
const title = fc.constantFrom('Props', 'Costumes', 'Lights', '');

type Command =
  | { t: 'create'; doc: number; title: string }
  | { t: 'put'; doc: number; item: string; name: string; qty: number }
  | { t: 'toggle'; doc: number; item: string }
  | { t: 'del'; doc: number; item: string }
  | { t: 'title'; doc: number; title: string }
  | { t: 'replaceItems'; doc: number; item: string; name: string }
  | { t: 'peerPut'; doc: number; item: string; name: string; qty: number }
  | { t: 'peerDel'; doc: number; item: string }
  | { t: 'sync'; doc: number }
  | { t: 'rollback'; doc: number; item: string }
  | { t: 'reopen' }
  | { t: 'offline'; doc: number; item: string; qty: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ t: fc.constant('create' as const), doc, title }),
  fc.record({ t: fc.constant('put' as const), doc, item, name, qty }),
  fc.record({ t: fc.constant('toggle' as const), doc, item }),
  fc.record({ t: fc.constant('del' as const), doc, item }),
  fc.record({ t: fc.constant('title' as const), doc, title }),
  fc.record({ t: fc.constant('replaceItems' as const), doc, item, name }),
  fc.record({ t: fc.constant('peerPut' as const), doc, item, name, qty }),
  fc.record({ t: fc.constant('peerDel' as const), doc, item }),
  fc.record({ t: fc.constant('sync' as const), doc }),
  fc.record({ t: fc.constant('rollback' as const), doc, item }),
  fc.constant({ t: 'reopen' as const }),
  fc.record({ t: fc.constant('offline' as const), doc, item, qty }),
);

/** Applies commands to a store with the projection registered; peers edit forks and sync. */
async function run(dir: string, commands: Command[]): Promise<Store> {
  const clock = new TestClock();
  const projections = [listProjection()];
  let store = await openWith(dir, clock, projections);
  const peers = new Map<string, A.Doc<ListDoc>>();
  const peerOf = (id: string) => peers.get(id) ?? A.clone(store.doc<ListDoc>(id), { actor: 'ee'.repeat(16) });

  for (const c of commands) {
    clock.advance(1000);
    if (c.t === 'reopen') {
      store.close();
      store = await openWith(dir, clock, projections);
      continue;
    }
    const id = docId(c.doc);
    if (c.t === 'create') {
      if (!store.has(id)) {
        store.create<ListDoc>(id, 'list', `section:s${c.doc}`, (d) => {
          d.title = c.title;
          d.items = {};
        });
      }
      continue;
    }
    if (!store.has(id)) continue;
    switch (c.t) {
      case 'put':
        store.change<ListDoc>(id, (d) => void (d.items[c.item] = { name: imm(c.name), qty: c.qty, done: false }));
        break;
      case 'toggle':
        store.change<ListDoc>(id, (d) => {
          const it = d.items[c.item];
          if (it) it.done = !it.done;
        });
        break;
      case 'del':
        store.change<ListDoc>(id, (d) => void delete d.items[c.item]);
        break;
      case 'title':
        store.change<ListDoc>(id, (d) => void (d.title = c.title));
        break;
      case 'replaceItems':
        store.change<ListDoc>(id, (d) => void (d.items = { [c.item]: { name: imm(c.name), qty: 1, done: true } }));
        break;
      case 'peerPut':
        peers.set(id, A.change(peerOf(id), (d) => void (d.items[c.item] = { name: imm(c.name), qty: c.qty, done: true })));
        break;
      case 'peerDel':
        peers.set(id, A.change(peerOf(id), (d) => void delete d.items[c.item]));
        break;
      case 'sync': {
        const peer = peers.get(id);
        if (!peer) break;
        store.applyChanges(id, A.getChanges(A.init(), peer));
        peers.set(id, A.merge(peer, store.doc<ListDoc>(id)));
        break;
      }
      case 'rollback':
        try {
          store.transaction(() => {
            store.change<ListDoc>(id, (d) => void (d.items[c.item] = { name: imm('ROLLED BACK'), qty: 99, done: true }));
            throw new Error('rollback');
          });
        } catch {
          // expected
        }
        break;
      case 'offline': {
        // A change made while the projection is not registered; the next open catches up.
        store.close();
        const bare = await openWith(dir, clock);
        bare.change<ListDoc>(id, (d) => void (d.items[c.item] = { name: imm('offline'), qty: c.qty, done: false }));
        bare.close();
        store = await openWith(dir, clock, projections);
        break;
      }
    }
  }
  return store;
}

describe('projections', () => {
  it('rebuilding from scratch equals the incremental result, for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const dir = path.join(dirs.make(), 'store');
        const store = await run(dir, [{ t: 'create', doc: 0, title: 'Props' }, ...commands]);
        try {
          const incremental = projectionRows(store.db);
          expect(incremental).toEqual(expectedRows(store));
          expect(indexedHeads(store, 'lists')).toEqual(documentHeads(store, 'list'));
          expect(store.reindex()).toEqual({ documents: store.list({ type: 'list' }).length });
          expect(projectionRows(store.db)).toEqual(incremental);
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('updates rows in the same transaction as the change, and not at all when it rolls back', async () => {
    const dir = path.join(dirs.make(), 'store');
    const store = await openWith(dir, new TestClock(), [listProjection()]);
    store.create<ListDoc>('l', 'list', 'section:props', (d) => {
      d.title = 'Props';
      d.items = { a: { name: imm('Sword'), qty: 2, done: false } };
    });
    expect(projectionRows(store.db).items).toEqual([{ doc_id: 'l', item_id: 'a', name: 'Sword', qty: 2, done: 0 }]);
    expect(() =>
      store.transaction(() => {
        store.change<ListDoc>('l', (d) => void delete d.items.a);
        expect(projectionRows(store.db).items).toEqual([]);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(projectionRows(store.db).items).toHaveLength(1);
    expect(indexedHeads(store, 'lists')).toEqual(documentHeads(store, 'list'));
    store.close();
  });

  it('catches up on open from the indexed heads, touching only documents that changed', async () => {
    const dir = path.join(dirs.make(), 'store');
    const clock = new TestClock();
    const first = await openWith(dir, clock, [listProjection()]);
    for (const i of [0, 1, 2]) {
      first.create<ListDoc>(docId(i), 'list', 'section:props', (d) => {
        d.title = `List ${i}`;
        d.items = { a: { name: imm('Cup'), qty: 1, done: false } };
      });
    }
    first.close();

    // Changes made while the projection is not registered.
    const bare = await openWith(dir, clock);
    bare.change<ListDoc>(docId(0), (d) => void (d.items.b = { name: imm('Hat'), qty: 3, done: true }));
    bare.change<ListDoc>(docId(1), (d) => void delete d.items.a);
    bare.create<ListDoc>(docId(3), 'list', 'section:props', (d) => {
      d.title = 'New';
      d.items = { z: { name: imm('Cane'), qty: 1, done: false } };
    });
    bare.create('other', 'note', 'section:props', (d: { text: string }) => void (d.text = 'not a list'));
    expect(projectionRows(bare.db).items.map((r) => `${r.doc_id}/${r.item_id}`)).toEqual([
      'list-0/a',
      'list-1/a',
      'list-2/a',
    ]);
    bare.close();

    const { projection, applied } = counting(listProjection());
    const store = await openWith(dir, clock, [projection]);
    try {
      expect(applied.sort()).toEqual([docId(0), docId(1), docId(3)]);
      expect(projectionRows(store.db)).toEqual(expectedRows(store));
      expect(projectionRows(store.db).items.map((r) => `${r.doc_id}/${r.item_id}`)).toEqual([
        'list-0/a',
        'list-0/b',
        'list-2/a',
        'list-3/z',
      ]);
      expect(indexedHeads(store, 'lists')).toEqual(documentHeads(store, 'list'));
      expect(store.catchUp()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('rebuilds a projection whose version was bumped, and only then', async () => {
    const dir = path.join(dirs.make(), 'store');
    const clock = new TestClock();
    const v1 = await openWith(dir, clock, [listProjection({ version: 1 })]);
    v1.create<ListDoc>('l', 'list', 'section:props', (d) => {
      d.title = 'Props';
      d.items = { a: { name: imm('Sword'), qty: 1, done: false }, b: { name: imm('Shield'), qty: 1, done: false } };
    });
    v1.close();

    const upper = (n: string) => n.toUpperCase();
    const same = counting(listProjection({ version: 1, transformName: upper }));
    const stillV1 = await openWith(dir, clock, [same.projection]);
    // Same version: nothing is re-derived, so the rows keep the old derivation.
    expect(same.applied).toEqual([]);
    expect(projectionRows(stillV1.db).items.map((r) => r.name)).toEqual(['Sword', 'Shield']);
    stillV1.close();

    const bumped = counting(listProjection({ version: 2, transformName: upper }));
    const v2 = await openWith(dir, clock, [bumped.projection]);
    try {
      expect(bumped.applied).toEqual(['l']);
      expect(projectionRows(v2.db).items.map((r) => r.name)).toEqual(['SWORD', 'SHIELD']);
      expect(v2.db.prepare("SELECT version FROM projection_versions WHERE name = 'lists'").pluck().get()).toBe(2);
      expect(indexedHeads(v2, 'lists')).toEqual(documentHeads(v2, 'list'));
    } finally {
      v2.close();
    }
  });
});
