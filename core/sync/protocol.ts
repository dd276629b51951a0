import { z } from 'zod';
import { isPublicKeyText } from './identity.ts';

/**
 * The sync wire protocol: JSON text messages over an authenticated, encrypted channel (TLS
 * with pinned device keys, core/sync/tls.ts) or an in-memory pair in tests. Binary changes
 * travel base64-encoded. Every message is parsed by its schema; one that does not parse is
 * answered with `refused {reason: 'unparsable'}` and the connection stays open.
 *
 *   hello      → both sides at once: versions, device, key, nonce, clock
 *   enroll     → a new device presents an invite code (before auth), answered by `enrolled`
 *   auth       → each side signs the other's nonce and the channel binding with its device key
 *   heads      → after both are authenticated: every document the peer may view, with heads
 *   changes    → the changes the peer lacks for one document, with their signed envelopes
 *   result     → what the receiver accepted, refused (with named reasons) and now holds
 *   refused    → a named refusal (fatal ones close the connection)
 *   x          → a message of an extension channel (core/sync/channels.ts), after auth
 */
export const PROTOCOL_VERSION = 1;
/** The oldest protocol version this one still speaks. */
export const MIN_PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const b64 = z.string().max(MAX_FRAME_BYTES);
const hash = z.string().regex(/^[0-9a-f]{64}$/);
const docId = z.string().min(1).max(200);
const heads = z.array(hash).max(256);

export const helloSchema = z.object({
  t: z.literal('hello'),
  protocol: z.number().int().min(1),
  minProtocol: z.number().int().min(1),
  app: z.string().max(50),
  device: z.string().min(1).max(100),
  pub: z.string().refine(isPublicKeyText, 'not an Ed25519 key'),
  name: z.string().max(200),
  nonce: z.string().min(16).max(200),
  time: z.number(),
  enrolling: z.boolean().optional(),
});

export const messageSchema = z.discriminatedUnion('t', [
  helloSchema,
  z.object({ t: z.literal('auth'), sig: z.string().min(1).max(200) }),
  z.object({ t: z.literal('enroll'), code: z.string().min(1).max(40), name: z.string().min(1).max(200), proof: z.string().min(1).max(200) }),
  z.object({ t: z.literal('enrolled'), deviceId: z.string(), userId: z.string(), userName: z.string() }),
  z.object({
    t: z.literal('heads'),
    docs: z.array(z.object({ id: docId, type: z.string().max(100), scope: z.string().max(300), heads })).max(100_000),
  }),
  z.object({
    t: z.literal('changes'),
    id: docId,
    type: z.string().min(1).max(100),
    scope: z.string().min(1).max(300),
    /** The sender's heads for the document after these changes. */
    heads,
    changes: z.array(z.object({ c: b64, e: z.string().max(2000).optional() })).max(1_000_000),
    ref: z.number().int(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).optional(),
  }),
  z.object({
    t: z.literal('result'),
    id: docId,
    ref: z.number().int(),
    heads,
    accepted: z.number().int(),
    rejected: z.array(z.object({ hash: z.string().max(64), reason: z.string().max(50), message: z.string().max(1000) })).max(100_000),
    deferred: z.number().int(),
  }),
  z.object({ t: z.literal('refused'), reason: z.string().max(50), message: z.string().max(1000), fatal: z.boolean() }),
  z.object({ t: z.literal('x'), ch: z.string().min(1).max(50), m: z.unknown() }),
]);

export type Message = z.infer<typeof messageSchema>;
export type Hello = z.infer<typeof helloSchema>;

/** Named reasons a peer or its messages can be refused for (besides change RejectReasons). */
export const SESSION_REFUSALS = [
  'unparsable',
  'incompatible_version',
  'unknown_device',
  'device_revoked',
  'bad_auth',
  'key_mismatch',
  'invite_unknown',
  'invite_used',
  'invite_expired',
  'invite_wrong_code',
  'not_authenticated',
  'too_many_attempts',
  'unknown_channel',
] as const;
export type SessionRefusal = (typeof SESSION_REFUSALS)[number];

export function parseMessage(text: string): Message | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = messageSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/** A message channel to one peer: text frames, in order. */
export interface Transport {
  send(text: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (why: string) => void): void;
  close(why?: string): void;
  /** Bytes both ends derive from the encrypted channel (TLS exporter), bound into auth. */
  readonly binding: Buffer | undefined;
  /** The public key the channel itself authenticated (the peer's TLS certificate key). */
  readonly peerKey: string | undefined;
  /** Resolves once buffered outgoing frames were handed to the OS (absent: always writable). */
  writable?(): Promise<void>;
  /** How this peer is reached. */
  readonly via: PeerVia;
  readonly address: string | undefined;
}

export type PeerVia = 'lan' | 'daemon' | 'address' | 'memory';
