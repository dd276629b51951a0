/**
 * Fakes of the Electron objects the main-process modules take (see electron/electron-like.ts),
 * so every security and IPC decision is tested under plain Node, without Electron's runtime.
 */
import type {
  FrameLike,
  IpcEventLike,
  IpcMainLike,
  PreventableLike,
  ProtocolLike,
  Rectangle,
  ScreenLike,
  SessionLike,
  WebContentsLike,
  WindowLike,
  WorkerLike,
} from '../../../electron/electron-like.ts';
import type { ContextBridgeLike, IpcRendererLike } from '../../../electron/preload-api.ts';
import type { StateFs } from '../../../electron/window-state.ts';
import { APP_URL } from '../../../electron/contract.ts';

let nextId = 1;

export class FakeFrame implements FrameLike {
  readonly frameToken: string;
  constructor(
    public url: string = APP_URL,
    readonly parent: FakeFrame | null = null,
    readonly processId = 100,
  ) {
    this.frameToken = `frame-${nextId++}`;
  }
}

type Listener = (...args: unknown[]) => void;
/** Any listener: the fakes accept every event's listener and call it with what the test emits. */
type AnyListener = (...args: never[]) => void;

export class FakeEvent implements PreventableLike {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents implements WebContentsLike {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  destroyed = false;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;

  constructor(url: string = APP_URL) {
    this.mainFrame = new FakeFrame(url);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as unknown as Listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits `name` with a preventable event; returns that event. */
  emit(name: string, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent();
    for (const l of this.listeners.get(name) ?? []) l(event, ...args);
    return event;
  }
}

export class FakeWindow implements WindowLike {
  destroyed = false;
  readonly webContents: FakeWebContents;
  constructor(url: string = APP_URL) {
    this.webContents = new FakeWebContents(url);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** An IPC event as main receives it from `frame` (default: the window's main frame). */
export function ipcEvent(win: FakeWindow, frame: FakeFrame | null = win.webContents.mainFrame): IpcEventLike {
  return { sender: { id: win.webContents.id }, senderFrame: frame };
}

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Handler[]>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Handler): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel?: string): this {
    if (channel) this.listeners.delete(channel);
    else this.listeners.clear();
    return this;
  }
  /** What ipcRenderer.invoke(channel, payload) would resolve to. */
  async invoke(channel: string, event: IpcEventLike, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await handler(event, payload);
  }
  /** ipcRenderer.send(channel, payload). */
  send(channel: string, event: IpcEventLike, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l(event, payload);
  }
}

export class FakeWorker implements WorkerLike {
  readonly posted: unknown[] = [];
  readonly listeners = new Map<string, Listener[]>();
  /** Called on every post; lets a test answer like the core worker would. */
  onPost: ((message: unknown) => void) | undefined;
  postMessage(message: unknown): void {
    this.posted.push(message);
    this.onPost?.(message);
  }
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as unknown as Listener]);
    return this;
  }
  emit(event: 'message' | 'exit', value: unknown): void {
    for (const l of this.listeners.get(event) ?? []) l(value);
  }
}

export class FakeSession implements SessionLike {
  requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
  setPermissionRequestHandler(handler: Parameters<SessionLike['setPermissionRequestHandler']>[0]): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: Parameters<SessionLike['setPermissionCheckHandler']>[0]): void {
    this.checkHandler = handler;
  }
  /** Resolves with the decision for a permission request, or 'unhandled' without a handler. */
  request(permission: string): Promise<boolean | 'unhandled'> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve('unhandled');
    return new Promise((resolve) => handler({}, permission, resolve));
  }
}

export class FakeProtocol implements ProtocolLike {
  readonly handlers = new Map<string, (request: { url: string; method: string }) => Response | Promise<Response>>();
  handle(scheme: string, handler: (request: { url: string; method: string }) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }
  /** Requests `url` (raw: no normalization, as a hostile caller could). */
  async request(url: string, method = 'GET'): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}`);
    return await handler({ url, method });
  }
}

export class FakeShell {
  readonly opened: string[] = [];
  openExternal = async (url: string): Promise<void> => {
    this.opened.push(url);
  };
}

export class FakeContextBridge implements ContextBridgeLike {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  }
}

export class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  /** What main answers; default: ok with a null result. */
  reply: (channel: string, payload: unknown) => unknown = () => ({ ok: true, result: null });
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply(channel, args[0]);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  /** main's webContents.send(channel, payload). */
  deliver(channel: string, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l({ senderId: 0 }, payload);
  }
}

export class MemoryFs implements StateFs {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>();
  readFileSync(file: string): string {
    const data = this.files.get(file);
    if (data === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return data;
  }
  writeFileSync(file: string, data: string): void {
    this.files.set(file, data);
  }
  renameSync(from: string, to: string): void {
    const data = this.readFileSync(from);
    this.files.delete(from);
    this.files.set(to, data);
  }
  mkdirSync(dir: string): void {
    this.dirs.add(dir);
  }
}

export function fakeScreen(...workAreas: Rectangle[]): ScreenLike {
  const displays = (workAreas.length ? workAreas : [{ x: 0, y: 0, width: 1920, height: 1040 }]).map((workArea) => ({ workArea }));
  return { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0]! };
}

export function captureLog(): { log: (line: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { log: (line) => lines.push(line), lines };
}
