import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Principal } from '../../../core/api/procedure.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc } from '../../../core/calendar/production.ts';
import type { TestApp } from '../../fixtures/app.ts';

export const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Creates a production document directly (the calendar's procedures own this in the app). */
export function addProduction(t: TestApp, id: string, title: string): void {
  t.app.store.create<ProductionDoc>(productionDocId(id), PRODUCTION_DOC_TYPE, productionScope(id), (d) => {
    d.production = { id, title, season: '2026', status: 'rehearsals', opening: '2026-10-01', closing: '2026-10-20', description: '', createdAt: t.clock.now() };
  });
}

export async function jpeg(options: { color?: string; width?: number; height?: number; date?: string; gps?: boolean } = {}): Promise<Buffer> {
  const exif: Record<string, Record<string, string>> = { IFD0: { Make: 'Canon', Model: 'EOS R6' } };
  if (options.date) exif.IFD2 = { DateTimeOriginal: options.date };
  if (options.gps) exif.IFD3 = { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '122/1 40/1 0/1' };
  return sharp({ create: { width: options.width ?? 120, height: options.height ?? 80, channels: 3, background: options.color ?? '#aa3355' } })
    .withExif(exif)
    .jpeg()
    .toBuffer();
}

export async function png(color = '#2255aa'): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).png().toBuffer();
}

type Call = (name: string, input: unknown) => Promise<unknown>;

export function caller(t: TestApp, who: Principal = t.admin): Call {
  return (name, input) => t.app.dispatcher.call(who, name, input);
}

/** Begins an upload, sends the bytes in chunks through the upload manager (as the byte route does) and completes it. */
export async function upload(
  t: TestApp,
  production: string,
  filename: string,
  bytes: Buffer,
  meta: Record<string, unknown> = {},
  who: Principal = t.admin,
  chunk = 64 * 1024,
): Promise<Record<string, unknown>> {
  const call = caller(t, who);
  const begun = (await call('media.beginUpload', { production, filename, size: bytes.length, sha256: sha(bytes), ...(meta.allowDuplicate ? { allowDuplicate: true } : {}) })) as {
    uploadId: string | null;
    duplicates: unknown[];
  };
  if (!begun.uploadId) return { duplicates: begun.duplicates };
  for (let off = 0; off < bytes.length; off += chunk) {
    const part = bytes.subarray(off, off + chunk);
    await t.app.services.media.uploads.writeChunk({ userId: who.userId, uploadId: begun.uploadId, offset: off, bytes: part, sha256: sha(part) });
  }
  const { allowDuplicate: _a, ...rest } = meta;
  return (await call('media.completeUpload', { production, uploadId: begun.uploadId, category: 'production-photos', ...rest })) as Record<string, unknown>;
}
