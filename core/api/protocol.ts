import type { ErrorShape } from '../errors.ts';

/**
 * Wire messages of the daemon's WebSocket (and the Electron IPC relay, which carries the
 * same `call` and `change` shapes). Every incoming message is parsed by a schema in the
 * transport; these are the shapes after parsing.
 */
export interface ChangeEvent {
  /** The subscription this event answers. */
  subscription: string;
  docId: string;
  type: string;
  scope: string;
  heads: string[];
  origin: 'local' | 'remote';
}

export type ClientMessage =
  | { type: 'auth'; id?: string; token: string; as?: string }
  | { type: 'call'; id: string; procedure: string; input: unknown }
  | { type: 'subscribe'; id: string; scope: string }
  | { type: 'unsubscribe'; id: string };

export type ServerMessage =
  | { type: 'ready'; id?: string; userId: string; deviceId: string }
  | { type: 'result'; id: string; ok: true; result: unknown }
  | { type: 'result'; id: string; ok: false; error: ErrorShape }
  | { type: 'change'; event: ChangeEvent }
  /** A message that could not be handled; `id` names the `auth` message it answers, if any. */
  | { type: 'error'; id?: string; error: ErrorShape };

/** Largest request body (HTTP) or message (WebSocket) the daemon accepts. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
