/**
 * The closed set of error codes every procedure can answer with.
 *
 *   invalid          the input failed its schema or a domain rule (details.issues names the fields)
 *   unauthenticated  no credentials, or credentials that do not identify an active user
 *   forbidden        the caller is known but lacks the permission
 *   not_found        the named thing does not exist (or the procedure does not)
 *   conflict         the change collides with the current state (duplicate slug, seat taken, …)
 *   sold_out         no seats are left for the request
 *   too_large        the request or an item in it exceeds a limit
 *   rate_limited     too many attempts; try again later
 *   unavailable      the store is closed or the service is shutting down
 *   incompatible     a store or peer from a newer, unknown version
 *   internal         a bug: anything else, with its cause kept server-side
 *
 * Core throws CallboardError; transports map codes to HTTP statuses / IPC replies at the edge.
 */
export const ERROR_CODES = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'sold_out',
  'too_large',
  'rate_limited',
  'unavailable',
  'incompatible',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Test instrumentation for the error-code gate (test/gates/error-codes.*): when a test run
 * installs a function under this symbol on globalThis, every CallboardError reports itself
 * to it once constructed. Nothing installs one outside tests; then this costs one lookup.
 */
export const ERROR_OBSERVER: unique symbol = Symbol.for('callboard.errorObserver');

type ObservedGlobal = { [ERROR_OBSERVER]?: (error: CallboardError) => void };

export class CallboardError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CallboardError';
    this.code = code;
    this.details = details;
    (globalThis as ObservedGlobal)[ERROR_OBSERVER]?.(this);
  }

  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Wraps anything thrown into a CallboardError, keeping the original as `cause`. */
export function toCallboardError(err: unknown): CallboardError {
  if (err instanceof CallboardError) return err;
  return new CallboardError('internal', 'Internal error: the operation failed unexpectedly', undefined, { cause: err });
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  sold_out: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  incompatible: 409,
  internal: 500,
};

export const invalid = (message: string, details?: Record<string, unknown>) => new CallboardError('invalid', message, details);
export const notFound = (message: string, details?: Record<string, unknown>) => new CallboardError('not_found', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) => new CallboardError('conflict', message, details);
