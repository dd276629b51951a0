import { afterEach, describe, expect, it } from 'vitest';
import { startSyncServer, type RunningSyncServer } from '../../../core/daemon/sync-server.ts';
import { LanPeers, type Discovery, type FoundPeer } from '../../../core/sync/discovery.ts';
import { DeviceKey } from '../../../core/sync/identity.ts';
import { syncWith } from '../../../core/sync/network.ts';
import { connectTls } from '../../../core/sync/tls.ts';
import { call, company, emptyReplica, items, user, type Company, type SectionDoc } from '../../unit/sync/harness.ts';

let c: Company | undefined;
const servers: RunningSyncServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  c?.cleanup();
  c = undefined;
});

async function hubServer(c: Company): Promise<RunningSyncServer> {
  const s = await startSyncServer({ app: c.hub.app, host: '127.0.0.1', port: 0, log: () => undefined });
  servers.push(s);
  return s;
}

describe('sync over TLS with pinned device keys, the daemon as a hub', () => {
  it('enrolls a laptop, relays between two laptops that are never online together, and resumes without a full resend', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const grace = await user(c, 'Grace Whitfield', ['costumes']);
    const hub = await hubServer(c);

    const a = await emptyReplica(c, 'priya');
    const inviteA = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: priya });
    const first = await syncWith(a.app.services.sync, hub.url, { enrollCode: inviteA.code, via: 'daemon', expectKey: c.hub.app.services.sync.key.publicKey });
    expect(first.idle).toBe(true);
    expect(first.session.transport.peerKey).toBe(c.hub.app.services.sync.key.publicKey);
    first.session.close();

    const b = await emptyReplica(c, 'grace');
    const inviteB = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: grace });
    (await syncWith(b.app.services.sync, hub.url, { enrollCode: inviteB.code, via: 'daemon' })).session.close();

    // Priya edits offline, syncs with the daemon, goes away; Grace comes online later.
    a.app.store.change<SectionDoc>('section:costumes', (d) => {
      d.items.hat = 'bonnet';
    });
    const up = await syncWith(a.app.services.sync, hub.url, { via: 'daemon' });
    expect(up.session.stats.sentChanges).toBe(1);
    up.session.close();
    const down = await syncWith(b.app.services.sync, hub.url, { via: 'daemon' });
    expect(items(b, 'section:costumes')).toEqual({ hat: 'bonnet' });
    const status = await call<{ peers: Array<{ via: string; state: string; connected: boolean; pendingOut: number }> }>(b, b.app.localPrincipal(grace), 'sync.status', {});
    expect(status.peers[0]).toMatchObject({ via: 'daemon', state: 'connected', connected: true, pendingOut: 0 });
    // Live: while connected, a change reaches the daemon without a new round.
    b.app.store.change<SectionDoc>('section:costumes', (d) => {
      d.items.gloves = 'lace';
    });
    await down.session.whenIdle();
    await expect.poll(() => items(c!.hub, 'section:costumes').gloves).toBe('lace');
    down.session.close();

    // Reconnecting with nothing new sends no change at all (sync state persisted per peer).
    const again = await syncWith(a.app.services.sync, hub.url, { via: 'daemon' });
    expect(again.session.stats.sentChanges).toBe(0);
    expect(again.session.stats.receivedChanges).toBe(1);
    again.session.close();
  });

  it('refuses a device that is not enrolled and a peer whose channel key differs from the pinned one', async () => {
    c = await company();
    const hub = await hubServer(c);
    const stranger = await emptyReplica(c, 'stranger');
    await expect(syncWith(stranger.app.services.sync, hub.url, { timeoutMs: 20_000 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(connectTls(DeviceKey.generate(), hub.url, 'address', DeviceKey.generate().publicKey)).rejects.toMatchObject({ details: { reason: 'key_mismatch' } });
    const events = await call<Array<{ reason: string }>>(c.hub, c.admin, 'sync.securityEvents', {});
    expect(events.map((e) => e.reason)).toContain('unknown_device');
  });

  it('LAN discovery connects to enrolled peers only (fake discovery: no multicast needed)', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const hub = await hubServer(c);
    const laptop = await emptyReplica(c, 'priya');
    const invite = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: priya });
    (await syncWith(laptop.app.services.sync, hub.url, { enrollCode: invite.code })).session.close();

    let announce: ((p: FoundPeer) => void) | undefined;
    const fake: Discovery = { advertise: () => undefined, onPeer: (l) => (announce = l), close: () => undefined };
    const tried: string[] = [];
    const lan = new LanPeers(laptop.app.services.sync, fake, async (url, deviceId) => {
      tried.push(deviceId);
      const r = await syncWith(laptop.app.services.sync, url, { via: 'lan' });
      r.session.close();
    });
    expect(announce).toBeDefined();
    expect(await lan.found({ deviceId: DeviceKey.generate().deviceId, host: '127.0.0.1', port: hub.port })).toBe(false);
    expect(await lan.found({ deviceId: laptop.app.store.deviceId, host: '127.0.0.1', port: 1 })).toBe(false);
    expect(await lan.found({ deviceId: c.hub.app.store.deviceId, host: '127.0.0.1', port: hub.port })).toBe(true);
    expect(tried).toEqual([c.hub.app.store.deviceId]);
    const peers = laptop.app.services.sync.peers();
    expect(peers.find((p) => p.deviceId === c!.hub.app.store.deviceId)?.via).toBe('lan');
  });
});
