import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CallboardError } from '../errors.ts';
import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

const backend = z.discriminatedUnion('backend', [
  z.object({ backend: z.literal('fs'), path: z.string().min(1).optional() }).strict(),
  z
    .object({
      backend: z.literal('s3'),
      bucket: z.string().min(3).max(63),
      prefix: z.string().max(200).optional(),
      endpoint: z.string().url().optional(),
      region: z.string().max(50).optional(),
      forcePathStyle: z.boolean().optional(),
    })
    .strict(),
  z.object({ backend: z.literal('memory') }).strict(),
]);
export type BackendConfig = z.infer<typeof backend>;

const configSchema = z
  .object({
    primary: backend.default({ backend: 'fs' }),
    /** Other stores holding copies, used by `media repair` (named for reports and --from). */
    replicas: z.array(z.object({ name: z.string().min(1).max(50), store: backend }).strict()).default([]),
    maxUploadBytes: z.number().int().positive().optional(),
    /** Programs for video poster frames and durations (default: ffmpeg / ffprobe on the PATH). */
    ffmpeg: z.string().min(1).max(1000).default('ffmpeg'),
    ffprobe: z.string().min(1).max(1000).default('ffprobe'),
  })
  .strict();
export type MediaConfig = z.infer<typeof configSchema>;

export const MEDIA_CONFIG_FILE = 'media.json';

/**
 * The media configuration: `<data>/media.json` if present, then environment overrides:
 *   CALLBOARD_MEDIA_BACKEND        fs | s3 | memory
 *   CALLBOARD_MEDIA_PATH           folder of the fs backend (default <data>/blobs)
 *   CALLBOARD_MEDIA_S3_BUCKET / _S3_PREFIX / _S3_ENDPOINT / _S3_REGION
 *   CALLBOARD_MEDIA_MAX_UPLOAD_BYTES
 *   CALLBOARD_FFMPEG / CALLBOARD_FFPROBE   video tools (poster frames, durations)
 * S3 credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, profiles, …).
 */
export function loadMediaConfig(dataDir: string, env: Readonly<Record<string, string | undefined>>): MediaConfig {
  const file = path.join(dataDir, MEDIA_CONFIG_FILE);
  let raw: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new CallboardError('invalid', `${file} is not valid JSON`, { field: MEDIA_CONFIG_FILE });
    }
  }
  const kind = env.CALLBOARD_MEDIA_BACKEND;
  if (kind) {
    if (kind === 'fs') raw.primary = { backend: 'fs', ...(env.CALLBOARD_MEDIA_PATH ? { path: env.CALLBOARD_MEDIA_PATH } : {}) };
    else if (kind === 'memory') raw.primary = { backend: 'memory' };
    else if (kind === 's3') {
      raw.primary = {
        backend: 's3',
        bucket: env.CALLBOARD_MEDIA_S3_BUCKET ?? '',
        ...(env.CALLBOARD_MEDIA_S3_PREFIX ? { prefix: env.CALLBOARD_MEDIA_S3_PREFIX } : {}),
        ...(env.CALLBOARD_MEDIA_S3_ENDPOINT ? { endpoint: env.CALLBOARD_MEDIA_S3_ENDPOINT } : {}),
        ...(env.CALLBOARD_MEDIA_S3_REGION ? { region: env.CALLBOARD_MEDIA_S3_REGION } : {}),
      };
    } else throw new CallboardError('invalid', `CALLBOARD_MEDIA_BACKEND must be fs, s3 or memory, not "${kind}"`, { field: 'CALLBOARD_MEDIA_BACKEND' });
  }
  if (env.CALLBOARD_MEDIA_MAX_UPLOAD_BYTES) raw.maxUploadBytes = Number(env.CALLBOARD_MEDIA_MAX_UPLOAD_BYTES);
  if (env.CALLBOARD_FFMPEG) raw.ffmpeg = env.CALLBOARD_FFMPEG;
  if (env.CALLBOARD_FFPROBE) raw.ffprobe = env.CALLBOARD_FFPROBE;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || MEDIA_CONFIG_FILE;
    throw new CallboardError('invalid', `media configuration: ${field}: ${issue.message}`, { field });
  }
  return parsed.data;
}

export function createBlobStore(config: BackendConfig, dataDir: string): BlobStore {
  switch (config.backend) {
    case 'fs':
      return new FsBlobStore(config.path ? path.resolve(dataDir, config.path) : path.join(dataDir, 'blobs'));
    case 'memory':
      return new MemoryBlobStore();
    case 's3':
      return new S3BlobStore({
        bucket: config.bucket,
        ...(config.prefix !== undefined ? { prefix: config.prefix } : {}),
        ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
        ...(config.region !== undefined ? { region: config.region } : {}),
        ...(config.forcePathStyle !== undefined ? { forcePathStyle: config.forcePathStyle } : {}),
        tmpDir: path.join(dataDir, 'media-uploads'),
      });
  }
}
