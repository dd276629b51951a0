import { CallboardError, type ErrorShape } from '../errors.ts';
import type { App } from './app.ts';
import type { ApiClient } from './client.ts';
import type { Principal } from './procedure.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from './table.ts';

/** The error every client rejects with: the API's {code, message, details}. */
export class ApiError extends Error {
  readonly code: ErrorShape['code'];
  readonly details: Record<string, unknown> | undefined;
  constructor(shape: ErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

/** A client that calls the dispatcher directly (tests, CLI with no daemon, the Electron core worker). */
export function inProcessClient(app: App, principal: Principal): ApiClient {
  return {
    async invoke<N extends ProcedureName>(procedure: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>> {
      try {
        return (await app.dispatcher.call(principal, procedure, input)) as ProcedureOutput<N>;
      } catch (err) {
        throw err instanceof CallboardError ? new ApiError(err.toShape()) : err;
      }
    },
    subscribe(scope, listener) {
      return app.subscriptions.add(principal, scope, listener);
    },
  };
}
