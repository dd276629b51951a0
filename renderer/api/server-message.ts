import type { ChangeEvent, ServerMessage } from '../../core/api/protocol.ts';
import { parseErrorShape } from './api-error.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseChangeEvent(value: unknown): ChangeEvent | undefined {
  if (!isRecord(value)) return undefined;
  const { subscription, docId, type, scope, heads, origin } = value;
  if (typeof subscription !== 'string' || typeof docId !== 'string' || typeof type !== 'string' || typeof scope !== 'string') return undefined;
  if (!Array.isArray(heads) || !heads.every((h) => typeof h === 'string')) return undefined;
  if (origin !== 'local' && origin !== 'remote') return undefined;
  return { subscription, docId, type, scope, heads: heads as string[], origin };
}

/**
 * Parses one WebSocket message from the daemon. The wire is a process boundary: whatever
 * does not have one of the protocol's shapes is answered with undefined, never trusted.
 */
export function parseServerMessage(raw: unknown): ServerMessage | undefined {
  let value: unknown;
  try {
    value = typeof raw === 'string' ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return typeof value.userId === 'string' && typeof value.deviceId === 'string'
        ? { type: 'ready', userId: value.userId, deviceId: value.deviceId }
        : undefined;
    case 'result': {
      if (typeof value.id !== 'string') return undefined;
      if (value.ok === true) return { type: 'result', id: value.id, ok: true, result: value.result };
      const error = parseErrorShape(value.error);
      return value.ok === false && error ? { type: 'result', id: value.id, ok: false, error } : undefined;
    }
    case 'change': {
      const event = parseChangeEvent(value.event);
      return event ? { type: 'change', event } : undefined;
    }
    case 'error': {
      const error = parseErrorShape(value.error);
      return error ? { type: 'error', error } : undefined;
    }
    default:
      return undefined;
  }
}
