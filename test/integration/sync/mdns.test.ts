import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { bonjourDiscovery, type FoundPeer } from '../../../core/sync/discovery.ts';

/** Whether this machine delivers multicast to itself (mDNS needs it): a datagram to 224.0.0.251 looped back. */
async function multicastWorks(): Promise<{ ok: true } | { ok: false; why: string }> {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(0, () => resolve());
    });
    sock.addMembership('224.0.0.251');
    sock.setMulticastLoopback(true);
    const port = sock.address().port;
    const got = new Promise<boolean>((resolve) => {
      sock.on('message', (m) => m.toString() === 'callboard-probe' && resolve(true));
      setTimeout(() => resolve(false), 2000).unref();
    });
    sock.send('callboard-probe', port, '224.0.0.251');
    return (await got) ? { ok: true } : { ok: false, why: 'a multicast datagram sent to 224.0.0.251 did not come back within 2 s' };
  } catch (err) {
    return { ok: false, why: `multicast is unavailable: ${(err as Error).message}` };
  } finally {
    sock.close();
  }
}

const probe = await multicastWorks();
if (!probe.ok) console.warn(`skipping the real mDNS test: ${probe.why}`);

describe('LAN discovery over real multicast DNS (bonjour-service)', () => {
  it.skipIf(!probe.ok)('two peers find each other by their advertised device ids and sync ports', async () => {
    const a = bonjourDiscovery();
    const b = bonjourDiscovery();
    try {
      const seenByB = new Promise<FoundPeer>((resolve) => b.onPeer((p) => p.deviceId === 'dev-mdns-test-a' && resolve(p)));
      const seenByA = new Promise<FoundPeer>((resolve) => a.onPeer((p) => p.deviceId === 'dev-mdns-test-b' && resolve(p)));
      a.advertise('dev-mdns-test-a', 47821);
      b.advertise('dev-mdns-test-b', 47822);
      const [pa, pb] = await Promise.all([seenByB, seenByA]);
      expect(pa).toMatchObject({ deviceId: 'dev-mdns-test-a', port: 47821 });
      expect(pb).toMatchObject({ deviceId: 'dev-mdns-test-b', port: 47822 });
      expect(pa.host).toBeTruthy();
    } finally {
      a.close();
      b.close();
    }
  }, 30_000);
});
