import type { ApiClient } from '../../api/types.ts';
import type { MediaTransfer } from './transfer.tsx';

export type UploadState =
  | { kind: 'queued' }
  | { kind: 'hashing' }
  | { kind: 'uploading'; sent: number; size: number }
  | { kind: 'finishing' }
  | { kind: 'done'; assetId: string; notice?: string | null }
  | { kind: 'duplicate'; existing: Array<{ assetId: string; title: string }> }
  | { kind: 'failed'; message: string; uploadId: string | null };

export interface UploadTarget {
  production: string;
  category: string;
  tags: string[];
  credit: string;
}

/**
 * Uploads one file: hash, begin (or resume an earlier upload id from its reported offset),
 * send chunks, complete. Reports each state; never throws (a failure is a state with its
 * message, kept with the upload id so Retry resumes).
 */
export async function uploadOne(
  client: Pick<ApiClient, 'invoke'>,
  transfer: MediaTransfer,
  file: File,
  target: UploadTarget,
  report: (s: UploadState) => void,
  resume: { uploadId: string | null } = { uploadId: null },
): Promise<UploadState> {
  let uploadId = resume.uploadId;
  const finish = (s: UploadState) => (report(s), s);
  try {
    let offset = 0;
    let chunkSize = 4 * 1024 * 1024;
    if (uploadId) {
      const status = await client.invoke('media.uploadStatus', { production: target.production, uploadId });
      if (status.state === 'failed') uploadId = null;
      else offset = status.offset;
    }
    if (!uploadId) {
      report({ kind: 'hashing' });
      const sha256 = await transfer.sha256(file);
      const begun = await client.invoke('media.beginUpload', { production: target.production, filename: file.name, size: file.size, sha256 });
      if (!begun.uploadId) return finish({ kind: 'duplicate', existing: begun.duplicates });
      uploadId = begun.uploadId;
      chunkSize = begun.chunkSize;
    }
    report({ kind: 'uploading', sent: offset, size: file.size });
    while (offset < file.size) {
      const chunk = file.slice(offset, Math.min(file.size, offset + chunkSize));
      const res = await transfer.sendChunk(uploadId, offset, chunk, await transfer.sha256(chunk));
      offset = res.received;
      report({ kind: 'uploading', sent: offset, size: file.size });
    }
    report({ kind: 'finishing' });
    const asset = await client.invoke('media.completeUpload', {
      production: target.production,
      uploadId,
      category: target.category,
      title: file.name.replace(/\.[^.]+$/, ''),
      tags: target.tags,
      ...(target.credit.trim() ? { credit: { personId: null, name: target.credit.trim() } } : {}),
    });
    return finish({ kind: 'done', assetId: asset.id, notice: 'notice' in asset ? asset.notice : null });
  } catch (err) {
    return finish({ kind: 'failed', message: (err as Error).message ?? String(err), uploadId });
  }
}
