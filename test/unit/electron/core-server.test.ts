import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../core/api/app.ts';
import { TestClock } from '../../../core/clock.ts';
import { DEMO_ADMIN } from '../../../core/daemon/demo.ts';
import type { MainToWorker, OpenOptions, WorkerToMain } from '../../../electron/contract.ts';
import { serveCore, type ParentPortLike } from '../../../electron/core-server.ts';

const dirs: string[] = [];
const apps: App[] = [];

afterEach(() => {
  for (const app of apps.splice(0)) if (!app.store.closed) app.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A core worker served in-process over a fake parentPort, as main would drive it. */
function startWorker(options: Partial<OpenOptions> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-worker-'));
  dirs.push(dir);
  const received: WorkerToMain[] = [];
  // Waiters are woken by each message the worker posts: no polling, no sleeps (the test's
  // own timeout bounds a wait for a message that never comes).
  const waiters = new Set<() => void>();
  let listener: ((event: { data: unknown }) => void) | undefined;
  const port: ParentPortLike = {
    postMessage: (m) => {
      received.push(m);
      for (const wake of [...waiters]) wake();
    },
    on: (_e, l) => (listener = l),
  };
  const exits: number[] = [];
  serveCore(port, {
    openApp: async (o) => {
      const app = await openApp(o);
      apps.push(app);
      return app;
    },
    clock: new TestClock(),
    log: () => undefined,
    exit: (code) => exits.push(code),
  });
  const post = (m: MainToWorker) => listener!({ data: m });
  let nextId = 0;
  const waitFor = <T extends WorkerToMain>(pred: (m: WorkerToMain) => m is T): Promise<T> =>
    new Promise<T>((resolve) => {
      const check = () => {
        const hit = received.find(pred);
        if (!hit) return;
        waiters.delete(check);
        resolve(hit);
      };
      waiters.add(check);
      check();
    });
  const call = async (window: number, procedure: string, input: unknown = {}) => {
    const id = ++nextId;
    post({ type: 'call', id, window, procedure, input });
    return waitFor((m): m is Extract<WorkerToMain, { type: 'result' }> => m.type === 'result' && m.id === id);
  };
  const subscribe = async (window: number, subscription: string, scope: string) => {
    const id = ++nextId;
    post({ type: 'subscribe', id, window, subscription, scope });
    return waitFor((m): m is Extract<WorkerToMain, { type: 'result' }> => m.type === 'result' && m.id === id);
  };
  post({ type: 'open', options: { dataDir: path.join(dir, 'store'), ...options } });
  const ready = waitFor((m): m is Extract<WorkerToMain, { type: 'ready' | 'fatal' }> => m.type === 'ready' || m.type === 'fatal');
  const closed = () => waitFor((m): m is Extract<WorkerToMain, { type: 'closed' }> => m.type === 'closed');
  return { post, call, subscribe, ready, closed, received, exits, dir };
}

describe('core worker', () => {
  it('opens the store, seeds the demo on request, and acts as the longest-standing admin by default', async () => {
    const w = startWorker({ demo: true });
    const ready = await w.ready;
    expect(ready).toMatchObject({ type: 'ready', company: true });
    expect(ready.type === 'ready' && ready.procedures).toContain('session.whoami');
    const who = await w.call(1, 'session.whoami');
    expect(who).toMatchObject({ ok: true, result: { user: { name: DEMO_ADMIN.name }, via: 'local' } });
    const org = await w.call(1, 'org.get');
    expect(org).toMatchObject({ ok: true, result: { company: { name: 'Riverside Players' } } });
  });

  it('answers `unauthenticated` with guidance when the folder holds no company', async () => {
    const w = startWorker();
    expect(await w.ready).toMatchObject({ type: 'ready', company: false });
    const reply = await w.call(1, 'session.whoami');
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(reply.ok === false && reply.error.message).toMatch(/callboard init/);
    expect(reply).toMatchObject({ ok: false, error: { details: { reason: 'no_company' } } });
    // Joining a company is the one thing such a device may ask (the dispatcher decides).
    expect(await w.call(1, 'sync.join', { invite: 'not a code' })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'invite' } } });
    expect(await w.call(1, 'sync.join', { invite: '7K3QM-XD9P2' })).toMatchObject({ ok: false, error: { code: 'invalid', details: { field: 'url' } } });
  });

  it('desktop.selectUser switches one window to another local account; other windows keep theirs', async () => {
    const w = startWorker({ demo: true });
    await w.ready;
    const chosen = await w.call(1, 'desktop.selectUser', { user: 'priya@riversideplayers.example.org' });
    expect(chosen).toMatchObject({ ok: true, result: { user: { name: 'Priya Natarajan' } } });
    expect(await w.call(1, 'session.whoami')).toMatchObject({ ok: true, result: { user: { name: 'Priya Natarajan' } } });
    expect(await w.call(2, 'session.whoami')).toMatchObject({ ok: true, result: { user: { name: DEMO_ADMIN.name } } });
    // The admin-only authorizer refuses Priya what the admin may do: the dispatcher decides, not the desktop.
    expect(await w.call(1, 'users.create', { name: 'X', email: 'x@example.org' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call(1, 'desktop.selectUser', { user: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.call(1, 'desktop.selectUser', { who: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('maps dispatcher errors to the error shape and results to plain JSON', async () => {
    const w = startWorker({ demo: true });
    await w.ready;
    const bad = await w.call(1, 'users.create', { name: '', email: 'not an email' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid', details: { issues: expect.any(Array) } } });
    expect(JSON.stringify(bad)).not.toMatch(/\n\s+at /);
    const list = await w.call(1, 'users.list');
    expect(list.ok && JSON.parse(JSON.stringify(list.result))).toEqual(list.ok && list.result);
  });

  it('delivers change events to the subscribed window, with its subscription id, until unsubscribed', async () => {
    const w = startWorker({ demo: true });
    await w.ready;
    expect(await w.subscribe(3, 's1', 'org')).toMatchObject({ ok: true, result: { subscribed: 'org' } });
    await w.call(3, 'org.update', { city: 'Salem, Oregon' });
    const change = w.received.find((m) => m.type === 'change');
    expect(change).toMatchObject({ type: 'change', window: 3, event: { subscription: 's1', scope: 'org', docId: 'org' } });

    // Messages are handled in the order they are posted, so the next call's answer comes after the unsubscribe.
    w.post({ type: 'unsubscribe', window: 3, subscription: 's1' });
    const before = w.received.filter((m) => m.type === 'change').length;
    await w.call(3, 'org.update', { city: 'Eugene, Oregon' });
    expect(w.received.filter((m) => m.type === 'change').length).toBe(before);
  });

  it('drops a closed window’s subscriptions and closes the store on shutdown', async () => {
    const w = startWorker({ demo: true });
    await w.ready;
    await w.subscribe(4, 's1', '*');
    w.post({ type: 'window-closed', window: 4 });
    await w.call(5, 'org.update', { city: 'Bend, Oregon' });
    expect(w.received.some((m) => m.type === 'change')).toBe(false);
    w.post({ type: 'shutdown' });
    await w.closed();
    expect(w.received.at(-1)).toEqual({ type: 'closed' });
    expect(w.exits).toEqual([0]);
    expect(apps[0]!.store.closed).toBe(true);
  });

  it('reports `fatal` when the data folder cannot be opened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-worker-'));
    dirs.push(dir);
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const w = startWorker({ dataDir: path.join(blocked, 'store') });
    expect(await w.ready).toMatchObject({ type: 'fatal', error: { code: 'unavailable' } });
    expect(await w.call(1, 'session.whoami')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
