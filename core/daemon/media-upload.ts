import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import type { App } from '../api/app.ts';
import type { Principal } from '../api/procedure.ts';
import { CallboardError, HTTP_STATUS, isErrorCode, toCallboardError, type ErrorShape } from '../errors.ts';
import type { ChunkResult } from '../media/uploads.ts';
import { bearer, principalFromToken } from './auth.ts';
import { resolveMediaBlob } from './media-blob.ts';

/**
 * The daemon's byte routes for media, beside `POST /api/<procedure>`:
 *
 *   PUT /media/uploads/<uploadId>?offset=N   one chunk (raw body, header x-chunk-sha256)
 *   GET /media/blob/<production>/<assetId>/<variant>   original | web | thumb
 *
 * Both authenticate exactly like the API (bearer token or the local CLI secret). Uploads
 * are begun and completed by procedures (`media.beginUpload` checks media.upload); this
 * route accepts chunks only for a session that exists and was begun by the same user.
 * Downloads ask the dispatcher first (`media.download` needs view, `media.downloadOriginal`
 * needs media.edit) and then stream the blob it named.
 */
export function mountMediaRoutes(http: Hono<{ Bindings: HttpBindings }>, options: { app: App; localSecret: string }): void {
  const { app, localSecret } = options;

  const principalOf = (c: Context<{ Bindings: HttpBindings }>): Principal => {
    const p = principalFromToken(app, bearer(c.req.header('authorization')), localSecret, c.req.header('x-callboard-as'));
    if (!p) throw new CallboardError('unauthenticated', 'Sign in first: this call needs a valid token');
    if (!app.services.authorizer.activeUser(p.userId)) throw new CallboardError('unauthenticated', 'Your account is unknown or suspended');
    c.set('userId' as never, p.userId as never);
    return p;
  };
  const fail = (c: Context, err: unknown) => {
    const e = toCallboardError(err);
    return c.json({ error: e.toShape() }, HTTP_STATUS[e.code] as 400);
  };

  http.put('/media/uploads/:uploadId', async (c) => {
    try {
      const principal = principalOf(c);
      const offset = Number(c.req.query('offset'));
      if (!Number.isSafeInteger(offset) || offset < 0) throw new CallboardError('invalid', 'offset: a byte offset is required (?offset=N)', { field: 'offset' });
      const limit = app.services.media.uploads.limits.maxChunkBytes;
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > limit) throw new CallboardError('too_large', `chunk: over the ${limit} byte limit`, { field: 'chunk', limit });
      const parts: Buffer[] = [];
      let size = 0;
      for await (const part of c.env.incoming as AsyncIterable<Buffer>) {
        size += part.byteLength;
        if (size > limit) throw new CallboardError('too_large', `chunk: over the ${limit} byte limit`, { field: 'chunk', limit });
        parts.push(part);
      }
      const sha = c.req.header('x-chunk-sha256');
      const result = await app.services.media.uploads.writeChunk({
        userId: principal.userId,
        uploadId: c.req.param('uploadId'),
        offset,
        bytes: Buffer.concat(parts),
        ...(sha !== undefined ? { sha256: sha } : {}),
      });
      return c.json({ result });
    } catch (err) {
      return fail(c, err);
    }
  });

  http.get('/media/blob/:production/:assetId/:variant', async (c) => {
    try {
      const principal = principalOf(c);
      const { production, assetId, variant } = c.req.param();
      const target = await resolveMediaBlob(app, principal, { production, assetId, variant });
      const etag = `"${target.hash}"`;
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      const stream = await target.open();
      c.header('content-type', target.mime);
      c.header('content-length', String(target.size));
      c.header('etag', etag);
      c.header('cache-control', 'private, max-age=31536000, immutable');
      c.header('x-content-type-options', 'nosniff');
      if (variant === 'original') c.header('content-disposition', `attachment; filename="${target.filename.replace(/["\\\r\n]/g, '_')}"`);
      return c.body(Readable.toWeb(stream) as ReadableStream);
    } catch (err) {
      return fail(c, err);
    }
  });
}

// ---- the client side: used by `callboard media upload` against a daemon or a local store --------

export interface ChunkSender {
  call(procedure: string, input: unknown): Promise<unknown>;
  sendChunk(uploadId: string, offset: number, bytes: Uint8Array, sha256: string): Promise<ChunkResult>;
}

/** Sends chunks to a daemon's PUT route. */
export function httpChunkSender(target: { url: string; token: string; as?: string | undefined }, call: ChunkSender['call']): ChunkSender {
  return {
    call,
    async sendChunk(uploadId, offset, bytes, sha256) {
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        authorization: `Bearer ${target.token}`,
        'x-chunk-sha256': sha256,
      };
      if (target.as) headers['x-callboard-as'] = target.as;
      let res: Response;
      try {
        res = await fetch(new URL(`media/uploads/${encodeURIComponent(uploadId)}?offset=${offset}`, target.url), { method: 'PUT', headers, body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as BodyInit });
      } catch (err) {
        throw new CallboardError('unavailable', `Cannot reach the daemon at ${target.url}: ${(err as Error).message}`);
      }
      const body = (await res.json().catch(() => ({}))) as { result?: ChunkResult; error?: ErrorShape };
      if (res.ok && body.result) return body.result;
      if (body.error && isErrorCode(body.error.code)) throw new CallboardError(body.error.code, body.error.message, body.error.details);
      throw new CallboardError('internal', `The daemon answered HTTP ${res.status}`);
    },
  };
}

/** Writes chunks straight to this process's upload manager (the CLI with no daemon running). */
export function localChunkSender(app: App, principal: Principal, call: ChunkSender['call']): ChunkSender {
  return {
    call,
    sendChunk: (uploadId, offset, bytes, sha256) => app.services.media.uploads.writeChunk({ userId: principal.userId, uploadId, offset, bytes, sha256 }),
  };
}

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { sha256: h.digest('hex'), size };
}

export interface UploadOutcome {
  file: string;
  asset?: unknown;
  duplicates?: Array<{ assetId: string; title: string }>;
}

/**
 * Uploads one file: hash it, begin, send chunks from the offset the server reports (so a
 * rerun after an interruption resumes), then complete with the metadata.
 */
export async function uploadFile(
  sender: ChunkSender,
  file: string,
  meta: { production: string; category: string; allowDuplicate?: boolean; [k: string]: unknown },
  onProgress: (sent: number, size: number) => void = () => {},
): Promise<UploadOutcome> {
  const { sha256, size } = await hashFile(file);
  const { production, allowDuplicate, ...rest } = meta;
  const begun = (await sender.call('media.beginUpload', { production, filename: path.basename(file), size, sha256, allowDuplicate: Boolean(allowDuplicate) })) as {
    uploadId: string | null;
    duplicates: Array<{ assetId: string; title: string }>;
    chunkSize: number;
  };
  if (!begun.uploadId) return { file, duplicates: begun.duplicates };
  const fh = await fs.promises.open(file, 'r');
  try {
    let offset = 0;
    while (offset < size) {
      const buf = Buffer.alloc(Math.min(begun.chunkSize, size - offset));
      await fh.read(buf, 0, buf.length, offset);
      const res = await sender.sendChunk(begun.uploadId, offset, buf, createHash('sha256').update(buf).digest('hex'));
      offset = res.received;
      onProgress(offset, size);
    }
  } finally {
    await fh.close();
  }
  const asset = await sender.call('media.completeUpload', { production, uploadId: begun.uploadId, ...rest });
  return { file, asset };
}
