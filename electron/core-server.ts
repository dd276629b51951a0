import { z } from 'zod';
import type { App, AppOptions } from '../core/api/app.ts';
import type { Principal } from '../core/api/procedure.ts';
import { isCompanyInitialized } from '../core/api/setup.ts';
import { POLICY_DOC_ID } from '../core/auth/model.ts';
import type { Clock } from '../core/clock.ts';
import { resolveLocalUser } from '../core/daemon/auth.ts';
import { seedDemo } from '../core/daemon/demo.ts';
import { readMediaBlob, resolveMediaBlob } from '../core/daemon/media-blob.ts';
import { CallboardError, toCallboardError } from '../core/errors.ts';
import { MAX_MEDIA_READ_BYTES, type MainToWorker, type MediaBytes, type OpenOptions, type UploadChunkResult, type WindowKey, type WorkerToMain } from './contract.ts';
import type { Log } from './electron-like.ts';

/**
 * The core worker's side of the desktop: opens the store, keeps one session (the local
 * account it acts as) and the subscriptions of each window, and serves main's calls through
 * the dispatcher. Runs in a utilityProcess (core-worker.ts), so the UI thread never waits
 * on SQLite or Automerge; tests run it in-process with a fake port.
 */

export interface ParentPortLike {
  postMessage(message: WorkerToMain): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

export interface CoreServerDeps {
  openApp: (options: AppOptions) => Promise<App>;
  clock: Clock;
  log: Log;
  /** Ends the worker process once the store is closed. */
  exit: (code: number) => void;
  /** Takes part in peer sync once the store is open (core/daemon/sync-server.ts startDesktopSync); closed on shutdown. */
  startSync?: (app: App, options: { lan: boolean; log: Log }) => Promise<{ close(): Promise<void> }>;
}

const selectUserInput = z.object({ user: z.string().trim().min(1).max(320) }).strict();

interface WindowState {
  /** Set by desktop.selectUser; otherwise the default account is used. */
  userId?: string;
  subscriptions: Map<string, { scope: string; off: () => void }>;
}

/** What the daemon's WebSocket would send: plain JSON (Automerge strings and dates become JSON values). */
function toWire(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

export function serveCore(port: ParentPortLike, deps: CoreServerDeps): void {
  const { log } = deps;
  let opening: Promise<App | undefined> | undefined;
  let options: OpenOptions | undefined;
  let syncing: Promise<{ close(): Promise<void> } | undefined> | undefined;
  const windows = new Map<WindowKey, WindowState>();

  const send = (message: WorkerToMain): void => port.postMessage(message);

  const stateOf = (window: WindowKey): WindowState => {
    let state = windows.get(window);
    if (!state) {
      state = { subscriptions: new Map() };
      windows.set(window, state);
    }
    return state;
  };

  const principalOf = (app: App, window: WindowKey): Principal => {
    // A device that belongs to no company yet acts as itself, with no user: the dispatcher lets
    // it call only the procedures for joining one (sync.join) and answers the rest `no_company`.
    if (!app.store.has(POLICY_DOC_ID)) return app.setupPrincipal();
    const userId = windows.get(window)?.userId ?? resolveLocalUser(app, options?.as);
    return app.localPrincipal(userId, 'local');
  };

  const subscribe = (app: App, window: WindowKey, subscription: string, scope: string, principal: Principal): void => {
    const state = stateOf(window);
    state.subscriptions.get(subscription)?.off();
    const off = app.subscriptions.add(principal, scope, (event) => send({ type: 'change', window, event }), subscription);
    state.subscriptions.set(subscription, { scope, off });
  };

  const selectUser = async (app: App, window: WindowKey, rawInput: unknown): Promise<unknown> => {
    const parsed = selectUserInput.safeParse(rawInput);
    if (!parsed.success) {
      throw new CallboardError('invalid', `Invalid input: user: ${parsed.error.issues[0]?.message ?? 'required'}`, {
        issues: [{ field: 'user', message: parsed.error.issues[0]?.message ?? 'required' }],
      });
    }
    if (!isCompanyInitialized(app.store) && !app.store.has(POLICY_DOC_ID)) {
      throw new CallboardError('unauthenticated', `The data folder ${options?.dataDir ?? ''} holds no company yet: join one with an invite, or create one with \`callboard init --data <folder>\``, { reason: 'no_company' });
    }
    const userId = resolveLocalUser(app, parsed.data.user);
    if (!app.services.authorizer.activeUser(userId)) throw new CallboardError('unauthenticated', 'That account is suspended');
    const principal = app.localPrincipal(userId, 'local');
    const whoami = await app.dispatcher.call(principal, 'session.whoami', {});
    const state = stateOf(window);
    state.userId = userId;
    // Subscriptions follow the window's account: re-bind them so events are filtered for the new user.
    for (const [id, sub] of [...state.subscriptions]) subscribe(app, window, id, sub.scope, principal);
    log(`session: window ${window} now acts as ${userId}`);
    return whoami;
  };

  const dropWindow = (window: WindowKey): void => {
    const state = windows.get(window);
    if (!state) return;
    for (const sub of state.subscriptions.values()) sub.off();
    windows.delete(window);
  };

  const open = async (opts: OpenOptions): Promise<App | undefined> => {
    options = opts;
    let app: App | undefined;
    try {
      app = await deps.openApp({
        dataDir: opts.dataDir,
        clock: deps.clock,
        onInternalError: (procedure, err) =>
          log(`internal error in ${procedure}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      });
      if (opts.demo && !isCompanyInitialized(app.store)) {
        log(`seeding the demo company into ${opts.dataDir}`);
        await seedDemo(app);
      }
      send({
        type: 'ready',
        deviceId: app.store.deviceId,
        dataDir: opts.dataDir,
        procedures: app.dispatcher.names,
        company: isCompanyInitialized(app.store),
      });
      const opened = app;
      syncing = deps.startSync?.(opened, { lan: opts.lan !== false, log }).catch((err: unknown) => {
        log(`sync: could not start: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
      return app;
    } catch (err) {
      const e = toCallboardError(err);
      log(`could not open ${opts.dataDir}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      app?.close();
      send({
        type: 'fatal',
        error: e.code === 'internal' ? { code: 'unavailable', message: `Could not open the data folder ${opts.dataDir}: ${err instanceof Error ? err.message : String(err)}` } : e.toShape(),
      });
      return undefined;
    }
  };

  const handle = async (message: MainToWorker): Promise<void> => {
    if (message.type === 'open') {
      if (opening) return;
      opening = open(message.options);
      return;
    }
    const app = opening ? await opening : undefined;
    switch (message.type) {
      case 'chunk': {
        try {
          if (!app) throw new CallboardError('unavailable', 'The store is not open');
          const { userId } = principalOf(app, message.window);
          // The same check as the daemon's upload route: only the user's own upload session.
          const r = await app.services.media.uploads.writeChunk({ userId, uploadId: message.uploadId, offset: message.offset, bytes: message.bytes, sha256: message.sha256 });
          const result: UploadChunkResult = { uploadId: r.uploadId, received: r.received, size: r.size, complete: r.complete };
          send({ type: 'result', id: message.id, ok: true, result });
        } catch (err) {
          send({ type: 'result', id: message.id, ok: false, error: toCallboardError(err).toShape() });
        }
        return;
      }
      case 'read-media': {
        try {
          if (!app) throw new CallboardError('unavailable', 'The store is not open');
          // The daemon's GET /media/blob logic, as the window's user (renditions only: bounded size).
          const blob = await resolveMediaBlob(app, principalOf(app, message.window), message);
          const result: MediaBytes = { bytes: await readMediaBlob(blob, MAX_MEDIA_READ_BYTES), contentType: blob.mime };
          send({ type: 'result', id: message.id, ok: true, result });
        } catch (err) {
          send({ type: 'result', id: message.id, ok: false, error: toCallboardError(err).toShape() });
        }
        return;
      }
      case 'call':
      case 'subscribe': {
        try {
          if (!app) throw new CallboardError('unavailable', 'The store is not open');
          let result: unknown;
          if (message.type === 'subscribe') {
            subscribe(app, message.window, message.subscription, message.scope, principalOf(app, message.window));
            result = { subscribed: message.scope };
          } else if (message.procedure === 'desktop.selectUser') {
            result = await selectUser(app, message.window, message.input);
          } else {
            result = await app.dispatcher.call(principalOf(app, message.window), message.procedure, message.input);
          }
          send({ type: 'result', id: message.id, ok: true, result: toWire(result) });
        } catch (err) {
          send({ type: 'result', id: message.id, ok: false, error: toCallboardError(err).toShape() });
        }
        return;
      }
      case 'unsubscribe': {
        const state = windows.get(message.window);
        state?.subscriptions.get(message.subscription)?.off();
        state?.subscriptions.delete(message.subscription);
        return;
      }
      case 'window-closed':
        dropWindow(message.window);
        return;
      case 'shutdown':
        for (const window of [...windows.keys()]) dropWindow(window);
        await (await syncing)?.close();
        app?.close();
        send({ type: 'closed' });
        deps.exit(0);
        return;
    }
  };

  port.on('message', (event) => {
    const message = event.data as MainToWorker;
    handle(message).catch((err: unknown) => log(`worker: failed to handle ${String(message?.type)}: ${String(err)}`));
  });
}
