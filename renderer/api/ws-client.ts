import type { ClientMessage } from '../../core/api/protocol.ts';
import { ApiError } from './api-error.ts';
import { Value } from './observable.ts';
import { parseServerMessage } from './server-message.ts';
import { initialStatus, type ChangeEvent, type ClientStatus, type ProcedureInput, type ProcedureName, type ProcedureOutput, type RendererClient } from './types.ts';

/** The part of the WebSocket API the client uses (browser WebSocket and `ws` both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface WsClientOptions {
  /** `ws://host/ws`; see wsUrlFor. */
  url: string;
  token: string;
  createSocket?: (url: string) => SocketLike;
  scheduler?: Scheduler;
  backoff?: Backoff;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, factor: 2 };

const OPEN = 1;

const browserSocket = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;
const globalScheduler: Scheduler = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The daemon's WebSocket address for a page it served. */
export function wsUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** Delay before reconnect attempt number `attempt` (1-based). */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, attempt - 1));
}

interface PendingCall {
  procedure: string;
  input: unknown;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: ApiError): void;
}

interface Subscription {
  scope: string;
  listener: (event: ChangeEvent) => void;
}

/**
 * The API over the daemon's WebSocket (browser mode). Authenticates with a token, then
 * sends calls and subscriptions. When the connection drops, calls in flight fail with an
 * `unavailable` error, new calls fail at once while offline, and the client reconnects with
 * exponential backoff, re-subscribing every live subscription once signed in again.
 * A refused token stops reconnecting (state `rejected`).
 */
export class WsClient implements RendererClient {
  readonly mode = 'browser' as const;
  readonly status = new Value<ClientStatus>(initialStatus('connecting'));
  readonly #options: Required<Omit<WsClientOptions, 'url' | 'token'>> & { url: string; token: string };
  readonly #calls = new Map<string, PendingCall>();
  readonly #subs = new Map<string, Subscription>();
  readonly #errorListeners = new Set<(error: ApiError) => void>();
  #socket: SocketLike | undefined;
  #timer: unknown;
  #nextId = 0;
  #identity: { userId: string; deviceId: string } | undefined;

  constructor(options: WsClientOptions) {
    this.#options = { createSocket: browserSocket, scheduler: globalScheduler, backoff: DEFAULT_BACKOFF, ...options };
    this.#open();
  }

  /** The user and device the daemon signed this connection in as (after `ready`). */
  get identity(): { userId: string; deviceId: string } | undefined {
    return this.#identity;
  }

  /**
   * Resolves once signed in; rejects with the daemon's error if it refuses the token, or with
   * an `unavailable` error if the first connection attempt fails.
   */
  whenReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const s = this.status.get();
        if (s.connection === 'online') resolve();
        else if (s.connection === 'rejected' || s.connection === 'closed' || s.connection === 'offline') {
          reject(s.lastError ?? new ApiError('unavailable', 'The connection to the Callboard daemon was closed'));
        } else return false;
        return true;
      };
      if (check()) return;
      const off = this.status.subscribe(() => {
        if (check()) off();
      });
    });
  }

  invoke<N extends ProcedureName>(procedure: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>> {
    const { connection, lastError } = this.status.get();
    if (connection === 'offline') return Promise.reject(this.#offlineError());
    if (connection === 'rejected' || connection === 'closed') {
      return Promise.reject(lastError ?? new ApiError('unauthenticated', 'Signed out: sign in again to continue'));
    }
    const id = `c${++this.#nextId}`;
    return new Promise<ProcedureOutput<N>>((resolve, reject) => {
      const call: PendingCall = { procedure, input, sent: false, resolve: resolve as (v: unknown) => void, reject };
      this.#calls.set(id, call);
      this.#setPending();
      if (connection === 'online') this.#sendCall(id, call);
    });
  }

  subscribe(scope: string, listener: (event: ChangeEvent) => void): () => void {
    const id = `s${++this.#nextId}`;
    this.#subs.set(id, { scope, listener });
    if (this.status.get().connection === 'online') this.#send({ type: 'subscribe', id, scope });
    return () => {
      if (!this.#subs.delete(id)) return;
      if (this.status.get().connection === 'online') this.#send({ type: 'unsubscribe', id });
    };
  }

  onError(listener: (error: ApiError) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  reconnect(): void {
    if (this.status.get().connection !== 'offline') return;
    this.#clearTimer();
    this.#open();
  }

  close(): void {
    const s = this.status.get().connection;
    if (s === 'closed') return;
    this.#clearTimer();
    this.#setConnection('closed');
    this.#failAll(() => new ApiError('unavailable', 'Signed out before the daemon answered'));
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'signed out');
  }

  #open(): void {
    this.#setConnection('connecting');
    const socket = this.#options.createSocket(this.#options.url);
    this.#socket = socket;
    socket.onopen = () => {
      if (socket === this.#socket) this.#send({ type: 'auth', token: this.#options.token });
    };
    socket.onmessage = (event) => {
      if (socket === this.#socket) this.#receive(event.data);
    };
    socket.onclose = () => {
      if (socket === this.#socket) this.#dropped();
    };
    socket.onerror = () => {
      // A close event always follows; it decides what to do.
    };
  }

  #receive(data: unknown): void {
    const msg = parseServerMessage(typeof data === 'string' ? data : String(data));
    if (!msg) {
      this.#emitError(new ApiError('internal', 'Received a message from the daemon that is not part of the protocol'));
      return;
    }
    switch (msg.type) {
      case 'ready': {
        this.#identity = { userId: msg.userId, deviceId: msg.deviceId };
        this.status.update((s) => ({ ...s, connection: 'online', attempt: 0, lastError: undefined }));
        for (const [id, sub] of this.#subs) this.#send({ type: 'subscribe', id, scope: sub.scope });
        for (const [id, call] of this.#calls) if (!call.sent) this.#sendCall(id, call);
        return;
      }
      case 'result': {
        const call = this.#calls.get(msg.id);
        if (call) {
          this.#calls.delete(msg.id);
          this.#setPending();
          if (msg.ok) call.resolve(msg.result);
          else call.reject(new ApiError(msg.error.code, msg.error.message, msg.error.details));
        } else if (!msg.ok && this.#subs.has(msg.id)) {
          this.#emitError(new ApiError(msg.error.code, `Could not watch for changes: ${msg.error.message}`, msg.error.details));
        }
        return;
      }
      case 'change': {
        this.#subs.get(msg.event.subscription)?.listener(msg.event);
        return;
      }
      case 'error': {
        const error = new ApiError(msg.error.code, msg.error.message, msg.error.details);
        if (this.status.get().connection === 'connecting') {
          // The reply to `auth`: the daemon refused the credentials. Retrying would not help.
          this.status.update((s) => ({ ...s, connection: 'rejected', lastError: error }));
          this.#failAll(() => error);
          const socket = this.#socket;
          this.#socket = undefined;
          socket?.close(1000, 'sign-in refused');
        } else {
          this.#emitError(error);
        }
      }
    }
  }

  #dropped(): void {
    this.#socket = undefined;
    const wasOnline = this.status.get().connection === 'online';
    const error = wasOnline
      ? new ApiError('unavailable', 'Lost the connection to the Callboard daemon')
      : new ApiError('unavailable', `Cannot reach the Callboard daemon at ${this.#options.url}`);
    this.#failAll((call) =>
      call.sent
        ? new ApiError('unavailable', `Lost the connection to the Callboard daemon before it answered ${call.procedure}; it may or may not have been applied. Check, then try again.`)
        : this.#offlineError(),
    );
    const attempt = this.status.get().attempt + 1;
    this.status.update((s) => ({ ...s, connection: 'offline', attempt, lastError: error }));
    this.#timer = this.#options.scheduler.setTimeout(() => {
      this.#timer = undefined;
      this.#open();
    }, backoffDelay(this.#options.backoff, attempt));
  }

  #offlineError(): ApiError {
    return new ApiError('unavailable', 'Offline: the Callboard daemon cannot be reached. Reconnecting; try again when the status bar shows Online.');
  }

  #sendCall(id: string, call: PendingCall): void {
    call.sent = true;
    this.#send({ type: 'call', id, procedure: call.procedure, input: call.input });
  }

  #send(msg: ClientMessage): void {
    const socket = this.#socket;
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(msg));
  }

  #failAll(errorFor: (call: PendingCall) => ApiError): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    this.#setPending();
    for (const call of calls) call.reject(errorFor(call));
  }

  #setPending(): void {
    const pending = this.#calls.size;
    this.status.update((s) => (s.pending === pending ? s : { ...s, pending }));
  }

  #setConnection(connection: ClientStatus['connection']): void {
    this.status.update((s) => (s.connection === connection ? s : { ...s, connection }));
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#options.scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #emitError(error: ApiError): void {
    for (const listener of [...this.#errorListeners]) listener(error);
  }
}
