import { toApiError, type ApiError } from './api-error.ts';
import { Value } from './observable.ts';
import { initialStatus, type ChangeEvent, type ClientStatus, type ProcedureInput, type ProcedureName, type ProcedureOutput, type RendererClient } from './types.ts';

/** What the desktop app's preload exposes as `window.callboard`. */
export interface CallboardBridge {
  invoke(procedure: string, input: unknown): Promise<unknown>;
  subscribe(scope: string, listener: (event: ChangeEvent) => void): () => void;
}

/** The preload bridge, if this page runs in the desktop app; checked by shape, not trusted by type. */
export function findBridge(win: unknown): CallboardBridge | undefined {
  if (typeof win !== 'object' || win === null) return undefined;
  const bridge = (win as { callboard?: unknown }).callboard;
  if (typeof bridge !== 'object' || bridge === null) return undefined;
  const { invoke, subscribe } = bridge as Record<string, unknown>;
  return typeof invoke === 'function' && typeof subscribe === 'function' ? (bridge as CallboardBridge) : undefined;
}

/**
 * The API through the desktop app's preload bridge (Electron IPC to the local replica).
 * Always "local": there is no network between the UI and its store. Rejections are
 * normalised to ApiError whatever shape IPC delivers them in.
 */
export class BridgeClient implements RendererClient {
  readonly mode = 'desktop' as const;
  readonly status = new Value<ClientStatus>(initialStatus('local'));
  readonly #bridge: CallboardBridge;
  #closed = false;

  constructor(bridge: CallboardBridge) {
    this.#bridge = bridge;
  }

  async invoke<N extends ProcedureName>(procedure: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>> {
    this.#addPending(1);
    try {
      return (await this.#bridge.invoke(procedure, input)) as ProcedureOutput<N>;
    } catch (err) {
      throw toApiError(err);
    } finally {
      this.#addPending(-1);
    }
  }

  subscribe(scope: string, listener: (event: ChangeEvent) => void): () => void {
    return this.#bridge.subscribe(scope, listener);
  }

  onError(_listener: (error: ApiError) => void): () => void {
    return () => {};
  }

  reconnect(): void {}

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.status.update((s) => ({ ...s, connection: 'closed' }));
  }

  #addPending(delta: number): void {
    this.status.update((s) => ({ ...s, pending: s.pending + delta }));
  }
}
