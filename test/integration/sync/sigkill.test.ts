import { spawn } from 'node:child_process';
import path from 'node:path';
import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { parseMessage } from '../../../core/sync/protocol.ts';
import { syncWith } from '../../../core/sync/network.ts';
import { listenTls, type SyncListener } from '../../../core/sync/tls.ts';
import { tempDir } from '../../fixtures/app.ts';
import { call, company, heads, type Company, type SectionDoc } from '../../unit/sync/harness.ts';

let c: Company | undefined;
let listener: SyncListener | undefined;
afterEach(async () => {
  await listener?.close();
  c?.cleanup();
  c = undefined;
});

describe('a replica killed during sync', () => {
  it('loses no write it acknowledged, and resumes to the full state', async () => {
    c = await company();
    const store = c.hub.app.store;
    for (let i = 0; i < 60; i++) {
      store.transaction(() => {
        store.create<SectionDoc>(`section:s${i}`, 'section', `section:s${i}`, (d) => {
          d.items = {};
        });
        for (let k = 0; k < 25; k++) {
          store.change<SectionDoc>(`section:s${i}`, (d) => {
            d.items[`k${k}`] = `value ${k} `.repeat(20);
          });
        }
      });
    }
    const acked = new Map<string, string[]>();
    let onAck: (() => void) | undefined;
    listener = await listenTls(c.hub.app.services.sync.key, '127.0.0.1', 0, (t) => {
      t.onMessage((text) => {
        const m = parseMessage(text);
        if (m?.t === 'result' && m.accepted > 0) {
          acked.set(m.id, m.heads);
          onAck?.();
        }
      });
      c!.hub.app.services.sync.attach(t);
    });
    const url = `callboard-sync://127.0.0.1:${listener.port}`;
    const invite = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: c.t.adminId });
    const dir = path.join(tempDir('cb-sigkill-'), 'store');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/fixtures/sync/enroll-child.ts'), dir, url, invite.code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Kill it once a dozen documents were acknowledged: mid-way through the catch-up.
    await new Promise<void>((resolve) => {
      onAck = () => {
        if (acked.size >= 12) resolve();
      };
      child.once('exit', () => resolve());
    });
    child.kill('SIGKILL');
    const snapshot = new Map(acked);
    expect(await exited, out).toBe('SIGKILL');
    expect(out).not.toContain('synced');

    const replica = await openApp({ dataDir: dir, clock: c.clock });
    try {
      expect(snapshot.size).toBeGreaterThanOrEqual(12);
      for (const [docId, h] of snapshot) {
        expect(replica.store.has(docId), docId).toBe(true);
        expect(A.hasHeads(replica.store.doc(docId), h), docId).toBe(true);
      }
      expect(replica.store.list().length).toBeLessThan(store.list().length);
      // Resume: the rest arrives, nothing is lost or duplicated.
      const again = await syncWith(replica.services.sync, url, { timeoutMs: 120_000 });
      expect(again.idle).toBe(true);
      again.session.close();
      for (const info of store.list()) {
        expect(replica.store.info(info.id)?.heads.sort(), info.id).toEqual(heads(c.hub, info.id));
      }
    } finally {
      replica.close();
    }
  }, 300_000);
});
