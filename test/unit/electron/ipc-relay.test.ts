import { describe, expect, it } from 'vitest';
import { CHANNELS, type MainToWorker } from '../../../electron/contract.ts';
import { createIpcRelay } from '../../../electron/ipc-relay.ts';
import { FakeFrame, FakeIpcMain, FakeWindow, FakeWorker, captureLog, ipcEvent } from './fakes.ts';

const PROCEDURES = ['org.get', 'session.whoami', 'users.create'];

function setup(options: { ready?: boolean } = {}) {
  const ipcMain = new FakeIpcMain();
  const worker = new FakeWorker();
  const win = new FakeWindow();
  const windows = [win];
  const { log, lines } = captureLog();
  const relay = createIpcRelay(ipcMain, worker, { windows: () => windows, log });
  const ready = () =>
    worker.emit('message', { type: 'ready', deviceId: 'dev-1', dataDir: '/data', procedures: PROCEDURES, company: true });
  if (options.ready !== false) ready();
  const calls = () => worker.posted.filter((m): m is Extract<MainToWorker, { type: 'call' }> => (m as MainToWorker).type === 'call');
  return { ipcMain, worker, win, windows, relay, lines, ready, calls };
}

describe('IPC relay', () => {
  it('relays a good call to the worker with its window and maps the result', async () => {
    const { ipcMain, worker, win, calls } = setup();
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'call') worker.emit('message', { type: 'result', id: msg.id, ok: true, result: { company: { name: 'Riverside' } } });
    };
    const reply = await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'org.get', input: {} });
    expect(reply).toEqual({ ok: true, result: { company: { name: 'Riverside' } } });
    expect(calls()).toEqual([{ type: 'call', id: 1, window: win.webContents.id, procedure: 'org.get', input: {} }]);
  });

  it('passes desktop procedures and defaults an absent input to {}', async () => {
    const { ipcMain, worker, win, calls } = setup();
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'call') worker.emit('message', { type: 'result', id: msg.id, ok: true, result: undefined });
    };
    expect(await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'desktop.selectUser', input: { user: 'Priya' } })).toEqual({
      ok: true,
      result: null,
    });
    await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'session.whoami' });
    expect(calls().map((c) => [c.procedure, c.input])).toEqual([
      ['desktop.selectUser', { user: 'Priya' }],
      ['session.whoami', {}],
    ]);
  });

  it('refuses an unknown procedure with `invalid`, logs it, and never calls the worker', async () => {
    const { ipcMain, win, lines, calls } = setup();
    const reply = await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'system.shell', input: {} });
    expect(reply).toEqual({ ok: false, error: { code: 'invalid', message: 'Unknown procedure "system.shell"', details: { procedure: 'system.shell' } } });
    expect(calls()).toEqual([]);
    expect(lines.some((l) => l.includes('system.shell'))).toBe(true);
  });

  it('waits for the worker to report its procedures before judging a name', async () => {
    const { ipcMain, worker, win, ready, calls } = setup({ ready: false });
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'call') worker.emit('message', { type: 'result', id: msg.id, ok: true, result: 1 });
    };
    const pending = ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'org.get', input: {} });
    await new Promise((r) => setTimeout(r, 5));
    expect(calls()).toEqual([]);
    ready();
    expect(await pending).toEqual({ ok: true, result: 1 });
  });

  const malformed: Array<[string, unknown]> = [
    ['not an object', 'org.get'],
    ['null', null],
    ['a missing procedure', { input: {} }],
    ['a non-string procedure', { procedure: 42, input: {} }],
    ['a procedure that is not a name', { procedure: '../../etc', input: {} }],
    ['an extra field', { procedure: 'org.get', input: {}, as: 'admin' }],
    ['a Date in the input', { procedure: 'users.create', input: { name: 'A', when: new Date(0) } }],
    ['a Map as input', { procedure: 'users.create', input: new Map() }],
    ['a typed array', { procedure: 'users.create', input: { blob: new Uint8Array(3) } }],
    ['NaN', { procedure: 'users.create', input: { n: Number.NaN } }],
    ['an over-deep input', { procedure: 'users.create', input: JSON.parse('['.repeat(100) + ']'.repeat(100)) }],
  ];

  it.each(malformed)('refuses a payload with %s as `invalid`', async (_what, payload) => {
    const { ipcMain, win, lines, calls } = setup();
    const reply = (await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), payload)) as { ok: boolean; error: { code: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('invalid');
    expect(calls()).toEqual([]);
    expect(lines.length).toBe(1);
  });

  it('refuses an input over the size limit as `too_large`', async () => {
    const { ipcMain, win, calls } = setup();
    const reply = await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'users.create', input: { name: 'x'.repeat(1024 * 1024 + 1) } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(calls()).toEqual([]);
  });

  it('refuses calls from a subframe, a foreign page or an unknown window with `forbidden`, logged', async () => {
    const { ipcMain, win, lines, calls } = setup();
    const payload = { procedure: 'org.get', input: {} };
    const iframe = new FakeFrame('app://callboard/', win.webContents.mainFrame);
    const foreign = new FakeWindow('https://evil.example/');
    for (const event of [ipcEvent(win, iframe), ipcEvent(foreign), ipcEvent(win, null)]) {
      expect(await ipcMain.invoke(CHANNELS.invoke, event, payload)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'This frame may not use the Callboard API' },
      });
    }
    expect(calls()).toEqual([]);
    expect(lines.filter((l) => l.includes('unexpected sender')).length).toBe(3);
  });

  it('maps worker errors to {code, message, details} and never passes a stack', async () => {
    const { ipcMain, worker, win } = setup();
    const answers: unknown[] = [
      { code: 'forbidden', message: 'You may not policy.manage on policy', details: { action: 'policy.manage' } },
      { code: 'internal', message: 'Internal error', stack: 'Error: boom\n    at secret (/home/u/core.ts:1:1)' },
      { code: 'made_up', message: 'x' },
      Object.assign(new Error('raw'), { code: 'invalid' }),
      { code: 'invalid', message: 'bad', details: { when: new Date(0) } },
    ];
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'call') worker.emit('message', { type: 'result', id: msg.id, ok: false, error: answers[msg.id - 1] });
    };
    const replies = [];
    for (let i = 0; i < answers.length; i++) replies.push(await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'users.create', input: {} }));
    expect(replies).toEqual([
      { ok: false, error: { code: 'forbidden', message: 'You may not policy.manage on policy', details: { action: 'policy.manage' } } },
      { ok: false, error: { code: 'internal', message: 'Internal error' } },
      { ok: false, error: { code: 'internal', message: 'Internal error: the operation failed unexpectedly' } },
      { ok: false, error: { code: 'internal', message: 'Internal error: the operation failed unexpectedly' } },
      { ok: false, error: { code: 'invalid', message: 'bad' } },
    ]);
    expect(JSON.stringify(replies)).not.toMatch(/stack|at secret/);
  });

  it('answers pending and later calls with `unavailable` when the worker exits', async () => {
    const { ipcMain, worker, win, relay } = setup();
    const pending = ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'org.get', input: {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(relay.pendingCalls).toBe(1);
    worker.emit('exit', 3);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await ipcMain.invoke(CHANNELS.invoke, ipcEvent(win), { procedure: 'org.get', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('rejects `ready` when the worker cannot open the store', async () => {
    const { worker, relay } = setup({ ready: false });
    worker.emit('message', { type: 'fatal', error: { code: 'unavailable', message: 'database is locked' } });
    await expect(relay.ready).rejects.toMatchObject({ code: 'unavailable', message: 'database is locked' });
  });

  it('relays subscriptions per window and routes change events to that window only', async () => {
    const { ipcMain, worker, win, windows } = setup();
    const other = new FakeWindow();
    windows.push(other);
    worker.onPost = (m) => {
      const msg = m as MainToWorker;
      if (msg.type === 'subscribe') worker.emit('message', { type: 'result', id: msg.id, ok: true, result: { subscribed: msg.scope } });
    };
    expect(await ipcMain.invoke(CHANNELS.subscribe, ipcEvent(win), { id: 's1', scope: 'org' })).toEqual({ ok: true, result: { subscribed: 'org' } });
    expect(worker.posted.at(-1)).toEqual({ type: 'subscribe', id: 1, window: win.webContents.id, subscription: 's1', scope: 'org' });

    const event = { subscription: 's1', docId: 'org', type: 'org', scope: 'org', heads: ['h'], origin: 'local' };
    worker.emit('message', { type: 'change', window: win.webContents.id, event });
    expect(win.webContents.sent).toEqual([{ channel: CHANNELS.change, args: [event] }]);
    expect(other.webContents.sent).toEqual([]);

    ipcMain.send(CHANNELS.unsubscribe, ipcEvent(win), { id: 's1' });
    await new Promise((r) => setTimeout(r, 0));
    expect(worker.posted.at(-1)).toEqual({ type: 'unsubscribe', window: win.webContents.id, subscription: 's1' });

    expect(await ipcMain.invoke(CHANNELS.subscribe, ipcEvent(win), { id: 'bad id!', scope: 'org' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const before = worker.posted.length;
    ipcMain.send(CHANNELS.unsubscribe, ipcEvent(new FakeWindow()), { id: 's1' });
    await new Promise((r) => setTimeout(r, 0));
    expect(worker.posted.length).toBe(before);
  });

  it('tells the worker when a window closes, shuts it down, and removes its handlers', async () => {
    const { ipcMain, worker, relay } = setup();
    relay.windowClosed(7);
    expect(worker.posted.at(-1)).toEqual({ type: 'window-closed', window: 7 });
    worker.onPost = (m) => {
      if ((m as MainToWorker).type === 'shutdown') worker.emit('message', { type: 'closed' });
    };
    await relay.shutdown();
    relay.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.size).toBe(0);
  });
});
