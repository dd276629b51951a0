import path from 'node:path';
import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { Store, type ChangeSignature, type LocalChange } from '../../../core/store/store.ts';
import { tempDirs } from '../../fixtures/store/temp-dir.ts';

/** The store's additions for sync: identity at open, a signer of local changes, signatures kept with remote ones, history rewrite. */
const dirs = tempDirs('cb-store-sig-');
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) if (!s.closed) s.close();
  dirs.cleanup();
});

async function fresh(identity?: { deviceId: string; actorId: string }): Promise<Store> {
  const store = await Store.open(path.join(dirs.make(), 'store'), { clock: new TestClock(), ...(identity ? { identity: () => identity } : {}) });
  open.push(store);
  return store;
}

const signer = (seen: LocalChange[]) => (c: LocalChange): ChangeSignature => {
  seen.push(c);
  return { hash: c.hash, deviceId: 'dev-test', actor: c.actor, seq: c.seq, envelope: `sig:${c.docId}:${c.hash}` };
};

describe('store additions for sync', () => {
  it('uses the identity given at open for the device and actor ids', async () => {
    const store = await fresh({ deviceId: 'dev-abc', actorId: 'ab'.repeat(16) });
    expect(store.deviceId).toBe('dev-abc');
    const doc = store.create<{ n: number }>('doc-1', 'note', 'section:a', (d) => {
      d.n = 1;
    });
    expect(A.getActorId(doc)).toBe('ab'.repeat(16));
  });

  it('signs every local change (create, change, local import) in the same transaction, and nothing when the change is empty', async () => {
    const store = await fresh();
    const seen: LocalChange[] = [];
    store.setSigner(signer(seen));
    store.create<{ n: number }>('doc-1', 'note', 'section:a', (d) => {
      d.n = 1;
    });
    store.change<{ n: number }>('doc-1', (d) => {
      d.n = 2;
    });
    store.change<{ n: number }>('doc-1', () => undefined);
    const genesis = A.change(A.init<{ x: number }>({ actor: 'cd'.repeat(16) }), (d) => {
      d.x = 1;
    });
    store.importDocument('doc-2', 'note', 'section:b', A.save(genesis));
    expect(seen.map((c) => [c.docId, c.type, c.scope, c.seq])).toEqual([
      ['doc-1', 'note', 'section:a', 1],
      ['doc-1', 'note', 'section:a', 2],
      ['doc-2', 'note', 'section:b', 1],
    ]);
    expect(seen[1]!.deps).toEqual(seen[0] ? [seen[0].hash] : []);
    expect(store.signatures('doc-1').size).toBe(2);
    expect(store.signature('doc-1', seen[1]!.hash)!.envelope).toBe(`sig:doc-1:${seen[1]!.hash}`);
    expect(store.signedBy('dev-test')).toEqual([
      { docId: 'doc-1', actor: store.actorId, maxSeq: 2 },
      { docId: 'doc-2', actor: 'cd'.repeat(16), maxSeq: 1 },
    ]);
    // A failed transaction keeps no signature.
    expect(() =>
      store.transaction(() => {
        store.change<{ n: number }>('doc-1', (d) => {
          d.n = 3;
        });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.signatures('doc-1').size).toBe(2);
  });

  it('keeps the signatures that come with remote changes, and rewrites history dropping changes and their signatures', async () => {
    const a = await fresh();
    const b = await fresh();
    a.setSigner(signer([]));
    a.create<{ items: Record<string, number> }>('doc', 'note', 'section:a', (d) => {
      d.items = {};
    });
    const bytes = A.save(a.doc('doc'));
    b.importDocument('doc', 'note', 'section:a', bytes, { signatures: [...a.signatures('doc').values()] });
    const base = a.doc('doc');
    a.change<{ items: Record<string, number> }>('doc', (d) => {
      d.items.x = 1;
    });
    a.change<{ items: Record<string, number> }>('doc', (d) => {
      d.items.y = 2;
    });
    const changes = A.getChanges(base, a.doc('doc'));
    b.applyChanges('doc', changes, { signatures: [...a.signatures('doc').values()] });
    expect(b.signatures('doc').size).toBe(3);
    expect(b.doc<{ items: Record<string, number> }>('doc').items).toEqual({ x: 1, y: 2 });

    const keep = A.getAllChanges(b.doc('doc')).slice(0, 2);
    b.rewriteDocument('doc', keep);
    expect(b.doc<{ items: Record<string, number> }>('doc').items).toEqual({ x: 1 });
    expect(b.signatures('doc').size).toBe(2);
    b.evict();
    expect(b.doc<{ items: Record<string, number> }>('doc').items).toEqual({ x: 1 });
    expect(b.info('doc')!.heads).toEqual(A.getHeads(b.doc('doc')));
  });
});
