import { z } from 'zod';
import { CallboardError } from '../errors.ts';
import type { ChannelPeer, SyncChannel } from '../sync/channels.ts';
import type { BlobSource, BlobSync, Chunk } from './blob-sync.ts';

/** At most this many bytes per `data` message (base64 in a JSON frame). */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const ref = z.number().int().min(0);

/**
 * The `media-blobs` sync channel (core/sync/channels.ts): media bytes over the same
 * authenticated, encrypted connection as the documents naming them.
 *
 *   hello → this side serves and fetches blobs (a peer is asked only once its hello arrived)
 *   want  {ref, hash, offset}        → one chunk of a blob from an offset, answered by
 *   data  {ref, hash, offset, size, data (base64, ≤ 1 MiB)}  or
 *   none  {ref, hash, reason}        (not held there, or not the asker's to see)
 *
 * One chunk is asked at a time and the sender waits for its connection to drain before
 * sending, so memory stays bounded; the asker keeps what arrived in a part file, so a
 * transfer cut off resumes from its offset on the next connection.
 */
export const blobMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello') }).strict(),
  z.object({ t: z.literal('want'), ref, hash, offset: z.number().int().min(0) }).strict(),
  z.object({ t: z.literal('data'), ref, hash, offset: z.number().int().min(0), size: z.number().int().min(0), data: z.string().max(2 * BLOB_CHUNK_BYTES) }).strict(),
  z.object({ t: z.literal('none'), ref, hash, reason: z.string().max(300) }).strict(),
]);
export type BlobMessage = z.infer<typeof blobMessageSchema>;

/** A connected peer as BlobSync sees it: fetch = one want/answer round trip. */
class PeerSource implements BlobSource {
  readonly #peer: ChannelPeer;
  #ref = 0;
  readonly #waits = new Map<number, { resolve: (c: Chunk | null) => void; reject: (e: Error) => void }>();

  constructor(peer: ChannelPeer) {
    this.#peer = peer;
  }

  get deviceId(): string {
    return this.#peer.deviceId;
  }

  get name(): string {
    return this.#peer.name;
  }

  mayView(scope: string): boolean {
    return this.#peer.mayView('', scope);
  }

  fetch(h: string, offset: number): Promise<Chunk | null> {
    if (!this.#peer.open) return Promise.reject(new CallboardError('unavailable', 'The peer is not connected'));
    const r = ++this.#ref;
    return new Promise((resolve, reject) => {
      this.#waits.set(r, { resolve, reject });
      this.#peer.send({ t: 'want', ref: r, hash: h, offset } satisfies BlobMessage);
    });
  }

  answer(m: Extract<BlobMessage, { t: 'data' | 'none' }>): void {
    const w = this.#waits.get(m.ref);
    if (!w) return;
    this.#waits.delete(m.ref);
    w.resolve(m.t === 'none' ? null : { data: Buffer.from(m.data, 'base64'), size: m.size });
  }

  fail(why: string): void {
    const waits = [...this.#waits.values()];
    this.#waits.clear();
    for (const w of waits) w.reject(new CallboardError('unavailable', `The connection closed (${why})`));
  }
}

export function blobChannel(sync: BlobSync): SyncChannel<BlobMessage> {
  const sources = new Map<ChannelPeer, PeerSource>();
  return {
    name: 'media-blobs',
    schema: blobMessageSchema,
    opened(peer) {
      sources.set(peer, new PeerSource(peer));
      peer.send({ t: 'hello' } satisfies BlobMessage);
    },
    async message(peer, m) {
      const source = sources.get(peer);
      if (!source) return;
      switch (m.t) {
        case 'hello':
          sync.peerReady(source);
          return;
        case 'data':
        case 'none':
          source.answer(m);
          return;
        case 'want': {
          let reply: BlobMessage;
          try {
            const chunk = await sync.read(source, m.hash, m.offset, BLOB_CHUNK_BYTES);
            reply = chunk
              ? { t: 'data', ref: m.ref, hash: m.hash, offset: m.offset, size: chunk.size, data: chunk.data.toString('base64') }
              : { t: 'none', ref: m.ref, hash: m.hash, reason: 'not held here' };
          } catch (err) {
            reply = { t: 'none', ref: m.ref, hash: m.hash, reason: `unreadable: ${(err as Error).message}`.slice(0, 300) };
          }
          // Bounded memory: wait until the connection drained what was sent before.
          await peer.writable();
          if (peer.open) peer.send(reply);
          return;
        }
      }
    },
    closed(peer) {
      const source = sources.get(peer);
      sources.delete(peer);
      if (!source) return;
      source.fail('peer disconnected');
      sync.peerGone(source);
    },
  };
}
