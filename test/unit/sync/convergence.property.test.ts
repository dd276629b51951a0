import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerSession } from '../../../core/sync/session.ts';
import { company, connect, enrolled, heads, items, syncOnce, user, type Company, type Replica, type SectionDoc } from './harness.ts';

/**
 * Five replicas (separate stores in temp folders): the hub (founding admin device) and four
 * laptops with different grants. Each run applies random edits — allowed ones and, from a
 * modified client, forbidden ones written straight into the store — over random partitions,
 * reconnects and partial deliveries. After healing, every replica holds identical documents,
 * every allowed write is there, and no forbidden write survives anywhere.
 */
const DOCS = ['section:costumes', 'section:props', 'section:news'] as const;

let c: Company;
let replicas: Replica[];
const writers = new Map<Replica, ReadonlySet<string>>();
const allowed: Array<{ doc: string; key: string }> = [];
let counter = 0;
const modified = () => replicas[4]!;

beforeAll(async () => {
  c = await company();
  const priya = await user(c, 'Priya Natarajan', ['costumes']);
  const dev = await user(c, 'Dev Okafor', ['props']);
  const grace = await user(c, 'Grace Whitfield', ['news', 'costumes']);
  const hannah = await user(c, 'Hannah Lindqvist', []);
  const a = await enrolled(c, 'priya', priya);
  const b = await enrolled(c, 'dev', dev);
  const g = await enrolled(c, 'grace', grace);
  const h = await enrolled(c, 'hannah', hannah);
  replicas = [c.hub, a, b, g, h];
  // Every laptop hears of every enrollment before the random runs start.
  for (const r of replicas.slice(1)) syncOnce(c, c.hub, r);
  writers.set(c.hub, new Set(DOCS));
  writers.set(a, new Set(['section:costumes']));
  writers.set(b, new Set(['section:props']));
  writers.set(g, new Set(['section:news', 'section:costumes']));
  writers.set(h, new Set());
}, 120_000);

afterAll(() => c?.cleanup());

type Cmd =
  | { k: 'edit'; r: number; doc: number }
  | { k: 'connect'; a: number; b: number }
  | { k: 'disconnect'; a: number; b: number }
  | { k: 'deliver'; n: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('edit' as const), r: fc.nat(4), doc: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('connect' as const), a: fc.nat(4), b: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('disconnect' as const), a: fc.nat(4), b: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('deliver' as const), n: fc.integer({ min: 1, max: 40 }) }) },
);

describe('five replicas with random edits, partitions and reconnects', () => {
  it('converge to identical state with every allowed write and no forbidden one', () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 5, maxLength: 40 }), (cmds) => {
        const links = new Map<string, PeerSession[]>();
        for (const x of cmds) {
          if (x.k === 'edit') {
            const r = replicas[x.r]!;
            const doc = DOCS[x.doc]!;
            const key = `k${++counter}`;
            const ok = writers.get(r)!.has(doc);
            // Honest replicas write what they may; Hannah's is a modified client that writes
            // anywhere, straight into its store, skipping every check.
            if (!ok && r !== modified()) continue;
            r.app.store.change<SectionDoc>(doc, (d) => {
              d.items[key] = ok ? `${r.name}` : 'BAD';
            });
            if (ok) allowed.push({ doc, key });
          } else if (x.k === 'connect' || x.k === 'disconnect') {
            if (x.a === x.b) continue;
            const id = `${Math.min(x.a, x.b)}-${Math.max(x.a, x.b)}`;
            const open = links.get(id);
            if (x.k === 'connect' && !open) links.set(id, connect(c, replicas[x.a]!, replicas[x.b]!));
            if (x.k === 'disconnect' && open) {
              for (const s of open) s.close('partition');
              links.delete(id);
            }
          } else {
            c.net.deliver(x.n);
          }
        }
        for (const open of links.values()) for (const s of open) s.close('heal');
        c.net.deliver();
        // Heal: everyone meets the hub twice (collect, then distribute).
        for (let round = 0; round < 2; round++) for (const r of replicas.slice(1)) syncOnce(c, c.hub, r);

        for (const doc of DOCS) {
          const reference = heads(c.hub, doc);
          for (const r of replicas) {
            if (r === modified()) {
              // It keeps its own forbidden writes, and has everything the others have.
              expect(A.hasHeads(r.app.store.doc(doc), reference)).toBe(true);
              continue;
            }
            expect(heads(r, doc), `${r.name} ${doc}`).toEqual(reference);
            expect(Object.values(items(r, doc))).not.toContain('BAD');
          }
          const hubItems = items(c.hub, doc);
          for (const w of allowed.filter((a) => a.doc === doc)) expect(hubItems[w.key], `${doc} ${w.key}`).toBeDefined();
        }
        expect(heads(replicas[4]!, 'policy')).toEqual(heads(c.hub, 'policy'));
      }),
      { numRuns: 25, seed: Number(process.env.SYNC_SEED ?? 20261127) },
    );
    // Not vacuous: allowed writes flowed and forbidden ones were refused along the way.
    expect(allowed.length).toBeGreaterThan(20);
    expect(c.hub.app.services.audit.query({ action: 'sync.receive', outcome: 'denied', limit: 1000 }).length).toBeGreaterThan(0);
  }, 600_000);
});
