/**
 * Sync benchmark (issue #10), over real TLS on loopback, all replicas in this process:
 *   sync.initial_sync      a new device enrolled and caught up on 5 years of company data
 *   sync.change_latency    a change from one laptop to another through the daemon (p95)
 *   sync.validate_change   validation cost per incoming change (signature, policy at heads, engine)
 * Peer figure: Automerge applying the same changes with no validation at all.
 *
 *   npx tsx test/bench/run.ts sync
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as A from '@automerge/automerge';
import { createSyncService } from '../../core/api/procedures/sync.ts';
import { initCompany } from '../../core/api/setup.ts';
import { AuditLog } from '../../core/auth/audit.ts';
import { systemClock } from '../../core/clock.ts';
import { Store } from '../../core/store/store.ts';
import { loadOrCreateDeviceKey, type DeviceKey } from '../../core/sync/identity.ts';
import type { SyncService } from '../../core/sync/service.ts';
import { serveSync, syncWith } from '../../core/sync/network.ts';
import type { TlsTransport } from '../../core/sync/tls.ts';
import { fmt, note, report, summarize } from './stats.ts';

const YEARS = Number(process.env.SYNC_BENCH_YEARS ?? 5);
const PRODUCTIONS_PER_YEAR = Number(process.env.SYNC_BENCH_PRODUCTIONS ?? 5);
const EVENTS_PER_PRODUCTION = 60;
const PERFORMANCES_PER_PRODUCTION = 8;
const SALES_PER_PERFORMANCE = 40;
const CREDITS_PER_PRODUCTION = 35;
const LATENCY_SAMPLES = 150;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-sync-bench-'));
/** A replica as the sync layer sees it: a store (no projections: they are not what is measured) and its sync engine. */
interface Replica {
  store: Store;
  services: { sync: SyncService };
  close(): void;
}
const apps: Replica[] = [];

async function open(name: string): Promise<Replica> {
  let key: DeviceKey | undefined;
  const store = await Store.open(path.join(root, name), { clock: systemClock, identity: (dir) => (key = loadOrCreateDeviceKey(dir)) });
  const sync = createSyncService({ store, clock: systemClock, audit: new AuditLog(store.db, systemClock), key: key!, version: '0.1.0' });
  const r = { store, services: { sync }, close: () => (sync.close(), store.close()) };
  apps.push(r);
  return r;
}

async function main(): Promise<void> {
  const hub = await open('hub');
  const { adminId } = initCompany(hub.store, {
    company: { name: 'Riverside Players', shortName: 'Riverside', city: 'Millbrook', timeZone: 'America/Los_Angeles', website: '', email: '' },
    admin: { name: 'Morgan Reyes', email: 'morgan@example.org' },
  });
  const s = hub.store;
  let changes = 0;
  const t0 = performance.now();
  for (let y = 0; y < YEARS; y++) {
    for (let p = 0; p < PRODUCTIONS_PER_YEAR; p++) {
      const id = `show-${2021 + y}-${p}`;
      s.transaction(() => {
        s.create<{ events: Record<string, unknown> }>(`production:${id}`, 'production', `production:${id}`, (d) => {
          d.events = {};
        });
        for (let e = 0; e < EVENTS_PER_PRODUCTION; e++, changes++) {
          s.change<{ events: Record<string, unknown> }>(`production:${id}`, (d) => {
            d.events[`ev${e}`] = { title: new A.ImmutableString(`Rehearsal ${e}`), start: 1_600_000_000_000 + e * 86_400_000, minutes: 180 };
          });
        }
        s.create<{ credits: Record<string, unknown> }>(`credits:${id}`, 'credits', `production:${id}`, (d) => {
          d.credits = {};
        });
        for (let c = 0; c < CREDITS_PER_PRODUCTION; c++, changes++) {
          s.change<{ credits: Record<string, unknown> }>(`credits:${id}`, (d) => {
            d.credits[`cr${c}`] = { person: new A.ImmutableString(`p${c}`), role: new A.ImmutableString('Ensemble') };
          });
        }
        for (let f = 0; f < PERFORMANCES_PER_PRODUCTION; f++) {
          const perf = `${id}-${f}`;
          s.create<{ sales: Record<string, unknown> }>(`tickets:${perf}`, 'tickets', `boxoffice:${perf}`, (d) => {
            d.sales = {};
          });
          for (let k = 0; k < SALES_PER_PERFORMANCE; k++, changes++) {
            s.change<{ sales: Record<string, unknown> }>(`tickets:${perf}`, (d) => {
              d.sales[`o${k}`] = { seats: [new A.ImmutableString(`A${k}`)], cents: 2500, at: 1_600_000_000_000 + k };
            });
          }
        }
      });
    }
  }
  const docs = s.list().length;
  const buildMs = performance.now() - t0;
  note(`(built ${docs} documents, ${changes} changes in ${(buildMs / 1000).toFixed(1)} s)`);

  const listener = await serveSync(hub.services.sync, '127.0.0.1', 0);
  const url = `callboard-sync://127.0.0.1:${listener.port}`;

  // 1. Initial sync of a new device (enrollment included).
  const laptop1 = await open('laptop1');
  const invite1 = hub.services.sync.invites.create({ userId: adminId, deviceName: 'laptop 1', createdBy: adminId });
  const started = performance.now();
  const first = await syncWith(laptop1.services.sync, url, { enrollCode: invite1.code, via: 'daemon', timeoutMs: 600_000 });
  const initialMs = performance.now() - started;
  const t = first.session.transport as TlsTransport;
  const bytes = t.bytesIn + t.bytesOut;
  const received = laptop1.store.list().length;
  const syncWorkload = `${docs} documents, ${changes} changes, ${YEARS} years, to a new device over TLS`;
  report({ name: 'sync.initial_sync', value: initialMs, unit: 'ms', detail: `${(bytes / 1e6).toFixed(1)} MB transferred`, workload: syncWorkload, target: { lt: 10_000 } });
  report({ name: 'sync.initial_sync.documents_missing', value: docs - received, unit: 'count', workload: syncWorkload, target: { lte: 0 } });

  // 2. Steady-state latency laptop1 → daemon → laptop2.
  const laptop2 = await open('laptop2');
  const invite2 = hub.services.sync.invites.create({ userId: adminId, deviceName: 'laptop 2', createdBy: adminId });
  const second = await syncWith(laptop2.services.sync, url, { enrollCode: invite2.code, via: 'daemon', timeoutMs: 600_000 });
  const samples: number[] = [];
  const target = `production:show-${2021 + YEARS - 1}-0`;
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const arrived = new Promise<void>((resolve) => {
      const off = laptop2.store.subscribe((e) => {
        if (e.docId === target && e.origin === 'remote') {
          off();
          resolve();
        }
      });
    });
    const t1 = performance.now();
    laptop1.store.change<{ events: Record<string, unknown> }>(target, (d) => {
      d.events[`live${i}`] = { title: new A.ImmutableString(`Call ${i}`), start: i, minutes: 30 };
    });
    await arrived;
    samples.push(performance.now() - t1);
  }
  const lat = summarize(samples);
  report({ name: 'sync.change_latency.p95', value: lat.p95, unit: 'ms', detail: `p50 ${fmt(lat.p50)}`, workload: `laptop → daemon → laptop, TLS loopback, ${LATENCY_SAMPLES} changes`, target: { lt: 200 } });
  first.session.close();
  second.session.close();

  // 3. Validation cost per change: every change of 40 ticket documents, judged cold.
  const sample = s.list({ type: 'tickets' }).slice(0, 40);
  const batches = sample.map((info) => {
    const doc = s.doc(info.id);
    const all = A.getAllChanges(doc);
    const sigs = s.signatures(info.id);
    return { info, changes: all.map((c) => ({ change: c, envelope: sigs.get(A.decodeChange(c).hash)?.envelope })) };
  });
  const fresh = await open('validator');
  // The validator needs the policy: give it the hub's (as enrollment would).
  const policyBytes = A.save(s.doc('policy'));
  fresh.store.importDocument('policy', 'policy', 'policy', policyBytes, { signatures: [...s.signatures('policy').values()] });
  const validator = fresh.services.sync.validator;
  const n = batches.reduce((sum, b) => sum + b.changes.length, 0);
  let accepted = 0;
  // Best of three passes (the machine is shared): chained envelopes (one signature verified per
  // chain, as a catch-up or any batch arrives), then every signature verified (`strict`: the
  // cost of a live change arriving alone, and of version 1 envelopes).
  const pass = (strict: boolean): number => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      let ok = 0;
      const v0 = performance.now();
      for (const b of batches) ok += validator.validate(b.info.id, b.info.type, b.info.scope, b.changes, { strict }).accepted.length;
      best = Math.min(best, (performance.now() - v0) / n);
      accepted = ok;
    }
    return best;
  };
  const perChangeMs = pass(false);
  const strictMs = pass(true);
  let peerMs = Infinity;
  for (let r = 0; r < 3; r++) {
    const p0 = performance.now();
    for (const b of batches) A.applyChanges(A.init(), b.changes.map((c) => c.change));
    peerMs = Math.min(peerMs, (performance.now() - p0) / n);
  }
  report({
    name: 'sync.validate_change',
    value: perChangeMs,
    unit: 'ms',
    workload: `per change: ${n} changes in ${batches.length} documents, ${accepted} accepted, signatures chained`,
    target: { lt: 0.1 },
    requirement: 'permission-checks',
    peer: { name: 'automerge applyChanges without validation', value: peerMs },
  });
  report({
    name: 'sync.validate_change.every_signature',
    value: strictMs,
    unit: 'ms',
    workload: `per change: the same ${n} changes, every signature verified (a live change arriving alone)`,
    peer: { name: 'automerge applyChanges without validation', value: peerMs },
  });

  await listener.close();
}

try {
  await main();
} finally {
  for (const a of apps) if (!a.store.closed) a.close();
  fs.rmSync(root, { recursive: true, force: true });
}
process.exit(0);
