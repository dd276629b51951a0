import { CallboardError, type ErrorShape } from '../core/errors.ts';
import type { ChangeEvent } from '../core/api/protocol.ts';
import { CHANNELS, DESKTOP_PROCEDURES, type InvokeReply, type MainToWorker, type WorkerToMain } from './contract.ts';
import type { IpcEventLike, IpcMainLike, Log, WindowLike, WorkerLike } from './electron-like.ts';
import { parseChunkPayload, parseInvokePayload, parseReadMediaPayload, parseSubscribePayload, parseUnsubscribePayload, toReplyError } from './ipc-payload.ts';
import { describeSender, validateSender } from './sender.ts';

export interface WorkerReady {
  deviceId: string;
  dataDir: string;
  procedures: string[];
  company: boolean;
}

export interface RelayOptions {
  /** Our live windows; a message from anything else is refused. */
  windows: () => readonly WindowLike[];
  log: Log;
}

export interface IpcRelay {
  /** Resolves when the worker has opened the store; rejects with its error if it could not. */
  readonly ready: Promise<WorkerReady>;
  /** Tells the worker a window is gone (drops its session and subscriptions). */
  windowClosed(windowId: number): void;
  /** Asks the worker to close the store; resolves when it reports closed or exits. */
  shutdown(): Promise<void>;
  /** Removes the IPC handlers. */
  dispose(): void;
  readonly pendingCalls: number;
}

type Pending = (reply: InvokeReply) => void;

const FORBIDDEN: ErrorShape = { code: 'forbidden', message: 'This frame may not use the Callboard API' };
const WORKER_GONE: ErrorShape = { code: 'unavailable', message: 'The Callboard core stopped; restart the app' };

function isWorkerMessage(value: unknown): value is WorkerToMain {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The IPC bridge of the main process: receives the renderer's invoke/subscribe, checks the
 * sender and the payload, forwards good requests to the core worker, and maps every answer
 * to {ok, result} or {ok:false, error:{code, message, details}}. A refused request is logged
 * and never reaches the worker.
 */
export function createIpcRelay(ipcMain: IpcMainLike, worker: WorkerLike, { windows, log }: RelayOptions): IpcRelay {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let alive = true;
  let known: ReadonlySet<string> | undefined;
  let onClosed: (() => void) | undefined;

  let markReady!: (ready: WorkerReady) => void;
  let markFailed!: (error: CallboardError) => void;
  const ready = new Promise<WorkerReady>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => undefined);

  const post = (message: MainToWorker): void => {
    if (alive) worker.postMessage(message);
  };

  const request = (build: (id: number) => MainToWorker): Promise<InvokeReply> => {
    if (!alive) return Promise.resolve({ ok: false, error: WORKER_GONE });
    const id = ++nextId;
    return new Promise<InvokeReply>((resolve) => {
      pending.set(id, resolve);
      post(build(id));
    });
  };

  const deliverChange = (windowId: number, event: ChangeEvent): void => {
    const target = windows().find((w) => !w.isDestroyed() && !w.webContents.isDestroyed() && w.webContents.id === windowId);
    target?.webContents.send(CHANNELS.change, event);
  };

  worker.on('message', (message: unknown) => {
    if (!isWorkerMessage(message)) {
      log('relay: ignored a malformed message from the core worker');
      return;
    }
    switch (message.type) {
      case 'ready':
        known = new Set([...message.procedures, ...DESKTOP_PROCEDURES]);
        markReady({ deviceId: message.deviceId, dataDir: message.dataDir, procedures: message.procedures, company: message.company });
        return;
      case 'fatal': {
        const error = toReplyError(message.error);
        log(`relay: the core worker could not open the store: ${error.code}: ${error.message}`);
        markFailed(new CallboardError(error.code, error.message));
        return;
      }
      case 'result': {
        const resolve = pending.get(message.id);
        if (!resolve) return;
        pending.delete(message.id);
        resolve(message.ok ? { ok: true, result: message.result ?? null } : { ok: false, error: toReplyError(message.error) });
        return;
      }
      case 'change':
        deliverChange(message.window, message.event);
        return;
      case 'closed':
        onClosed?.();
        return;
    }
  });

  worker.on('exit', (code: number) => {
    alive = false;
    log(`relay: the core worker exited with code ${code}`);
    markFailed(new CallboardError('unavailable', `The Callboard core exited (code ${code})`));
    for (const resolve of pending.values()) resolve({ ok: false, error: WORKER_GONE });
    pending.clear();
    onClosed?.();
  });

  /** Runs `body` for a validated sender; every failure becomes an error reply, logged. */
  const guarded = async (
    channel: string,
    event: IpcEventLike,
    body: (windowId: number) => Promise<InvokeReply>,
  ): Promise<InvokeReply> => {
    const win = validateSender(event, windows());
    if (!win) {
      log(`relay: refused ${channel} from an unexpected sender (${describeSender(event)})`);
      return { ok: false, error: FORBIDDEN };
    }
    try {
      return await body(win.webContents.id);
    } catch (err) {
      const error = toReplyError(err);
      if (error.code === 'internal') log(`relay: ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      else log(`relay: refused ${channel}: ${error.code}: ${error.message}`);
      return { ok: false, error };
    }
  };

  ipcMain.handle(CHANNELS.invoke, (event, payload) =>
    guarded(CHANNELS.invoke, event, async (windowId) => {
      const { procedure, input } = parseInvokePayload(payload);
      if (!known) await ready;
      if (!known?.has(procedure)) {
        throw new CallboardError('invalid', `Unknown procedure "${procedure}"`, { procedure });
      }
      return request((id) => ({ type: 'call', id, window: windowId, procedure, input }));
    }),
  );

  ipcMain.handle(CHANNELS.subscribe, (event, payload) =>
    guarded(CHANNELS.subscribe, event, async (windowId) => {
      const { id: subscription, scope } = parseSubscribePayload(payload);
      await ready;
      return request((id) => ({ type: 'subscribe', id, window: windowId, subscription, scope }));
    }),
  );

  // Media upload bytes: one chunk per message (the renderer sends the next when this one is
  // acknowledged, so memory stays bounded and the answer is the progress to show).
  ipcMain.handle(CHANNELS.uploadChunk, (event, payload) =>
    guarded(CHANNELS.uploadChunk, event, async (windowId) => {
      const { uploadId, offset, sha256, bytes } = parseChunkPayload(payload);
      await ready;
      return request((id) => ({ type: 'chunk', id, window: windowId, uploadId, offset, sha256, bytes }));
    }),
  );

  // Rendition bytes for display: the path is parsed strictly here; the worker authorizes it
  // as the window's user, exactly as the daemon's GET /media/blob route does.
  ipcMain.handle(CHANNELS.readMedia, (event, payload) =>
    guarded(CHANNELS.readMedia, event, async (windowId) => {
      const ref = parseReadMediaPayload(payload);
      await ready;
      return request((id) => ({ type: 'read-media', id, window: windowId, ...ref }));
    }),
  );

  ipcMain.on(CHANNELS.unsubscribe, (event, payload) => {
    void guarded(CHANNELS.unsubscribe, event, async (windowId) => {
      const { id } = parseUnsubscribePayload(payload);
      post({ type: 'unsubscribe', window: windowId, subscription: id });
      return { ok: true, result: null };
    });
  });

  return {
    ready,
    windowClosed(windowId) {
      post({ type: 'window-closed', window: windowId });
    },
    shutdown() {
      if (!alive) return Promise.resolve();
      return new Promise<void>((resolve) => {
        onClosed = resolve;
        post({ type: 'shutdown' });
      });
    },
    dispose() {
      ipcMain.removeHandler(CHANNELS.invoke);
      ipcMain.removeHandler(CHANNELS.subscribe);
      ipcMain.removeHandler(CHANNELS.uploadChunk);
      ipcMain.removeHandler(CHANNELS.readMedia);
      ipcMain.removeAllListeners(CHANNELS.unsubscribe);
    },
    get pendingCalls() {
      return pending.size;
    },
  };
}
