import { ApiError, toApiError } from './api-error.ts';
import { Value } from './observable.ts';
import { initialStatus, type ChangeEvent, type ClientStatus, type ProcedureInput, type ProcedureName, type ProcedureOutput, type RendererClient } from './types.ts';

/** One handler per procedure, typed by the real procedure table. */
export type FakeHandlers = {
  [N in ProcedureName]?: (input: ProcedureInput<N>) => ProcedureOutput<N> | Promise<ProcedureOutput<N>>;
};

export interface FakeClient extends RendererClient {
  /** Every call made, in order. */
  readonly calls: { procedure: ProcedureName; input: unknown }[];
  /** Replaces or adds handlers. */
  setHandlers(handlers: FakeHandlers): void;
  /** Delivers a change event to every subscription whose scope matches. */
  emit(event: Omit<ChangeEvent, 'subscription'>): void;
  /** Moves the fake transport to another state (e.g. offline, or rejected with the daemon's error). */
  setConnection(connection: ClientStatus['connection'], lastError?: ApiError): void;
  /** Raises an error outside any call, as a transport would. */
  raise(error: ApiError): void;
  /** How many subscriptions are live. */
  subscriptionCount(): number;
}

function scopeMatches(pattern: string, scope: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith(':*')) return scope.startsWith(pattern.slice(0, -1));
  return pattern === scope;
}

/**
 * A typed fake API for renderer tests (after Actual's `initServer(handlers)`): each call runs
 * the handler for its procedure; a procedure without one rejects with `not_found`. A handler
 * that throws an ApiError (or an error shape) makes the call reject with it.
 */
export function createFakeClient(initial: FakeHandlers = {}, options: { mode?: 'desktop' | 'browser' } = {}): FakeClient {
  let handlers: FakeHandlers = { ...initial };
  const calls: { procedure: ProcedureName; input: unknown }[] = [];
  const subs = new Map<number, { scope: string; listener: (event: ChangeEvent) => void }>();
  const errorListeners = new Set<(error: ApiError) => void>();
  const mode = options.mode ?? 'browser';
  const status = new Value<ClientStatus>(initialStatus(mode === 'desktop' ? 'local' : 'online'));
  let nextSub = 0;

  const addPending = (delta: number) => status.update((s) => ({ ...s, pending: s.pending + delta }));

  return {
    mode,
    status,
    calls,
    async invoke<N extends ProcedureName>(procedure: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>> {
      calls.push({ procedure, input });
      const handler = handlers[procedure] as ((input: ProcedureInput<N>) => ProcedureOutput<N> | Promise<ProcedureOutput<N>>) | undefined;
      if (status.get().connection === 'offline') throw new ApiError('unavailable', 'Offline: the Callboard daemon cannot be reached.');
      if (!handler) throw new ApiError('not_found', `No fake handler for procedure "${procedure}"`, { procedure });
      addPending(1);
      try {
        return await handler(input);
      } catch (err) {
        throw toApiError(err);
      } finally {
        addPending(-1);
      }
    },
    subscribe(scope, listener) {
      const id = ++nextSub;
      subs.set(id, { scope, listener });
      return () => subs.delete(id);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    reconnect() {
      if (status.get().connection === 'offline') status.update((s) => ({ ...s, connection: 'online', attempt: 0 }));
    },
    close() {
      status.update((s) => ({ ...s, connection: 'closed' }));
    },
    setHandlers(next) {
      handlers = { ...handlers, ...next };
    },
    emit(event) {
      for (const [id, sub] of subs) if (scopeMatches(sub.scope, event.scope)) sub.listener({ ...event, subscription: String(id) });
    },
    setConnection(connection, lastError) {
      status.update((s) => ({ ...s, connection, lastError: lastError ?? s.lastError }));
    },
    raise(error) {
      for (const listener of [...errorListeners]) listener(error);
    },
    subscriptionCount: () => subs.size,
  };
}
