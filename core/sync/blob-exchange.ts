/**
 * Media bytes over a peer-sync connection. Sync moves documents; the bytes their records
 * name (content-addressed blobs) travel on the same authenticated, encrypted connection,
 * asked for one chunk at a time (`blob-want` → `blob-data` | `blob-none`), so memory stays
 * bounded and an interrupted transfer resumes from the offset the receiver already holds.
 *
 * Sync knows nothing of media: the composition root plugs in an exchange (the media
 * domain's BlobSync) that decides what to serve and what to fetch.
 */

/** At most this many bytes per `blob-data` message (base64 in a JSON frame). */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

export interface BlobChunk {
  /** Bytes from the requested offset (empty only at the end of the blob). */
  data: Buffer;
  /** The whole blob's size. */
  size: number;
}

/** A connected, authenticated peer as an exchange sees it. */
export interface BlobPeer {
  readonly deviceId: string;
  readonly name: string;
  /** Whether the peer's user may view documents of `scope` (judged on this replica's policy). */
  mayView(scope: string): boolean;
  /** Asks the peer for bytes of `hash` from `offset`; null when it does not hold them (or may not give them). Rejects if the connection closes. */
  fetch(hash: string, offset: number): Promise<BlobChunk | null>;
}

export interface BlobExchange {
  /** Serves a peer's request: up to `max` bytes of `hash` from `offset`, or null when not held here or not the peer's to see. */
  read(peer: BlobPeer, hash: string, offset: number, max: number): Promise<BlobChunk | null>;
  /** A peer is connected and has exchanged heads: blobs this replica lacks may be fetched from it. */
  peerReady(peer: BlobPeer): void;
  peerGone(deviceId: string): void;
  /** Documents arrived from a peer: records may name blobs this replica lacks. */
  docsArrived(docId: string): void;
}
