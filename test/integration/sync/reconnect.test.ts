import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../core/api/app.ts';
import { startSyncServer, type RunningSyncServer } from '../../../core/daemon/sync-server.ts';
import { RECONNECT_BASE_MS, type Timers } from '../../../core/sync/remembered.ts';
import { call, company, emptyReplica, user, type Company, type SectionDoc } from '../../unit/sync/harness.ts';

/** Timers the test fires by hand: nothing waits on the wall clock. */
class FakeTimers implements Timers {
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  #next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.ms);
  }
  /** Runs every pending timer (the loop's attempts start; await `settled()` for them). */
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const p of due) p.fn();
  }
}

let c: Company | undefined;
const servers: RunningSyncServer[] = [];
const apps: App[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const a of apps.splice(0)) if (!a.store.closed) a.close();
  c?.cleanup();
  c = undefined;
});

async function serve(app: App, port: number, timers: Timers): Promise<RunningSyncServer> {
  const s = await startSyncServer({ app, host: '127.0.0.1', port, timers, log: () => undefined });
  servers.push(s);
  return s;
}

async function stop(server: RunningSyncServer, app: App): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  for (const s of app.services.sync.sessions) s.close('restart');
  await server.close();
  app.close();
}

describe('remembered peers (reconnect after a restart, with backoff; forget)', () => {
  it('a laptop reconnects to the peer it joined through after both restart, and sync resumes where it stopped', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const hubTimers = new FakeTimers();
    let hub = await serve(c.hub.app, 0, hubTimers);
    const invite = await call<{ link: string }>(c.hub, c.admin, 'sync.invites.create', { user: priya, deviceName: 'Costume shop laptop' });
    const laptop = await emptyReplica(c, 'laptop');
    await laptop.app.dispatcher.call(laptop.app.setupPrincipal(), 'sync.join', { invite: invite.link });
    const hubDevice = c.hub.app.store.deviceId;
    expect(laptop.app.services.sync.remembered.list()).toMatchObject([{ url: hub.url, deviceId: hubDevice, via: 'address', lastError: null }]);
    const laptopDir = laptop.dir;

    // Both sides stop. The hub changes a document while the laptop is away.
    const port = hub.port;
    await stop(hub, c.hub.app);
    const { dir: hubDir } = c.hub;
    for (const s of laptop.app.services.sync.sessions) s.close('restart');
    laptop.app.close();

    // The laptop starts first: the hub is down, so the attempt fails and backs off (1 s, 2 s…).
    const timers = new FakeTimers();
    const laptop2 = await openApp({ dataDir: laptopDir, clock: c.clock });
    apps.push(laptop2);
    await serve(laptop2, 0, timers);
    const remembered = laptop2.services.sync.remembered;
    expect(timers.delays()).toEqual([0]);
    timers.fire();
    await remembered.settled();
    expect(remembered.list()[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(timers.delays()).toEqual([RECONNECT_BASE_MS]);
    expect(remembered.list()[0]!.nextAttemptAt).toBe(c.clock.now() + RECONNECT_BASE_MS);
    timers.fire();
    await remembered.settled();
    expect(timers.delays()).toEqual([2 * RECONNECT_BASE_MS]);

    const hub2 = await openApp({ dataDir: hubDir, clock: c.clock });
    apps.push(hub2);
    hub2.store.change<SectionDoc>('section:costumes', (d) => (d.items.cape = 'red velvet'));
    hub = await serve(hub2, port, hubTimers);

    // The next attempt connects, and only the new change travels.
    timers.fire();
    await remembered.settled();
    expect(laptop2.services.sync.connectedTo(hubDevice)).toBe(true);
    expect(laptop2.store.doc<SectionDoc>('section:costumes').items.cape).toBe('red velvet');
    const session = laptop2.services.sync.sessions.find((s) => s.peer?.deviceId === hubDevice)!;
    await session.whenIdle();
    expect(session.stats.receivedChanges).toBe(1);
    expect(session.stats.sentChanges).toBe(0);
    expect(remembered.list()[0]).toMatchObject({ lastError: null, lastSeen: c.clock.now(), nextAttemptAt: null });
    expect(timers.delays()).toEqual([]);

    // The connection drops: the laptop tries again after the base delay.
    session.close('network gone');
    expect(timers.delays()).toEqual([RECONNECT_BASE_MS]);

    // Forgotten: no timer left, no reconnection.
    remembered.forget(hub.url);
    expect(timers.delays()).toEqual([]);
    expect(remembered.list()).toEqual([]);
  }, 60_000);

  it('sync.connect with stay remembers the peer; sync.status lists it; sync.peers.forget stops reconnection (audited)', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const hubTimers = new FakeTimers();
    const hub = await serve(c.hub.app, 0, hubTimers);
    const invite = await call<{ link: string }>(c.hub, c.admin, 'sync.invites.create', { user: priya });
    const laptop = await emptyReplica(c, 'laptop');
    await laptop.app.dispatcher.call(laptop.app.setupPrincipal(), 'sync.join', { invite: invite.link });
    for (const s of laptop.app.services.sync.sessions) s.close('joined');
    const laptopServer = await serve(laptop.app, 0, new FakeTimers());

    // Without stay: not remembered.
    await call(c.hub, c.admin, 'sync.connect', { url: laptopServer.url });
    expect(c.hub.app.services.sync.remembered.list()).toEqual([]);
    await call(c.hub, c.admin, 'sync.connect', { url: laptopServer.url, stay: true });
    const status = await call<{ remembered: Array<{ url: string; deviceId: string; connected: boolean }> }>(c.hub, c.admin, 'sync.status', {});
    expect(status.remembered).toMatchObject([{ url: laptopServer.url, deviceId: laptop.app.store.deviceId, connected: true }]);

    // A drop schedules a reconnection…
    c.hub.app.services.sync.sessions.find((s) => s.peer?.deviceId === laptop.app.store.deviceId)!.close('drop');
    expect(hubTimers.delays()).toEqual([RECONNECT_BASE_MS]);
    // …which forgetting cancels.
    await expect(call(c.hub, c.admin, 'sync.peers.forget', { url: 'callboard-sync://nowhere:1' })).rejects.toMatchObject({ code: 'not_found', details: { field: 'url' } });
    await expect(call(c.hub, c.admin, 'sync.peers.forget', {})).rejects.toMatchObject({ code: 'invalid' });
    expect(await call(c.hub, c.admin, 'sync.peers.forget', { url: laptopServer.url })).toEqual({ forgotten: laptopServer.url });
    expect(hubTimers.delays()).toEqual([]);
    hubTimers.fire();
    await c.hub.app.services.sync.remembered.settled();
    expect(c.hub.app.services.sync.connectedTo(laptop.app.store.deviceId)).toBe(false);
    expect((await call<{ remembered: unknown[] }>(c.hub, c.admin, 'sync.status', {})).remembered).toEqual([]);
    const entry = c.hub.app.services.audit.query({ action: 'sync.manage' }).find((e) => e.procedure === 'sync.peers.forget');
    expect(entry?.summary).toContain(laptopServer.url);
    // The laptop's own user may not manage sync.
    await expect(laptop.app.dispatcher.call(laptop.app.localPrincipal(priya), 'sync.peers.forget', { url: hub.url })).rejects.toMatchObject({ code: 'forbidden' });
  }, 60_000);
});
