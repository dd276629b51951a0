import type { ApiClient } from '../../core/api/client.ts';
import type { ApiError } from './api-error.ts';
import type { Observable } from './observable.ts';

export type { ApiClient } from '../../core/api/client.ts';
export type { ChangeEvent } from '../../core/api/protocol.ts';
export type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/table.ts';

/**
 * How the renderer reaches the API:
 *   local       the desktop app's preload bridge (a full local replica; always available)
 *   connecting  opening the WebSocket to the daemon, or authenticating on it
 *   online      signed in on the daemon's WebSocket
 *   offline     the WebSocket dropped; reconnecting with backoff
 *   rejected    the daemon refused the credentials; no further attempts
 *   closed      signed out / shut down
 */
export type ConnectionState = 'local' | 'connecting' | 'online' | 'offline' | 'rejected' | 'closed';

export interface ClientStatus {
  connection: ConnectionState;
  /** API calls sent and not yet answered. */
  pending: number;
  /** Consecutive failed connection attempts (0 when connected). */
  attempt: number;
  /** Why the last connection ended or was refused, if it did. */
  lastError: ApiError | undefined;
}

/** The ApiClient the UI holds: the API plus the observable state of its transport. */
export interface RendererClient extends ApiClient {
  readonly mode: 'desktop' | 'browser';
  readonly status: Observable<ClientStatus>;
  /** Errors the transport received outside any call (e.g. a malformed-message reply). */
  onError(listener: (error: ApiError) => void): () => void;
  /** Retries the connection now instead of waiting for the next backoff step. */
  reconnect(): void;
  /** Stops the transport: pending calls fail, no reconnects. */
  close(): void;
}

export const initialStatus = (connection: ConnectionState): ClientStatus => ({ connection, pending: 0, attempt: 0, lastError: undefined });
