import type { Readable } from 'node:stream';
import type { App } from '../api/app.ts';
import type { Principal } from '../api/procedure.ts';
import { CallboardError } from '../errors.ts';
import type { BlobHash } from '../media/blob-store.ts';

/** Which asset file `/media/blob/<production>/<assetId>/<variant>` names. */
export interface MediaBlobRef {
  production: string;
  assetId: string;
  /** `original`, or a rendition (`web`, `thumb`). */
  variant: string;
}

export interface MediaBlob {
  hash: BlobHash;
  mime: string;
  filename: string;
  size: number;
  /** Opens the blob's bytes. */
  open(): Promise<Readable>;
}

/**
 * Resolves a media blob path for `principal` exactly as the daemon's GET route does: the
 * dispatcher answers (`media.download` needs view of the production's media,
 * `media.downloadOriginal` needs media.edit), then the blob must be on this replica. Shared
 * by the daemon route and the desktop app's core worker (readMedia over IPC).
 */
export async function resolveMediaBlob(app: App, principal: Principal, ref: MediaBlobRef): Promise<MediaBlob> {
  const { production, assetId, variant } = ref;
  const target = (
    variant === 'original'
      ? await app.dispatcher.call(principal, 'media.downloadOriginal', { production, assetId })
      : await app.dispatcher.call(principal, 'media.download', { production, assetId, variant })
  ) as { hash: BlobHash; mime: string; filename: string };
  const info = await app.services.media.blobs.stat(target.hash);
  if (!info) throw new CallboardError('not_found', 'The file is missing from this replica (see media verify)', { hash: target.hash });
  return { ...target, size: info.size, open: () => app.services.media.blobs.get(target.hash) };
}

/** Reads a resolved blob whole, refusing one over `maxBytes` (too_large) before reading it. */
export async function readMediaBlob(blob: MediaBlob, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new CallboardError('too_large', `The file is ${blob.size} bytes; the limit here is ${maxBytes}`, { limit: maxBytes });
  if (blob.size > maxBytes) throw tooLarge();
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of await blob.open()) {
    const buf = Buffer.from(part as Uint8Array);
    size += buf.byteLength;
    if (size > maxBytes) throw tooLarge();
    parts.push(buf);
  }
  return new Uint8Array(Buffer.concat(parts));
}
