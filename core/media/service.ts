import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { bufferSource, isLocalBlobStore, type BlobHash, type BlobStore } from './blob-store.ts';
import { BlobSync } from './blob-sync.ts';
import { videoFrame } from './video-frame.ts';
import { createBlobStore, loadMediaConfig, type MediaConfig } from './config.ts';
import { applyRepair, applyVerify, repairBlobs, verifyBlobs, type RepairReport, type VerifyOutcome, type VerifyReport } from './integrity.ts';
import { Jobs, type JobView } from './jobs.ts';
import { setupLocalTables } from './local-tables.ts';
import { RenditionQueue } from './renditions.ts';
import { UploadManager } from './uploads.ts';

/** An upload untouched this long is abandoned (its partial file is deleted when the service starts). */
export const UPLOAD_MAX_IDLE_MS = 7 * 24 * 3600 * 1000;

export interface MediaServiceOptions {
  store: Store;
  clock: Clock;
  dataDir: string;
  /** Configuration (else read from `<data>/media.json` and `env`). */
  config?: MediaConfig;
  env?: Readonly<Record<string, string | undefined>>;
  /** Ready-made stores (tests): the primary and named replicas. */
  blobs?: BlobStore;
  replicas?: Record<string, BlobStore>;
}

/**
 * The media domain's long-lived parts, built once by the composition root: the blob store
 * (and replicas for repair), upload sessions, the rendition worker and maintenance jobs.
 */
export class MediaService {
  readonly config: MediaConfig;
  readonly blobs: BlobStore;
  readonly replicas: Map<string, BlobStore>;
  readonly uploads: UploadManager;
  readonly renditions: RenditionQueue;
  readonly jobs: Jobs;
  /** Media bytes to and from peers over sync (plugged into the sync service by the composition root). */
  readonly transfers: BlobSync;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #unsubscribe: () => void;
  readonly #dataDir: string;

  constructor(options: MediaServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#dataDir = options.dataDir;
    this.config = options.config ?? loadMediaConfig(options.dataDir, options.env ?? {});
    setupLocalTables(options.store.db);
    this.blobs = options.blobs ?? createBlobStore(this.config.primary, options.dataDir);
    this.replicas = new Map(
      options.replicas
        ? Object.entries(options.replicas)
        : this.config.replicas.map((r) => [r.name, createBlobStore(r.store, options.dataDir)] as const),
    );
    const isClosed = () => options.store.closed;
    this.uploads = new UploadManager({
      db: options.store.db,
      clock: options.clock,
      dir: path.join(options.dataDir, 'media-uploads'),
      blobs: () => this.blobs,
      ...(this.config.maxUploadBytes ? { limits: { maxBytes: this.config.maxUploadBytes } } : {}),
    });
    this.renditions = new RenditionQueue({ db: options.store.db, clock: options.clock, blobs: () => this.blobs, isClosed });
    this.jobs = new Jobs(options.clock);
    // Media records that arrive from a peer may name blobs this device lacks.
    this.#unsubscribe = options.store.subscribe((e) => this.transfers.docsArrived(e.docId));
    this.transfers = new BlobSync({
      db: options.store.db,
      clock: options.clock,
      blobs: () => this.blobs,
      dir: path.join(options.dataDir, 'media-uploads', 'from-peers'),
      onFetched: (hash, from) => this.#fetched(hash, from),
    });
    // Uploads abandoned for a week are dropped with their partial files; renditions left
    // pending by a previous run resume now.
    this.uploads.expire(UPLOAD_MAX_IDLE_MS);
    this.renditions.kick();
  }

  /**
   * Rehashes every blob (slow: run from `media.verify`'s prepare), with progress in a job
   * that `media.jobs` shows while it runs. Nothing is recorded until `applyVerify`.
   */
  async verify(): Promise<{ job: JobView<VerifyReport>; outcome: VerifyOutcome }> {
    let outcome: VerifyOutcome | undefined;
    const started = this.jobs.start('verify', async (onProgress) => {
      outcome = await verifyBlobs({ db: this.#store.db, clock: this.#clock, store: this.blobs, renditionHashes: this.renditions.renditionHashes(), onProgress });
      return outcome.report;
    });
    const job = (await this.jobs.wait(started.id)) as JobView<VerifyReport>;
    if (job.state === 'failed' || !outcome) throw new CallboardError(job.error?.code ?? 'internal', job.error?.message ?? 'verify failed');
    return { job, outcome };
  }

  /** Records a verify's findings (synchronous, in the mutation's transaction). */
  applyVerify(outcome: VerifyOutcome): void {
    applyVerify(this.#store.db, this.#clock, outcome);
    if (outcome.redoRenditions.length > 0) this.renditions.kick();
  }

  /** Checks that a repair can run (a replica to repair from) before any slow work. */
  repairSources(from?: string): BlobStore[] {
    let sources: BlobStore[];
    if (from !== undefined) {
      const s = this.replicas.get(from);
      if (!s) throw new CallboardError('not_found', `No media replica named "${from}" (configured: ${[...this.replicas.keys()].join(', ') || 'none'})`, { field: 'from' });
      sources = [s];
    } else sources = [...this.replicas.values()];
    if (sources.length === 0) {
      throw new CallboardError('invalid', 'from: no replica is configured to repair from; add one under "replicas" in media.json', { field: 'from' });
    }
    return sources;
  }

  /** Copies damaged blobs back from replicas (slow: run from `media.repair`'s prepare). */
  async repair(from?: string): Promise<JobView<RepairReport>> {
    const sources = this.repairSources(from);
    const started = this.jobs.start('repair', (onProgress) => repairBlobs({ db: this.#store.db, clock: this.#clock, store: this.blobs, sources, onProgress }));
    const job = (await this.jobs.wait(started.id)) as JobView<RepairReport>;
    if (job.state === 'failed' || !job.result) throw new CallboardError(job.error?.code ?? 'internal', job.error?.message ?? 'repair failed');
    return job;
  }

  /** Marks repaired blobs healthy (synchronous, in the mutation's transaction). */
  applyRepair(report: RepairReport): void {
    applyRepair(this.#store.db, this.#clock, report);
    this.renditions.kick();
  }

  /**
   * A stored video's poster frame (put into the blob store) and duration, from ffmpeg (slow:
   * called from media.completeUpload's prepare). Without ffmpeg, `notice` says so.
   */
  async videoPoster(hash: BlobHash): Promise<{ posterHash: BlobHash | null; durationSec: number | null; width: number | null; height: number | null; notice: string | null }> {
    const tools = { ffmpeg: this.config.ffmpeg, ffprobe: this.config.ffprobe };
    let file: string;
    let temp: string | null = null;
    if (isLocalBlobStore(this.blobs)) file = this.blobs.pathOf(hash);
    else {
      // Other backends: ffmpeg reads a local copy.
      temp = path.join(this.#dataDir, 'media-uploads', `video-${hash}.tmp`);
      await fsp.mkdir(path.dirname(temp), { recursive: true });
      const src = await this.blobs.get(hash);
      await new Promise<void>((resolve, reject) => src.pipe(fs.createWriteStream(temp!)).on('finish', resolve).on('error', reject));
      file = temp;
    }
    try {
      const f = await videoFrame(file, tools);
      const posterHash = f.poster ? (await this.blobs.put(bufferSource(f.poster))).hash : null;
      return { posterHash, durationSec: f.durationSec, width: f.width, height: f.height, notice: f.notice };
    } finally {
      if (temp) await fsp.rm(temp, { force: true });
    }
  }

  /** A blob arrived from a peer: it is healthy here now, and images get their renditions. */
  #fetched(hash: BlobHash, from: string): void {
    if (this.#store.closed) return;
    const db = this.#store.db;
    db.prepare("UPDATE media_blob_health SET status = 'ok', checked_at = ?, detail = ? WHERE hash = ?").run(this.#clock.now(), `fetched from ${from}`, hash);
    const image = db.prepare("SELECT 1 FROM media_assets WHERE (hash = ? AND mime LIKE 'image/%') OR poster = ? LIMIT 1").get(hash, hash);
    if (image) this.renditions.enqueue(hash);
  }

  /** Waits for background work (renditions, jobs) to finish: for tests and clean shutdown. */
  async idle(): Promise<void> {
    await this.transfers.idle();
    await this.jobs.settle();
    await this.renditions.idle();
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.transfers.stop();
    this.renditions.stop();
    await this.transfers.idle();
    await this.jobs.settle();
    await this.blobs.close?.();
    for (const r of this.replicas.values()) await r.close?.();
  }
}
