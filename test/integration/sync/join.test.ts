import { afterEach, describe, expect, it } from 'vitest';
import { resolveLocalUser } from '../../../core/daemon/auth.ts';
import { startSyncServer, type RunningSyncServer } from '../../../core/daemon/sync-server.ts';
import { call, company, emptyReplica, user, type Company, type SectionDoc } from '../../unit/sync/harness.ts';

let c: Company | undefined;
const servers: RunningSyncServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  c?.cleanup();
  c = undefined;
});

describe('joining a company from the app (sync.join, over TLS to the daemon)', () => {
  it('enrolls with the invite link, acts as the invited user, keeps syncing, and is refused by name when replayed', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const hub = await startSyncServer({ app: c.hub.app, host: '127.0.0.1', port: 0, log: () => undefined });
    servers.push(hub);
    // The invite carries the daemon's own sync address and key (the QR code's link).
    const invite = await call<{ code: string; link: string; url: string | null }>(c.hub, c.admin, 'sync.invites.create', { user: priya, deviceName: 'Costume shop laptop' });
    expect(invite.url).toBe(hub.url);
    expect(invite.link).toContain(encodeURIComponent(hub.url));

    const laptop = await emptyReplica(c, 'laptop');
    const setup = laptop.app.setupPrincipal();
    // Before joining, ordinary procedures answer `no_company`; only this device's own session may join.
    await expect(laptop.app.dispatcher.call(setup, 'session.whoami', {})).rejects.toMatchObject({ code: 'unauthenticated', details: { reason: 'no_company' } });
    await expect(laptop.app.dispatcher.call({ ...setup, via: 'token' }, 'sync.join', { invite: invite.link })).rejects.toMatchObject({ code: 'forbidden' });

    const joined = (await laptop.app.dispatcher.call(setup, 'sync.join', { invite: invite.link })) as { userId: string; userName: string; deviceName: string; documents: number; complete: boolean; company: string | null };
    expect(joined).toMatchObject({ userId: priya, userName: 'Priya Natarajan', deviceName: 'Costume shop laptop', complete: true });
    expect(laptop.app.store.has('section:costumes')).toBe(true);
    // Audited on the new device, under the device, naming the user it joined as.
    const entry = laptop.app.services.audit.query({ action: 'sync.join' })[0]!;
    expect(entry).toMatchObject({ procedure: 'sync.join', outcome: 'ok', deviceId: laptop.app.store.deviceId });
    expect(entry.summary).toContain('Priya Natarajan');

    // The app now acts as the enrolled user, not as the company's admin.
    expect(resolveLocalUser(laptop.app, undefined)).toBe(priya);
    const who = (await laptop.app.dispatcher.call(laptop.app.localPrincipal(priya), 'session.whoami', {})) as { user: { name: string } };
    expect(who.user.name).toBe('Priya Natarajan');
    // A second join on an enrolled device is refused.
    await expect(laptop.app.dispatcher.call(setup, 'sync.join', { invite: invite.link })).rejects.toMatchObject({ code: 'conflict' });

    // The connection stays: a change on the daemon reaches the laptop.
    const arrived = new Promise<void>((resolve) => {
      const off = laptop.app.store.subscribe((e) => {
        if (e.docId === 'section:costumes' && e.origin === 'remote') {
          off();
          resolve();
        }
      });
    });
    c.hub.app.store.change<SectionDoc>('section:costumes', (d) => (d.items.cape = 'red velvet'));
    await arrived;
    expect(laptop.app.store.doc<SectionDoc>('section:costumes').items.cape).toBe('red velvet');

    // The same invite on another new device: refused by name, at once, nothing enrolled.
    const other = await emptyReplica(c, 'other');
    await expect(other.app.dispatcher.call(other.app.setupPrincipal(), 'sync.join', { invite: invite.code, url: hub.url })).rejects.toMatchObject({ code: 'forbidden', details: { reason: 'invite_used' } });
    expect(other.app.store.has('policy')).toBe(false);
    for (const s of [...laptop.app.services.sync.sessions, ...other.app.services.sync.sessions]) s.close('test done');
  });
});
