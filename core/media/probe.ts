import path from 'node:path';
import exifr from 'exifr';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { CallboardError } from '../errors.ts';
import type { AssetKind } from './model.ts';

/** What can be uploaded, by content type, and the kind it becomes by default. */
export const ACCEPTED_TYPES: Readonly<Record<string, AssetKind>> = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/webp': 'photo',
  'image/gif': 'photo',
  'image/tiff': 'photo',
  'image/avif': 'photo',
  'image/heic': 'photo',
  'image/heif': 'photo',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'video/x-m4v': 'video',
  'audio/mpeg': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/ogg': 'audio',
  'audio/flac': 'audio',
  'audio/x-flac': 'audio',
  'audio/mp4': 'audio',
  'audio/x-m4a': 'audio',
  'application/pdf': 'document',
};

/** File name extensions and the content types they promise. */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  webp: ['image/webp'],
  gif: ['image/gif'],
  tif: ['image/tiff'],
  tiff: ['image/tiff'],
  avif: ['image/avif'],
  heic: ['image/heic', 'image/heif'],
  heif: ['image/heic', 'image/heif'],
  mp4: ['video/mp4', 'audio/mp4', 'video/x-m4v'],
  m4v: ['video/x-m4v', 'video/mp4'],
  mov: ['video/quicktime'],
  webm: ['video/webm', 'audio/webm'],
  mp3: ['audio/mpeg'],
  wav: ['audio/wav', 'audio/x-wav'],
  ogg: ['audio/ogg', 'video/ogg'],
  oga: ['audio/ogg'],
  flac: ['audio/flac', 'audio/x-flac'],
  m4a: ['audio/mp4', 'audio/x-m4a'],
  pdf: ['application/pdf'],
};

export interface Probe {
  mime: string;
  ext: string;
  kind: AssetKind;
  width: number | null;
  height: number | null;
  /** Local wall time from EXIF DateTimeOriginal (`YYYY-MM-DDTHH:MM:SS`), or null. */
  takenAt: string | null;
  /** Whether the original carries GPS coordinates (renditions never do). */
  hasGps: boolean;
}

/**
 * Identifies a file by its content (file-type), refuses unsupported types and file names
 * whose extension promises another type, and reads image dimensions (sharp, after EXIF
 * orientation) and the EXIF capture date (exifr).
 */
export async function probeFile(file: string, filename: string): Promise<Probe> {
  const detected = await fileTypeFromFile(file);
  const ext = path.extname(filename).slice(1).toLowerCase();
  if (!detected) {
    throw new CallboardError('invalid', `file: the content of "${filename}" is not a supported photo, video, audio or PDF file`, { field: 'file' });
  }
  const kind = ACCEPTED_TYPES[detected.mime];
  if (!kind) {
    throw new CallboardError('invalid', `file: "${filename}" is ${detected.mime}, which the gallery does not accept`, { field: 'file', mime: detected.mime });
  }
  const promised = EXTENSIONS[ext];
  if (ext && promised && !promised.includes(detected.mime)) {
    throw new CallboardError('invalid', `file: "${filename}" is named .${ext} but its content is ${detected.mime}`, {
      field: 'file',
      mime: detected.mime,
      ext,
    });
  }
  if (ext && !promised && ext !== detected.ext) {
    throw new CallboardError('invalid', `file: "${filename}" has an extension (.${ext}) the gallery does not accept`, { field: 'file', ext });
  }
  const probe: Probe = { mime: detected.mime, ext: detected.ext, kind, width: null, height: null, takenAt: null, hasGps: false };
  if (detected.mime.startsWith('image/')) {
    try {
      const meta = await sharp(file).metadata();
      const swap = (meta.orientation ?? 1) >= 5;
      probe.width = (swap ? meta.height : meta.width) ?? null;
      probe.height = (swap ? meta.width : meta.height) ?? null;
    } catch (err) {
      throw new CallboardError('invalid', `file: "${filename}" looks like ${detected.mime} but cannot be read as an image`, { field: 'file' }, { cause: err });
    }
    try {
      const exif = (await exifr.parse(file, { pick: ['DateTimeOriginal', 'CreateDate', 'GPSLatitude'], gps: true, reviveValues: false })) as
        | { DateTimeOriginal?: string; CreateDate?: string; GPSLatitude?: unknown }
        | undefined;
      probe.takenAt = exifDate(exif?.DateTimeOriginal ?? exif?.CreateDate);
      probe.hasGps = exif?.GPSLatitude !== undefined;
    } catch {
      // No readable EXIF: no date.
    }
  }
  return probe;
}

/** `2025:12:05 19:30:00` → `2025-12-05T19:30:00`; null when unreadable. */
export function exifDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
}
