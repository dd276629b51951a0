import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../core/api/app.ts';
import { TestClock } from '../../../core/clock.ts';
import { startDesktopSync, type RunningSyncServer } from '../../../core/daemon/sync-server.ts';
import type { Discovery, FoundPeer } from '../../../core/sync/discovery.ts';
import type { Timers } from '../../../core/sync/remembered.ts';
import type { MainToWorker, OpenOptions, WorkerToMain } from '../../../electron/contract.ts';
import { serveCore, type ParentPortLike } from '../../../electron/core-server.ts';

const dirs: string[] = [];
const apps: App[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) if (!app.store.closed) app.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

class FakeDiscovery implements Discovery {
  advertised: Array<{ deviceId: string; port: number }> = [];
  closed = false;
  listeners: Array<(p: FoundPeer) => void> = [];
  advertise(deviceId: string, port: number): void {
    this.advertised.push({ deviceId, port });
  }
  onPeer(listener: (p: FoundPeer) => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.closed = true;
  }
}

const noTimers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** The core worker served in-process over a fake parentPort, with the real desktop sync (fake mDNS). */
function startWorker(options: Partial<OpenOptions> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-worker-sync-'));
  dirs.push(dir);
  const received: WorkerToMain[] = [];
  let listener: ((event: { data: unknown }) => void) | undefined;
  const port: ParentPortLike = { postMessage: (m) => received.push(m), on: (_e, l) => (listener = l) };
  const discovery = new FakeDiscovery();
  const started: Array<{ server: RunningSyncServer; lan: boolean; app: App }> = [];
  const order: string[] = [];
  serveCore(port, {
    openApp: async (o) => {
      const app = await openApp(o);
      apps.push(app);
      const close = app.close.bind(app);
      app.close = () => {
        order.push('store closed');
        close();
      };
      return app;
    },
    clock: new TestClock(),
    log: () => undefined,
    exit: () => undefined,
    startSync: async (app, o) => {
      // Port 0: the test must not depend on the desktop's default port being free.
      const server = await startDesktopSync(app, { ...o, port: 0, discovery, timers: noTimers });
      started.push({ server, lan: o.lan, app });
      return {
        close: async () => {
          await server.close();
          order.push('sync closed');
        },
      };
    },
  });
  const post = (m: MainToWorker) => listener!({ data: m });
  const waitFor = async (pred: (m: WorkerToMain) => boolean): Promise<void> => {
    for (let i = 0; i < 2000 && !received.some(pred); i++) await new Promise((r) => setTimeout(r, 5));
    if (!received.some(pred)) throw new Error('no such message from the worker');
  };
  const untilStarted = async (): Promise<void> => {
    for (let i = 0; i < 2000 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  };
  post({ type: 'open', options: { dataDir: path.join(dir, 'store'), ...options } });
  return { post, received, waitFor, untilStarted, started, discovery, order };
}

describe('core worker: peer sync on the desktop', () => {
  it('starts the sync listener with LAN discovery once the store is open, and closes it before the store on quit', async () => {
    const w = startWorker();
    await w.waitFor((m) => m.type === 'ready');
    await w.untilStarted();
    const [{ server, lan, app }] = w.started as [(typeof w.started)[number]];
    expect(lan).toBe(true);
    expect(w.discovery.advertised).toEqual([{ deviceId: app.store.deviceId, port: server.port }]);
    expect(app.services.sync.publicUrl).toMatch(/^callboard-sync:\/\//);
    expect(app.services.sync.remembered.running).toBe(true);
    expect(await reachable(server.port)).toBe(true);

    w.post({ type: 'shutdown' });
    await w.waitFor((m) => m.type === 'closed');
    expect(w.order).toEqual(['sync closed', 'store closed']);
    expect(w.discovery.closed).toBe(true);
    expect(app.services.sync.remembered.running).toBe(false);
    expect(await reachable(server.port)).toBe(false);
  });

  it('with LAN off listens on loopback only and advertises nothing', async () => {
    const w = startWorker({ lan: false });
    await w.waitFor((m) => m.type === 'ready');
    await w.untilStarted();
    const [{ server, lan }] = w.started as [(typeof w.started)[number]];
    expect(lan).toBe(false);
    expect(server.url).toMatch(/^callboard-sync:\/\/127\.0\.0\.1:/);
    expect(w.discovery.advertised).toEqual([]);
    w.post({ type: 'shutdown' });
    await w.waitFor((m) => m.type === 'closed');
  });

  it('a sync start failure is logged, not fatal: the app still opens and quits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-worker-sync-'));
    dirs.push(dir);
    const received: WorkerToMain[] = [];
    const logs: string[] = [];
    let listener: ((event: { data: unknown }) => void) | undefined;
    serveCore({ postMessage: (m) => received.push(m), on: (_e, l) => (listener = l) }, {
      openApp: async (o) => {
        const app = await openApp(o);
        apps.push(app);
        return app;
      },
      clock: new TestClock(),
      log: (l) => logs.push(l),
      exit: () => undefined,
      startSync: () => Promise.reject(new Error('EACCES: permission denied')),
    });
    listener!({ data: { type: 'open', options: { dataDir: path.join(dir, 'store') } } satisfies MainToWorker });
    for (let i = 0; i < 2000 && !received.some((m) => m.type === 'ready'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(received.some((m) => m.type === 'ready')).toBe(true);
    listener!({ data: { type: 'shutdown' } satisfies MainToWorker });
    for (let i = 0; i < 2000 && !received.some((m) => m.type === 'closed'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(received.some((m) => m.type === 'closed')).toBe(true);
    expect(logs.join('\n')).toContain('sync: could not start: EACCES');
  });
});

describe('desktop options', () => {
  it('--no-lan and CALLBOARD_LAN=0 turn LAN sync off; it is on by default', async () => {
    const { desktopOptions } = await import('../../../electron/options.ts');
    expect(desktopOptions(['--data', '/tmp/x'], {}).lan).toBeUndefined();
    expect(desktopOptions(['--data', '/tmp/x', '--no-lan'], {}).lan).toBe(false);
    expect(desktopOptions(['--data', '/tmp/x'], { CALLBOARD_LAN: '0' }).lan).toBe(false);
  });
});

describe('startDesktopSync', () => {
  it('falls back to any free port when the desktop sync port is taken', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-desk-port-'));
    dirs.push(dir);
    const app = await openApp({ dataDir: path.join(dir, 'store'), clock: new TestClock() });
    apps.push(app);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    const logs: string[] = [];
    try {
      const s = await startDesktopSync(app, { lan: false, port: taken, timers: noTimers, log: (l) => logs.push(l) });
      expect(s.port).not.toBe(taken);
      expect(logs.join('\n')).toContain(`port ${taken} is in use`);
      await s.close();
    } finally {
      blocker.close();
    }
  });
});
