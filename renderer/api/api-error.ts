import { isErrorCode, type ErrorCode, type ErrorShape } from '../../core/errors.ts';

/**
 * An error answered by the API (or raised by a transport on its behalf), carrying the
 * API's stable `{code, message, details}` shape. The UI shows `message` and `code`, never a stack.
 */
export class ApiError extends Error implements ErrorShape {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toShape(): ErrorShape {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Parses an error shape received across a process boundary; undefined when it is not one. */
export function parseErrorShape(value: unknown): ErrorShape | undefined {
  if (!isRecord(value)) return undefined;
  const { code, message, details } = value;
  if (!isErrorCode(code) || typeof message !== 'string') return undefined;
  return isRecord(details) ? { code, message, details } : { code, message };
}

/**
 * Turns anything a transport rejected with into an ApiError: an ApiError as is, an error
 * shape (or `{error: shape}`), else an `internal` error whose message is the original's
 * message (never its stack).
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const shape = parseErrorShape(err) ?? (isRecord(err) ? parseErrorShape(err.error) : undefined);
  if (shape) return new ApiError(shape.code, shape.message, shape.details);
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'The operation failed unexpectedly';
  return new ApiError('internal', message || 'The operation failed unexpectedly');
}
