import path from 'node:path';
import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { CallboardError } from '../../../core/errors.ts';
import { BULK_MERGE_CHANGES, mergeChanges, Store, type DocChange, type StoreOptions } from '../../../core/store/store.ts';
import { tempDirs } from '../../fixtures/store/temp-dir.ts';

interface Note {
  title: string;
  count: number;
  tags?: string[];
}

const dirs = tempDirs('cb-store-unit-');
const open: Store[] = [];

afterEach(() => {
  for (const s of open.splice(0)) s.close();
  dirs.cleanup();
});

async function openStore(dir: string, options: Partial<StoreOptions> = {}): Promise<Store> {
  const store = await Store.open(dir, { clock: options.clock ?? new TestClock(), ...options });
  open.push(store);
  return store;
}

async function freshStore(options: Partial<StoreOptions> = {}): Promise<{ store: Store; dir: string; clock: TestClock }> {
  const dir = path.join(dirs.make(), 'store');
  const clock = (options.clock as TestClock | undefined) ?? new TestClock();
  return { store: await openStore(dir, { ...options, clock }), dir, clock };
}

function chunkKinds(store: Store, id: string): string[] {
  return store.storage.loadRangeSync([id]).map((c) => c.key[1]!);
}

/** Runs `fn` and returns the CallboardError it throws (fails the test if it does not throw one). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CallboardError);
    return (err as CallboardError).code;
  }
  throw new Error('expected a CallboardError, nothing was thrown');
}

function recordEvents(store: Store): DocChange[] {
  const events: DocChange[] = [];
  store.subscribe((e) => events.push(e));
  return events;
}

describe('Store documents', () => {
  it('creates, changes, reads, lists and describes documents', async () => {
    const { store, clock } = await freshStore();
    const created = store.create<Note>('note-1', 'note', 'section:costumes', (d) => {
      d.title = 'Fittings';
      d.count = 1;
    });
    expect(created).toEqual({ title: 'Fittings', count: 1 });
    const createdAt = clock.now();

    clock.advance(60_000);
    const changed = store.change<Note>('note-1', (d) => {
      d.count += 1;
    });
    expect(changed.count).toBe(2);
    expect(store.doc<Note>('note-1')).toEqual({ title: 'Fittings', count: 2 });

    const info = store.info('note-1');
    expect(info).toEqual({
      id: 'note-1',
      type: 'note',
      scope: 'section:costumes',
      createdAt,
      updatedAt: createdAt + 60_000,
      heads: A.getHeads(changed),
    });

    store.create<Note>('cal-1', 'calendar', 'production:hamlet', (d) => {
      d.title = 'Hamlet';
      d.count = 0;
    });
    store.create<Note>('note-0', 'note', 'section:publicity', (d) => {
      d.title = 'Posters';
      d.count = 0;
    });
    expect(store.list().map((i) => i.id)).toEqual(['cal-1', 'note-0', 'note-1']);
    expect(store.list({ type: 'note' }).map((i) => i.id)).toEqual(['note-0', 'note-1']);
    expect(store.list({ scope: 'production:hamlet' }).map((i) => i.id)).toEqual(['cal-1']);
    expect(store.list({ type: 'note', scope: 'section:publicity' }).map((i) => i.id)).toEqual(['note-0']);
    expect(store.has('note-1')).toBe(true);
    expect(store.has('nope')).toBe(false);
  });

  it('refuses to create an id that exists, with conflict, and changes nothing', async () => {
    const { store } = await freshStore();
    store.create<Note>('n', 'note', 's', (d) => {
      d.title = 'first';
      d.count = 1;
    });
    const heads = store.info('n')!.heads;
    const events = recordEvents(store);
    expect(codeOf(() => store.create<Note>('n', 'note', 's', (d) => void (d.title = 'second')))).toBe('conflict');
    expect(codeOf(() => store.importDocument('n', 'note', 's', A.save(A.from({ title: 'x' }))))).toBe('conflict');
    expect(store.doc<Note>('n').title).toBe('first');
    expect(store.info('n')!.heads).toEqual(heads);
    expect(events).toEqual([]);
  });

  it.each(['', ' lead', 'has space', '../escape', 'a/b', '-dash-first', 'x'.repeat(201), 'é'])(
    'refuses the invalid id %j with invalid, naming the field',
    async (id) => {
      const { store } = await freshStore();
      let error: unknown;
      try {
        store.create(id, 'note', 's', () => {});
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CallboardError);
      expect((error as CallboardError).code).toBe('invalid');
      expect((error as CallboardError).details).toEqual({ field: 'id' });
      expect(codeOf(() => store.importDocument(id, 'note', 's', A.save(A.from({ a: 1 }))))).toBe('invalid');
      expect(store.list()).toEqual([]);
    },
  );

  it('accepts ids with the allowed punctuation, up to 200 characters', async () => {
    const { store } = await freshStore();
    for (const id of ['a', 'production:hamlet-2026', 'user@example.org', 'v1.2_x', 'x'.repeat(200)]) {
      store.create(id, 'note', 's', (d: Note) => void (d.count = 0));
    }
    expect(store.list()).toHaveLength(5);
  });

  it('answers not_found for an unknown document', async () => {
    const { store } = await freshStore();
    expect(codeOf(() => store.doc('ghost'))).toBe('not_found');
    expect(codeOf(() => store.change('ghost', () => {}))).toBe('not_found');
    expect(codeOf(() => store.applyChanges('ghost', []))).toBe('not_found');
    expect(store.info('ghost')).toBeUndefined();
  });

  it('answers unavailable to every call once closed', async () => {
    const { store } = await freshStore();
    store.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    store.close();
    expect(store.closed).toBe(true);
    const calls: Record<string, () => unknown> = {
      has: () => store.has('n'),
      info: () => store.info('n'),
      list: () => store.list(),
      doc: () => store.doc('n'),
      create: () => store.create('m', 'note', 's', () => {}),
      change: () => store.change<Note>('n', (d) => void (d.count = 1)),
      applyChanges: () => store.applyChanges('n', []),
      importDocument: () => store.importDocument('m', 'note', 's', A.save(A.from({ a: 1 }))),
      transaction: () => store.transaction(() => 1),
      subscribe: () => store.subscribe(() => {}),
      getMeta: () => store.getMeta('device_id'),
      setMeta: () => store.setMeta('k', 'v'),
      registerProjections: () => store.registerProjections([]),
      catchUp: () => store.catchUp(),
      reindex: () => store.reindex(),
    };
    for (const [name, call] of Object.entries(calls)) {
      expect({ name, code: codeOf(call) }).toEqual({ name, code: 'unavailable' });
    }
    expect(() => store.close()).not.toThrow();
  });

  it('persists documents, registry and device identity across reopen', async () => {
    const { store, dir } = await freshStore();
    store.create<Note>('n', 'note', 'section:a', (d) => {
      d.title = 'kept';
      d.count = 1;
      d.tags = ['x'];
    });
    store.change<Note>('n', (d) => void d.tags!.push('y'));
    const info = store.info('n');
    const { deviceId, actorId } = store;
    store.close();

    const again = await openStore(dir);
    expect(again.doc<Note>('n')).toEqual({ title: 'kept', count: 1, tags: ['x', 'y'] });
    expect(again.info('n')).toEqual(info);
    expect(A.getHeads(again.doc('n'))).toEqual(info!.heads);
    expect([again.deviceId, again.actorId]).toEqual([deviceId, actorId]);
    again.change<Note>('n', (d) => void (d.count = 2));
    expect(A.getActorId(again.doc('n'))).toBe(actorId);
  });

  it('takes Automerge change times from the injected clock', async () => {
    const clock = new TestClock('2026-03-01T10:00:00Z');
    const { store } = await freshStore({ clock });
    store.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    clock.advance(90_500);
    const doc = store.change<Note>('n', (d) => void (d.count = 1), { message: 'bump' });
    const history = A.getHistory(doc);
    expect(history.map((h) => h.change.time)).toEqual([
      Date.parse('2026-03-01T10:00:00Z') / 1000,
      Math.floor(Date.parse('2026-03-01T10:01:30.500Z') / 1000),
    ]);
    expect(history.map((h) => h.change.message)).toEqual(['create note', 'bump']);
    expect(A.decodeChange(A.getLastLocalChange(doc)!).time).toBe(Math.floor(clock.now() / 1000));
  });
});

describe('Store transactions and events', () => {
  it('emits one event per change after commit, with the new heads', async () => {
    const { store } = await freshStore();
    const events = recordEvents(store);
    const created = store.create<Note>('n', 'note', 'section:a', (d) => void (d.count = 0));
    const changed = store.change<Note>('n', (d) => void (d.count = 1));
    expect(events).toEqual([
      { docId: 'n', type: 'note', scope: 'section:a', heads: A.getHeads(created), origin: 'local' },
      { docId: 'n', type: 'note', scope: 'section:a', heads: A.getHeads(changed), origin: 'local' },
    ]);
    expect(A.getHeads(created)).not.toEqual(A.getHeads(changed));
  });

  it('marks merged peer changes and imported documents as remote', async () => {
    const { store } = await freshStore();
    store.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    const peer = A.change(A.clone(store.doc<Note>('n'), { actor: 'ab'.repeat(16) }), (d) => void (d.title = 'from peer'));
    const events = recordEvents(store);
    const merged = store.applyChanges<Note>('n', A.getChanges(store.doc('n'), peer));
    expect(merged.title).toBe('from peer');
    store.importDocument('m', 'note', 's', A.save(peer));
    expect(events.map((e) => [e.docId, e.origin])).toEqual([
      ['n', 'remote'],
      ['m', 'remote'],
    ]);
    expect(events[0]!.heads).toEqual(A.getHeads(peer));
    // Applying the same changes again changes nothing and says nothing.
    store.applyChanges('n', A.getChanges(A.init(), peer));
    expect(events).toHaveLength(2);
  });

  it('merges a large batch of concurrent changes to the same result as Automerge.applyChanges, writable afterwards', async () => {
    const { store, dir, clock } = await freshStore();
    interface Doc { text: string; tags: Record<string, A.ImmutableString>; n: number }
    store.create<Doc>('d', 'note', 's', (d) => {
      d.text = 'shared text';
      d.tags = {};
      d.n = 0;
    });
    const base = store.doc<Doc>('d');
    const changes: Uint8Array[] = [];
    for (let e = 0; e < 4; e++) {
      let peer = A.clone(base, { actor: `${e}`.padStart(2, '0').repeat(16) });
      for (let i = 0; i < BULK_MERGE_CHANGES; i++) {
        const before = peer;
        peer = A.change(peer, (d) => {
          A.splice(d, ['text'], i % 11, 0, `${e}`);
          d.tags[`t${e}-${i}`] = new A.ImmutableString(`v${i}`);
          d.n = e * 100 + i;
        });
        changes.push(...A.getChanges(before, peer));
      }
    }
    const reference = A.applyChanges(A.clone(base), changes)[0];
    const fast = mergeChanges(A.clone(base), changes, store.actorId);
    expect(A.toJS(fast)).toEqual(A.toJS(reference));
    expect(fast.tags['t0-0']).toBeInstanceOf(A.ImmutableString);
    // Through the store: the same content, persisted, and the document still takes local edits.
    const merged = store.applyChanges<Doc>('d', changes);
    expect(A.toJS(merged)).toEqual(A.toJS(reference));
    expect(A.toJS(base)).toEqual({ text: 'shared text', tags: {}, n: 0 });
    store.change<Doc>('d', (d) => void (d.n = -1));
    expect(store.doc<Doc>('d').n).toBe(-1);
    store.close();
    const again = await openStore(dir, { clock });
    expect(A.toJS(again.doc<Doc>('d'))).toEqual({ ...A.toJS(reference), n: -1 });
  });

  it('emits nothing and writes nothing for a change that changes nothing', async () => {
    const { store, clock } = await freshStore();
    const before = store.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    const info = store.info('n');
    const chunks = chunkKinds(store, 'n');
    const events = recordEvents(store);
    clock.advance(1000);
    const after = store.change<Note>('n', () => {});
    expect(after).toBe(before);
    expect(events).toEqual([]);
    expect(store.info('n')).toEqual(info);
    expect(chunkKinds(store, 'n')).toEqual(chunks);
  });

  it('rolls back disk and memory, and emits nothing, when a transaction throws', async () => {
    const { store, dir } = await freshStore();
    store.create<Note>('n', 'note', 's', (d) => {
      d.title = 'before';
      d.count = 1;
    });
    const info = store.info('n');
    const chunks = chunkKinds(store, 'n');
    const events = recordEvents(store);
    const boom = new Error('boom');

    expect(() =>
      store.transaction(() => {
        const inside = store.change<Note>('n', (d) => {
          d.title = 'after';
          d.count = 2;
        });
        expect(inside.title).toBe('after');
        store.create<Note>('other', 'note', 's', (d) => void (d.count = 0));
        throw boom;
      }),
    ).toThrow(boom);

    expect(store.doc<Note>('n')).toEqual({ title: 'before', count: 1 });
    expect(A.getHeads(store.doc('n'))).toEqual(info!.heads);
    expect(store.info('n')).toEqual(info);
    expect(chunkKinds(store, 'n')).toEqual(chunks);
    expect(store.has('other')).toBe(false);
    expect(events).toEqual([]);

    // The store keeps working after the rollback, from the on-disk state.
    const next = store.change<Note>('n', (d) => void (d.count = 3));
    expect(next).toEqual({ title: 'before', count: 3 });
    expect(events).toHaveLength(1);
    store.close();
    const again = await openStore(dir);
    expect(again.doc<Note>('n')).toEqual({ title: 'before', count: 3 });
    expect(again.has('other')).toBe(false);
  });

  it('joins nested transactions: events wait for the outermost commit', async () => {
    const { store } = await freshStore();
    store.create<Note>('a', 'note', 's', (d) => void (d.count = 0));
    store.create<Note>('b', 'note', 's', (d) => void (d.count = 0));
    const events = recordEvents(store);
    const result = store.transaction(() => {
      store.change<Note>('a', (d) => void (d.count = 1));
      const inner = store.transaction(() => {
        store.change<Note>('b', (d) => void (d.count = 1));
        return 'inner';
      });
      expect(events).toEqual([]);
      return `${inner}+outer`;
    });
    expect(result).toBe('inner+outer');
    expect(events.map((e) => e.docId)).toEqual(['a', 'b']);
    expect(events.map((e) => e.heads)).toEqual([A.getHeads(store.doc('a')), A.getHeads(store.doc('b'))]);
  });

  it('rolls back the whole outer transaction when a nested one throws through it', async () => {
    const { store } = await freshStore();
    store.create<Note>('a', 'note', 's', (d) => void (d.count = 0));
    store.create<Note>('b', 'note', 's', (d) => void (d.count = 0));
    const events = recordEvents(store);
    expect(() =>
      store.transaction(() => {
        store.change<Note>('a', (d) => void (d.count = 1));
        store.transaction(() => {
          store.change<Note>('b', (d) => void (d.count = 1));
          throw new Error('inner failure');
        });
      }),
    ).toThrow('inner failure');
    expect([store.doc<Note>('a').count, store.doc<Note>('b').count]).toEqual([0, 0]);
    expect(events).toEqual([]);
    // A later transaction commits normally.
    store.transaction(() => store.change<Note>('b', (d) => void (d.count = 5)));
    expect(events.map((e) => e.docId)).toEqual(['b']);
  });

  it('refuses an async transaction body and rolls it back', async () => {
    const { store } = await freshStore();
    store.create<Note>('a', 'note', 's', (d) => void (d.count = 0));
    expect(codeOf(() => store.transaction(async () => store.change<Note>('a', (d) => void (d.count = 1))))).toBe('internal');
    expect(store.doc<Note>('a').count).toBe(0);
  });

  it('keeps a committed change when a listener throws, and still tells the other listeners', async () => {
    const { store } = await freshStore();
    store.subscribe(() => {
      throw new Error('bad listener');
    });
    const events = recordEvents(store);
    store.create<Note>('a', 'note', 's', (d) => void (d.count = 0));
    expect(store.has('a')).toBe(true);
    expect(events).toHaveLength(1);
  });

  it('stops delivering events after unsubscribe', async () => {
    const { store } = await freshStore();
    const events: DocChange[] = [];
    const unsubscribe = store.subscribe((e) => events.push(e));
    store.create<Note>('a', 'note', 's', (d) => void (d.count = 0));
    unsubscribe();
    store.change<Note>('a', (d) => void (d.count = 1));
    expect(events).toHaveLength(1);
  });
});

describe('Store compaction', () => {
  it('compacts a document kept in memory once it has compactAfter incremental chunks', async () => {
    const { store, dir } = await freshStore({ compactAfter: 4 });
    store.create<Note>('n', 'note', 's', (d) => {
      d.count = 0;
      d.tags = [];
    });
    for (let i = 1; i <= 3; i++) store.change<Note>('n', (d) => void d.tags!.push(`t${i}`));
    expect(chunkKinds(store, 'n')).toEqual(['snapshot', 'incremental', 'incremental', 'incremental']);
    store.change<Note>('n', (d) => void d.tags!.push('t4'));
    expect(chunkKinds(store, 'n')).toEqual(['snapshot']);
    const content = A.toJS(store.doc<Note>('n'));
    const heads = A.getHeads(store.doc('n'));
    store.close();

    const again = await openStore(dir, { compactAfter: 4 });
    expect(again.doc<Note>('n')).toEqual(content);
    expect(chunkKinds(again, 'n')).toEqual(['snapshot']);
    expect(A.getHeads(again.doc('n'))).toEqual(heads);
    again.close();

    const third = await openStore(dir, { compactAfter: 4 });
    expect(third.doc<Note>('n')).toEqual(content);
    expect(A.getHistory(third.doc('n'))).toHaveLength(5);
  });

  it('leaves a document with fewer than compactAfter incrementals alone', async () => {
    const { store, dir } = await freshStore({ compactAfter: 4 });
    store.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    for (let i = 1; i <= 3; i++) store.change<Note>('n', (d) => void (d.count = i));
    store.close();
    const again = await openStore(dir, { compactAfter: 4 });
    expect(again.doc<Note>('n').count).toBe(3);
    expect(chunkKinds(again, 'n')).toHaveLength(4);
  });
});

describe('Store nested transactions', () => {
  it('rolls back a failed inner transaction that the outer one catches, keeping the outer work', async () => {
    const { store } = await freshStore();
    store.create<Note>('outer', 'note', 's', (d) => void (d.count = 0));
    store.create<Note>('inner', 'note', 's', (d) => void (d.count = 0));
    const events: string[] = [];
    store.subscribe((e) => events.push(e.docId));
    store.transaction(() => {
      store.change<Note>('outer', (d) => void (d.count = 1));
      try {
        store.transaction(() => {
          store.change<Note>('inner', (d) => void (d.count = 99));
          throw new Error('inner fails');
        });
      } catch {
        // the outer transaction goes on
      }
    });
    expect(store.doc<Note>('outer').count).toBe(1);
    expect(store.doc<Note>('inner').count).toBe(0);
    expect(events).toEqual(['outer']);
    store.evict();
    expect(store.doc<Note>('inner').count).toBe(0);
    expect(store.doc<Note>('outer').count).toBe(1);
  });

  it('keeps in memory the documents a failed inner transaction did not change, and reloads those it did', async () => {
    const { store } = await freshStore();
    store.create<Note>('big', 'note', 's', (d) => void (d.count = 0));
    store.create<Note>('other', 'note', 's', (d) => void (d.count = 0));
    let keptBig: unknown;
    let keptOther: unknown;
    store.transaction(() => {
      store.change<Note>('big', (d) => void (d.count = 1));
      store.change<Note>('other', (d) => void (d.count = 1));
      keptBig = store.doc('big');
      try {
        store.transaction(() => {
          store.transaction(() => store.change<Note>('other', (d) => void (d.count = 2)));
          throw new Error('refused: nothing about big changed here');
        });
      } catch {
        // the outer transaction goes on
      }
      expect(store.doc('big')).toBe(keptBig); // not reloaded
      expect(store.doc<Note>('other').count).toBe(1); // reloaded from the outer view
      keptOther = store.doc('other');
    });
    expect(store.doc('big')).toBe(keptBig);
    expect(store.doc('other')).toBe(keptOther);
    store.evict();
    expect(store.doc<Note>('big').count).toBe(1);
    expect(store.doc<Note>('other').count).toBe(1);
  });
});

describe('Store.applyChanges with nothing new', () => {
  it('keeps working when the same changes arrive twice', async () => {
    const { store: a } = await freshStore();
    const { store: b } = await freshStore();
    a.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    b.importDocument('n', 'note', 's', A.save(a.doc('n')));
    a.change<Note>('n', (d) => void (d.count = 1));
    const changes = A.getChanges(A.init(), a.doc('n'));
    b.applyChanges('n', changes);
    b.applyChanges('n', changes); // nothing new
    a.change<Note>('n', (d) => void (d.count = 2));
    b.applyChanges('n', A.getChanges(A.init(), a.doc('n')));
    expect(b.doc<Note>('n').count).toBe(2);
    a.close();
    b.close();
  });
});

describe('Store.transactionGrouped (group commit)', () => {
  it('commits concurrent calls together, rolls back only the one that fails, and settles after the commit', async () => {
    const { store, dir } = await freshStore();
    store.create<Note>('n', 'note', 's', (d) => void (d.count = 0));
    const events: number[] = [];
    store.subscribe(() => events.push(store.doc<Note>('n').count ?? -1));
    const calls = [1, 2, 3, 4].map((i) =>
      store.transactionGrouped(() => {
        store.change<Note>('n', (d) => void (d.count = (d.count ?? 0) + i));
        if (i === 3) throw new Error('third fails');
        return i;
      }),
    );
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(store.doc<Note>('n').count).toBe(1 + 2 + 4);
    expect(events).toHaveLength(3);
    store.close();
    const again = await openStore(dir);
    expect(again.doc<Note>('n').count).toBe(7);
    again.close();
  });

  it('rejects queued calls when the store closes before they run', async () => {
    const { store } = await freshStore();
    const pending = store.transactionGrouped(() => 1);
    store.close();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
  });
});
