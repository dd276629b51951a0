import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { certificateDeviceKey, deviceCertificate } from '../../../core/sync/certificate.ts';
import { parseEnvelope, verifyEnvelope } from '../../../core/sync/envelope.ts';
import { DEVICE_KEY_FILE, actorIdFor, deviceIdFor, DeviceKey, loadOrCreateDeviceKey } from '../../../core/sync/identity.ts';
import { createTestApp, tempDir, type TestApp } from '../../fixtures/app.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('device identity', () => {
  it('creates an Ed25519 key readable only by its owner, and derives the device and actor ids from it', async () => {
    t = await createTestApp();
    const file = path.join(t.dir, DEVICE_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = loadOrCreateDeviceKey(t.dir);
    expect(t.app.store.deviceId).toBe(deviceIdFor(key.publicKey));
    expect(t.app.store.actorId).toBe(actorIdFor(key.publicKey));
    const doc = t.app.store.doc('org');
    expect(A.getChangesMetaSince(doc, []).every((c) => c.actor === key.actorId)).toBe(true);
  });

  it('keeps the same identity across restarts', async () => {
    t = await createTestApp();
    const before = t.app.store.deviceId;
    t.app.close();
    const again = await openApp({ dataDir: t.dir, clock: t.clock });
    expect(again.store.deviceId).toBe(before);
    again.close();
  });

  it('refuses a key file that others can read', () => {
    const dir = tempDir();
    loadOrCreateDeviceKey(dir);
    fs.chmodSync(path.join(dir, DEVICE_KEY_FILE), 0o644);
    expect(() => loadOrCreateDeviceKey(dir)).toThrow(/readable by other users/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs every local change over its hash, naming the policy heads in force', async () => {
    t = await createTestApp();
    const store = t.app.store;
    store.create<{ n: number }>('section:news', 'section', 'section:news', (d) => {
      d.n = 0;
    });
    store.change<{ n: number }>('section:news', (d) => {
      d.n = 1;
    });
    const metas = A.getChangesMetaSince(store.doc('section:news'), []);
    expect(metas).toHaveLength(2);
    for (const m of metas) {
      const sig = store.signature('section:news', m.hash)!;
      const env = parseEnvelope(sig.envelope)!;
      expect(env).toMatchObject({ doc: 'section:news', type: 'section', scope: 'section:news', hash: m.hash, device: store.deviceId });
      expect(env.policy).toEqual([...store.info('policy')!.heads].sort());
      expect(verifyEnvelope(env)).toBe(true);
      expect(verifyEnvelope({ ...env, scope: 'section:other' })).toBe(false);
      expect(verifyEnvelope({ ...env, hash: 'f'.repeat(64) })).toBe(false);
    }
    // A policy change names the policy it was made on: its own dependencies.
    const policyHeads = store.info('policy')!.heads;
    await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Priya Natarajan', email: 'priya@example.org' });
    const last = A.getChangesMetaSince(store.doc('policy'), policyHeads)[0]!;
    expect(parseEnvelope(store.signature('policy', last.hash)!.envelope)!.policy).toEqual([...last.deps].sort());
  });

  it('builds a self-signed certificate for the device key that Node parses and verifies', () => {
    const key = DeviceKey.generate();
    const cert = new X509Certificate(deviceCertificate(key.privateKey, key.deviceId).cert);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(certificateDeviceKey(cert)).toBe(key.publicKey);
    expect(cert.subject).toContain(key.deviceId);
  });
});
