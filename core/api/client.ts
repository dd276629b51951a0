import type { ChangeEvent } from './protocol.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from './table.ts';

/**
 * The one API client interface. Implementations: in-process (tests, CLI), the daemon's
 * WebSocket (browser), the Electron preload bridge (desktop). Errors reject with an
 * ApiError carrying {code, message, details}.
 */
export interface ApiClient {
  invoke<N extends ProcedureName>(procedure: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>>;
  /** Calls `listener` whenever a document in `scope` changes (`*` for every scope the caller may view). */
  subscribe(scope: string, listener: (event: ChangeEvent) => void): () => void;
}
