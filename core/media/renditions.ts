import sharp from 'sharp';
import type { Clock } from '../clock.ts';
import type { SqliteDatabase } from '../store/database.ts';
import { bufferSource, readAll, type BlobHash, type BlobStore } from './blob-store.ts';

/**
 * Derived images: a small thumbnail for grids and a web-size image for the website, made
 * in the background from the original after an upload, and stored as blobs of their own.
 * They are auto-oriented and carry no metadata at all: sharp drops EXIF (GPS position,
 * camera serial numbers) unless asked to keep it, and we never ask. They are recorded per
 * replica in `media_renditions` (any device can remake them from the original), so the
 * background work never writes a synced document.
 */
export const VARIANTS = {
  thumb: { maxSide: 400, format: 'webp', mime: 'image/webp' },
  web: { maxSide: 1600, format: 'jpeg', mime: 'image/jpeg' },
} as const;
export type Variant = keyof typeof VARIANTS;
export const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

export interface RenditionInfo {
  variant: Variant;
  state: 'pending' | 'working' | 'done' | 'failed';
  hash: string | null;
  width: number | null;
  height: number | null;
  size: number | null;
  mime: string | null;
  error: string | null;
}

interface Row {
  source: string;
  variant: Variant;
  state: RenditionInfo['state'];
  hash: string | null;
  width: number | null;
  height: number | null;
  size: number | null;
  mime: string | null;
  error: string | null;
}

export async function renderVariant(original: Buffer, variant: Variant): Promise<{ bytes: Buffer; width: number; height: number }> {
  const spec = VARIANTS[variant];
  let pipeline = sharp(original, { failOn: 'error' })
    .rotate()
    .resize({ width: spec.maxSide, height: spec.maxSide, fit: 'inside', withoutEnlargement: true });
  pipeline = spec.format === 'webp' ? pipeline.webp({ quality: 72 }) : pipeline.jpeg({ quality: 82, mozjpeg: true });
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

export class RenditionQueue {
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  readonly #blobs: () => BlobStore;
  readonly #isClosed: () => boolean;
  #running: Promise<void> | null = null;
  #scheduled = false;
  #stopped = false;

  constructor(options: { db: SqliteDatabase; clock: Clock; blobs: () => BlobStore; isClosed: () => boolean }) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#blobs = options.blobs;
    this.#isClosed = options.isClosed;
  }

  /** Queues the renditions of an image (synchronous; inside the mutation that registers it). */
  enqueue(source: BlobHash): void {
    const stmt = this.#db.prepare(
      "INSERT INTO media_renditions (source, variant, state, updated_at) VALUES (?, ?, 'pending', ?) ON CONFLICT(source, variant) DO UPDATE SET state = CASE WHEN state = 'failed' THEN 'pending' ELSE state END",
    );
    for (const v of VARIANT_NAMES) stmt.run(source, v, this.#clock.now());
    this.kick();
  }

  /** Starts the worker (after the current transaction commits) if it is not running. */
  kick(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#running) this.#running = this.#drain().finally(() => (this.#running = null));
    });
  }

  /** Resolves when no rendition is pending or being made. */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.#running) {
        await this.#running;
        continue;
      }
      if (this.#scheduled) continue;
      if (this.#stopped || this.#isClosed() || this.#pendingCount() === 0) return;
      this.kick();
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  #pendingCount(): number {
    return this.#db.prepare("SELECT count(*) FROM media_renditions WHERE state IN ('pending', 'working')").pluck().get() as number;
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#stopped || this.#isClosed()) return;
      const next = this.#db.prepare("SELECT source FROM media_renditions WHERE state IN ('pending', 'working') ORDER BY updated_at, source LIMIT 1").pluck().get() as
        | string
        | undefined;
      if (!next) return;
      await this.#process(next as BlobHash);
    }
  }

  async #process(source: BlobHash): Promise<void> {
    const set = (variant: Variant, fields: Partial<Row>) => {
      if (this.#isClosed()) return;
      const cols = Object.keys(fields);
      this.#db
        .prepare(`UPDATE media_renditions SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE source = ? AND variant = ?`)
        .run(...Object.values(fields), this.#clock.now(), source, variant);
    };
    let original: Buffer;
    try {
      original = await readAll(await this.#blobs().get(source));
    } catch (err) {
      for (const v of VARIANT_NAMES) set(v, { state: 'failed', error: `original unreadable: ${(err as Error).message}` });
      return;
    }
    for (const variant of VARIANT_NAMES) {
      if (this.#isClosed()) return;
      set(variant, { state: 'working' });
      try {
        const out = await renderVariant(original, variant);
        const info = await this.#blobs().put(bufferSource(out.bytes));
        set(variant, { state: 'done', hash: info.hash, width: out.width, height: out.height, size: info.size, mime: VARIANTS[variant].mime, error: null });
      } catch (err) {
        set(variant, { state: 'failed', error: (err as Error).message ?? String(err) });
      }
    }
  }

  /** The renditions of these sources, by source hash. */
  status(sources: readonly string[]): Map<string, RenditionInfo[]> {
    const out = new Map<string, RenditionInfo[]>();
    const stmt = this.#db.prepare('SELECT * FROM media_renditions WHERE source = ? ORDER BY variant');
    for (const s of sources) {
      out.set(
        s,
        (stmt.all(s) as Row[]).map((r) => ({
          variant: r.variant,
          state: r.state,
          hash: r.hash,
          width: r.width,
          height: r.height,
          size: r.size,
          mime: r.mime,
          error: r.error,
        })),
      );
    }
    return out;
  }

  /** Every rendition hash this replica made (so verify does not call them untracked). */
  renditionHashes(): Set<string> {
    return new Set(this.#db.prepare("SELECT hash FROM media_renditions WHERE hash IS NOT NULL").pluck().all() as string[]);
  }

  counts(): { pending: number; working: number; done: number; failed: number } {
    const rows = this.#db.prepare('SELECT state, count(*) AS n FROM media_renditions GROUP BY state').all() as Array<{ state: string; n: number }>;
    const c = { pending: 0, working: 0, done: 0, failed: 0 };
    for (const r of rows) c[r.state as keyof typeof c] = r.n;
    return c;
  }
}
