import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../core/sync/envelope.ts';
import { DeviceKey } from '../../../core/sync/identity.ts';
import { call, company, connect, disconnect, emptyReplica, enrolled, heads, items, syncOnce, user, type Company, type SectionDoc } from './harness.ts';

let c: Company | undefined;
afterEach(() => {
  c?.cleanup();
  c = undefined;
});

function refusals(session: { transport: unknown }): Array<{ reason: string; fatal: boolean }> {
  const sent = (session.transport as { sent: string[] }).sent.map((s) => JSON.parse(s) as { t: string; reason?: string; fatal?: boolean });
  return sent.filter((m) => m.t === 'refused').map((m) => ({ reason: m.reason!, fatal: m.fatal! }));
}

function results(session: { transport: unknown }) {
  return (session.transport as { sent: string[] }).sent
    .map((s) => JSON.parse(s) as { t: string; id?: string; rejected?: Array<{ reason: string }>; accepted?: number })
    .filter((m) => m.t === 'result');
}

describe('enrollment', () => {
  it('enrolls a new device with a one-time code, writes it into the policy and syncs what its user may view', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes'], ['section-editor']);
    c.hub.app.store.create('production:earnest', 'production', 'production:earnest', (d: { production?: unknown }) => {
      d.production = { title: 'Earnest' };
    });
    const laptop = await enrolled(c, 'priya', priya);
    const devices = await call<Array<{ id: string; userId: string; name: string }>>(c.hub, c.admin, 'sync.devices.list', {});
    expect(devices.find((d) => d.id === laptop.app.store.deviceId)).toMatchObject({ userId: priya, name: 'priya laptop' });
    expect(laptop.app.store.has('policy')).toBe(true);
    expect(heads(laptop, 'policy')).toEqual(heads(c.hub, 'policy'));
    expect(heads(laptop, 'section:costumes')).toEqual(heads(c.hub, 'section:costumes'));
    // A section editor sees sections, not productions: nothing of them was sent.
    expect(laptop.app.store.has('production:earnest')).toBe(false);
    // The company document goes to every device (section registry, time zone, theme), like the policy.
    expect(heads(laptop, 'org')).toEqual(heads(c.hub, 'org'));
  });

  it('refuses a replayed, expired or unknown invite with a named reason and enrolls nothing', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const invite = await call<{ code: string; qrSvg: string; link: string }>(c.hub, c.admin, 'sync.invites.create', { user: priya, ttlMinutes: 10 });
    expect(invite.qrSvg).toContain('<svg');
    expect(invite.link).toContain(encodeURIComponent(invite.code));
    const first = await emptyReplica(c, 'first');
    let s = connect(c, c.hub, first, { enrollCode: invite.code });
    c.net.deliver();
    disconnect(s);
    c.net.deliver();
    expect(first.app.store.has('policy')).toBe(true);

    const second = await emptyReplica(c, 'second');
    s = connect(c, c.hub, second, { enrollCode: invite.code });
    c.net.deliver();
    expect(refusals(s[0])).toEqual([{ reason: 'invite_used', fatal: false }]);
    expect(s[1].state).toBe('enrollment_refused');
    disconnect(s);

    const late = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: priya, ttlMinutes: 1 });
    c.clock.advance(61_000);
    s = connect(c, c.hub, second, { enrollCode: late.code });
    c.net.deliver();
    expect(refusals(s[0]).map((r) => r.reason)).toEqual(['invite_expired']);
    disconnect(s);

    s = connect(c, c.hub, second, { enrollCode: 'ZZZZZ-ZZZZZ' });
    c.net.deliver();
    expect(refusals(s[0]).map((r) => r.reason)).toEqual(['invite_unknown']);
    disconnect(s);
    c.net.deliver();
    expect(second.app.store.has('policy')).toBe(false);
    const devices = await call<Array<{ id: string }>>(c.hub, c.admin, 'sync.devices.list', {});
    expect(devices.map((d) => d.id)).not.toContain(second.app.store.deviceId);
    const events = await call<Array<{ reason: string }>>(c.hub, c.admin, 'sync.securityEvents', {});
    expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['invite_used', 'invite_expired', 'invite_unknown']));
  });
});

describe('change validation', () => {
  it('modified client: a write outside its grants is refused by every other replica, which converge without it', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const dev = await user(c, 'Dev Okafor', ['props']);
    const priyaLaptop = await enrolled(c, 'priya', priya);
    const devLaptop = await enrolled(c, 'dev', dev);

    // Dev's client skips its own checks and writes straight into the costumes section.
    devLaptop.app.store.change<SectionDoc>('section:costumes', (d) => {
      d.items.hacked = 'BAD';
    });
    devLaptop.app.store.change<SectionDoc>('section:costumes', (d) => {
      d.items.more = 'BAD';
    });
    // …and makes a legitimate edit to props.
    devLaptop.app.store.change<SectionDoc>('section:props', (d) => {
      d.items.sword = 'rapier';
    });

    const s = connect(c, c.hub, devLaptop);
    c.net.deliver();
    const rejected = results(s[0]).find((r) => r.id === 'section:costumes')!.rejected!;
    expect(rejected.map((r) => r.reason)).toEqual(['permission', 'dependency_rejected']);
    expect(items(c.hub, 'section:costumes')).toEqual({});
    expect(items(c.hub, 'section:props')).toEqual({ sword: 'rapier' });
    expect(s[1].state).toBe('permission_rejected');
    // The connection stays usable: a later valid edit still flows.
    devLaptop.app.store.change<SectionDoc>('section:props', (d) => {
      d.items.cape = 'velvet';
    });
    c.net.deliver();
    expect(items(c.hub, 'section:props')).toEqual({ sword: 'rapier', cape: 'velvet' });
    disconnect(s);
    c.net.deliver();

    // Priya's laptop, syncing with the hub and then directly with Dev's laptop, never takes it.
    syncOnce(c, c.hub, priyaLaptop);
    syncOnce(c, priyaLaptop, devLaptop);
    expect(items(priyaLaptop, 'section:costumes')).toEqual({});
    expect(items(priyaLaptop, 'section:props')).toEqual({ sword: 'rapier', cape: 'velvet' });
    expect(heads(priyaLaptop, 'section:props')).toEqual(heads(c.hub, 'section:props'));
    expect(heads(priyaLaptop, 'section:costumes')).toEqual(heads(c.hub, 'section:costumes'));

    const events = await call<Array<{ reason: string; deviceId: string | null; userId: string }>>(c.hub, c.admin, 'sync.securityEvents', {});
    expect(events.filter((e) => e.reason === 'permission')).toEqual([expect.objectContaining({ deviceId: devLaptop.app.store.deviceId, userId: dev })]);
    const audit = c.hub.app.services.audit.query({ outcome: 'denied', action: 'sync.receive' });
    expect(audit.length).toBeGreaterThanOrEqual(2);
    // A resend is refused again, quietly (no second security event).
    syncOnce(c, c.hub, devLaptop);
    expect(c.hub.app.services.audit.query({ outcome: 'denied', action: 'sync.receive' })).toHaveLength(audit.length);
  });

  it('refuses a forged signature, an unsigned change and a change signed for another document, keeping the connection', async () => {
    c = await company();
    const dev = await user(c, 'Dev Okafor', ['props']);
    const devLaptop = await enrolled(c, 'dev', dev);
    const [hubSide, devSide] = connect(c, c.hub, devLaptop);
    c.net.deliver();
    const doc = devLaptop.app.store.doc<SectionDoc>('section:props');
    const forge = (fn: (d: SectionDoc) => void) => A.getLastLocalChange(A.change(A.clone(doc, { actor: devLaptop.app.store.actorId }), fn))!;
    const change = forge((d) => {
      d.items.x = 'forged';
    });
    const hash = A.decodeChange(change).hash;
    const genuine = devLaptop.app.store.signature('section:props', heads(devLaptop, 'section:props')[0]!)!;
    const env = parseEnvelope(genuine.envelope)!;
    const other = DeviceKey.generate();
    const send = (e: unknown) =>
      devSide.transport.send(
        JSON.stringify({ t: 'changes', id: 'section:props', type: 'section', scope: 'section:props', heads: [hash], ref: 99, changes: [{ c: Buffer.from(change).toString('base64'), ...(e ? { e: JSON.stringify(e) } : {}) }] }),
      );
    send({ ...env, hash }); // signature over another hash
    send(undefined); // unsigned
    send({ ...env, hash, doc: 'section:costumes' }); // moved to another document
    send({ ...env, hash, pub: other.publicKey, device: other.deviceId }); // someone else's key
    devSide.transport.send('{"t":"changes", nonsense');
    devSide.transport.send(JSON.stringify({ t: 'hello', protocol: 1 }));
    c.net.deliver();
    const reasons = results(hubSide).filter((r) => r.id === 'section:props').flatMap((r) => r.rejected!.map((x) => x.reason));
    expect(reasons).toEqual(['bad_signature', 'unsigned', 'wrong_document', 'bad_signature']);
    expect(refusals(hubSide).map((r) => r.reason)).toEqual(['unparsable', 'unparsable']);
    expect(items(c.hub, 'section:props')).toEqual({});
    // Still usable.
    devLaptop.app.store.change<SectionDoc>('section:props', (d) => {
      d.items.ok = 'fine';
    });
    c.net.deliver();
    expect(items(c.hub, 'section:props')).toEqual({ ok: 'fine' });
    expect(hubSide.open && devSide.open).toBe(true);
  });
});

describe('peers', () => {
  it('refuses an unknown device and a peer speaking a newer incompatible protocol, by name', async () => {
    c = await company();
    const stranger = await emptyReplica(c, 'stranger');
    stranger.app.store.create('section:costumes', 'section', 'section:costumes', (d: SectionDoc) => {
      d.items = { x: 'y' };
    });
    const s = connect(c, c.hub, stranger);
    c.net.deliver();
    expect(refusals(s[0])).toEqual([{ reason: 'unknown_device', fatal: true }]);
    expect(s[1].state).toBe('unknown_device');
    expect(items(c.hub, 'section:costumes')).toEqual({});

    const [ta, tb] = c.net.pair();
    const hubSession = c.hub.app.services.sync.attach(ta);
    const key = DeviceKey.generate();
    tb.send(JSON.stringify({ t: 'hello', protocol: 9, minProtocol: 7, app: '9.0.0', device: key.deviceId, pub: key.publicKey, name: 'future', nonce: 'n'.repeat(24), time: c.clock.now() }));
    c.net.deliver();
    expect(refusals(hubSession)).toEqual([{ reason: 'incompatible_version', fatal: true }]);
    expect(hubSession.state).toBe('incompatible_version');
    disconnect(s);
  });

  it('names a far-off clock in the peer status', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const laptop = await enrolled(c, 'priya', priya);
    const [ta, tb] = c.net.pair();
    c.hub.app.services.sync.attach(ta);
    const session = laptop.app.services.sync.attach(tb);
    // The hub's hello claims a time 3 hours ahead.
    const real = c.clock.now();
    c.clock.set(real + 3 * 3600_000);
    c.net.deliver(1);
    c.clock.set(real);
    c.net.deliver();
    expect(session.state).toBe('clock_far_off');
    const status = await call<{ peers: Array<{ state: string; deviceId: string; connected: boolean }> }>(c.hub, c.admin, 'sync.status', {});
    expect(status.peers.find((p) => p.deviceId === laptop.app.store.deviceId)).toMatchObject({ connected: true });
  });
});

describe('revocation', () => {
  it('during concurrent edits: changes past the cutoff are refused and dropped everywhere; replicas converge', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const dev = await user(c, 'Dev Okafor', ['props']);
    const priyaLaptop = await enrolled(c, 'priya', priya);
    const devLaptop = await enrolled(c, 'dev', dev);
    priyaLaptop.app.store.change<SectionDoc>('section:costumes', (d) => {
      d.items.before = 'kept';
    });
    syncOnce(c, c.hub, priyaLaptop);
    expect(items(c.hub, 'section:costumes')).toEqual({ before: 'kept' });

    // Priya keeps editing offline while the admin revokes her laptop at the hub.
    priyaLaptop.app.store.change<SectionDoc>('section:costumes', (d) => {
      d.items.after = 'dropped';
    });
    // Dev's laptop meets Priya's on the LAN before hearing of the revocation, and builds on it.
    syncOnce(c, priyaLaptop, devLaptop);
    expect(items(devLaptop, 'section:costumes')).toEqual({ before: 'kept', after: 'dropped' });
    await call(c.hub, c.admin, 'sync.devices.revoke', { deviceId: priyaLaptop.app.store.deviceId });

    // The revoked laptop is turned away at the door.
    const s = connect(c, c.hub, priyaLaptop);
    c.net.deliver();
    expect(refusals(s[0]).map((r) => r.reason)).toEqual(['device_revoked']);
    expect(s[1].state).toBe('device_revoked');

    // Dev's laptop syncs with the hub: the hub refuses the late change; Dev's laptop learns of
    // the revocation and drops it too; both end identical.
    syncOnce(c, c.hub, devLaptop);
    syncOnce(c, c.hub, devLaptop);
    expect(items(c.hub, 'section:costumes')).toEqual({ before: 'kept' });
    expect(items(devLaptop, 'section:costumes')).toEqual({ before: 'kept' });
    expect(heads(devLaptop, 'section:costumes')).toEqual(heads(c.hub, 'section:costumes'));
    const events = await call<Array<{ reason: string }>>(c.hub, c.admin, 'sync.securityEvents', {});
    expect(events.map((e) => e.reason)).toContain('device_revoked');
    const devices = await call<Array<{ id: string; revokedAt: number | null }>>(c.hub, c.admin, 'sync.devices.list', {});
    expect(devices.find((d) => d.id === priyaLaptop.app.store.deviceId)!.revokedAt).toBe(c.clock.now());
  });

  it('renames a device and refuses revoking it twice or revoking oneself', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const laptop = await enrolled(c, 'priya', priya);
    const renamed = await call<{ name: string }>(c.hub, c.admin, 'sync.devices.rename', { deviceId: laptop.app.store.deviceId, name: 'Costume shop laptop' });
    expect(renamed.name).toBe('Costume shop laptop');
    await expect(call(c.hub, c.admin, 'sync.devices.revoke', { deviceId: c.hub.app.store.deviceId })).rejects.toMatchObject({ code: 'conflict' });
    await call(c.hub, c.admin, 'sync.devices.revoke', { deviceId: laptop.app.store.deviceId });
    await expect(call(c.hub, c.admin, 'sync.devices.revoke', { deviceId: laptop.app.store.deviceId })).rejects.toMatchObject({ code: 'conflict' });
    await expect(call(c.hub, c.admin, 'sync.devices.rename', { deviceId: 'dev-nope', name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(c.hub, c.admin, 'sync.devices.rename', { deviceId: laptop.app.store.deviceId, name: '' })).rejects.toMatchObject({ code: 'invalid' });
  });
});
