import type { z } from 'zod';
import type { PeerVia } from './protocol.ts';

/**
 * Extension channels: other kinds of traffic (media blobs, …) over an authenticated peer
 * connection, beside document sync. A channel is registered once with the SyncService
 * (`sync.registerChannel`); on every connection, once both sides are authenticated, it gets
 * `opened(peer)`, then every message the other side's channel of the same name sent, parsed
 * by its schema, then `closed(peer)`.
 *
 * On the wire a channel message is `{t: 'x', ch: <name>, m: <message>}` (JSON text frames,
 * binary as base64 in the message). What a channel may send a peer is its own business: it
 * asks `peer.mayView(docId, scope)` before sending anything a document guards. The session
 * answers a message for an unknown channel with `refused {reason: 'unknown_channel'}`, one
 * that does not fit the schema with `refused {reason: 'unparsable'}`, and a handler's
 * CallboardError with `refused {reason: details.reason ?? code}`; none of these closes the
 * connection.
 */
export interface ChannelPeer {
  readonly deviceId: string;
  readonly userId: string;
  readonly name: string;
  readonly via: PeerVia;
  /** Whether the connection is still open. */
  readonly open: boolean;
  /** Sends a message to this channel on the peer (dropped once the connection closed). */
  send(message: unknown): void;
  /** Resolves once the connection's outgoing buffer has drained (bounded memory for bulk data). */
  writable(): Promise<void>;
  /** Whether the peer's user may view a document of `scope` (the same rule document sync uses). */
  mayView(docId: string, scope: string): boolean;
}

export interface SyncChannel<M = unknown> {
  /** Letters, digits, `-` and `.`; unique per service. */
  readonly name: string;
  readonly schema: z.ZodType<M>;
  opened?(peer: ChannelPeer): void;
  message(peer: ChannelPeer, message: M): void | Promise<void>;
  closed?(peer: ChannelPeer): void;
}

export const CHANNEL_NAME = /^[a-z0-9][a-z0-9.-]{0,49}$/;
