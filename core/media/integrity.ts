import type { Clock } from '../clock.ts';
import type { SqliteDatabase } from '../store/database.ts';
import { hashStream, type BlobHash, type BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import type { JobProgress } from './jobs.ts';
import type { Asset } from './model.ts';
import { trackedHashes } from './queries.ts';

export interface AffectedBlob {
  hash: string;
  /** Assets using this blob as original or poster (empty for a rendition). */
  assets: Array<{ id: string; productionId: string; title: string }>;
}

export interface VerifyReport {
  store: string;
  checked: number;
  bytes: number;
  ok: number;
  missing: AffectedBlob[];
  corrupt: AffectedBlob[];
  /** Blobs in the store that no asset or rendition refers to. */
  untracked: string[];
  /** Files in a filesystem store that are not blobs at all. */
  stray: string[];
}

export interface RepairReport {
  repaired: Array<{ hash: string; from: string }>;
  unrecoverable: string[];
}

/** What a verify found, to record in this replica's tables (in the audited transaction). */
export interface VerifyOutcome {
  report: VerifyReport;
  /** Health of each tracked blob checked or found missing. */
  health: Array<{ hash: string; status: 'ok' | 'corrupt' | 'missing'; detail: string | null }>;
  /** Rendition blobs found damaged or gone: to be made again. */
  redoRenditions: string[];
}

function assetsUsing(db: SqliteDatabase, hash: string): AffectedBlob['assets'] {
  const rows = db.prepare('SELECT json FROM media_assets WHERE hash = ? OR poster = ? ORDER BY id').pluck().all(hash, hash) as string[];
  return rows.map((j) => {
    const a = JSON.parse(j) as Asset;
    return { id: a.id, productionId: a.productionId, title: a.title };
  });
}

/**
 * Rehashes every blob of `store` and reports the missing, corrupt and untracked ones. Reads
 * only: what it found is recorded by `applyVerify` (each tracked blob's health in this
 * replica's `media_blob_health`, which marks the assets using it; damaged renditions queued
 * to be made again), which `media.verify` runs in its audited transaction.
 */
export async function verifyBlobs(options: {
  db: SqliteDatabase;
  clock: Clock;
  store: BlobStore;
  renditionHashes: Set<string>;
  onProgress: (p: Partial<JobProgress>) => void;
}): Promise<VerifyOutcome> {
  const { db, store } = options;
  const tracked = trackedHashes(db);
  const derived = options.renditionHashes;
  options.onProgress({ step: 'listing blobs' });
  const present: BlobHash[] = [];
  for await (const h of store.list()) present.push(h);
  let totalBytes = 0;
  for (const h of present) totalBytes += (await store.stat(h))?.size ?? 0;
  options.onProgress({ total: present.length, totalBytes, step: 'rehashing' });

  const report: VerifyReport = { store: store.name, checked: 0, bytes: 0, ok: 0, missing: [], corrupt: [], untracked: [], stray: [] };
  const outcome: VerifyOutcome = { report, health: [], redoRenditions: [] };
  const setHealth = { run: (hash: string, status: 'ok' | 'corrupt' | 'missing', detail: string | null) => void outcome.health.push({ hash, status, detail }) };
  const redoRendition = { run: (hash: string) => void outcome.redoRenditions.push(hash) };
  const seen = new Set<string>();
  for (const hash of present) {
    seen.add(hash);
    if (!tracked.has(hash) && !derived.has(hash)) {
      report.untracked.push(hash);
      report.checked++;
      options.onProgress({ done: report.checked });
      continue;
    }
    let actual: string;
    let size = 0;
    try {
      const r = await hashStream(await store.get(hash), (n) => {
        report.bytes += n;
        options.onProgress({ bytes: report.bytes });
      });
      actual = r.hash;
      size = r.size;
    } catch (err) {
      actual = `unreadable: ${(err as Error).message}`;
    }
    report.checked++;
    options.onProgress({ done: report.checked, step: `rehashing ${hash.slice(0, 12)}…` });
    if (actual === hash) {
      report.ok++;
      if (tracked.has(hash)) setHealth.run(hash, 'ok', null);
    } else if (tracked.has(hash)) {
      report.corrupt.push({ hash, assets: assetsUsing(db, hash) });
      setHealth.run(hash, 'corrupt', `content hashes to ${actual} (${size} bytes)`);
    } else {
      report.corrupt.push({ hash, assets: [] });
      redoRendition.run(hash);
    }
  }
  for (const hash of [...tracked].sort()) {
    if (seen.has(hash)) continue;
    report.missing.push({ hash, assets: assetsUsing(db, hash) });
    setHealth.run(hash, 'missing', `not in ${store.name}`);
  }
  for (const hash of [...derived].sort()) {
    if (!seen.has(hash) && !tracked.has(hash)) redoRendition.run(hash);
  }
  if (store instanceof FsBlobStore) report.stray = await store.strayFiles();
  options.onProgress({ step: 'done' });
  return outcome;
}

/** Records what a verify found in this replica's tables (synchronous: inside the mutation's transaction). */
export function applyVerify(db: SqliteDatabase, clock: Clock, outcome: VerifyOutcome): void {
  const setHealth = db.prepare(
    'INSERT INTO media_blob_health (hash, status, checked_at, detail) VALUES (?, ?, ?, ?) ON CONFLICT(hash) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at, detail = excluded.detail',
  );
  const redoRendition = db.prepare("UPDATE media_renditions SET state = 'pending', hash = NULL WHERE hash = ?");
  const now = clock.now();
  for (const h of outcome.health) setHealth.run(h.hash, h.status, now, h.detail);
  for (const h of outcome.redoRenditions) redoRendition.run(h);
}

/** Marks repaired blobs healthy (synchronous: inside the mutation's transaction). */
export function applyRepair(db: SqliteDatabase, clock: Clock, report: RepairReport): void {
  const ok = db.prepare("UPDATE media_blob_health SET status = 'ok', checked_at = ?, detail = ? WHERE hash = ?");
  for (const r of report.repaired) ok.run(clock.now(), `repaired from ${r.from}`, r.hash);
}

/** One line for the audit trail and the CLI. */
export function verifySummary(r: VerifyReport): string {
  return `Verified ${r.checked} blobs (${(r.bytes / 1e6).toFixed(1)} MB) in ${r.store}: ${r.ok} intact, ${r.corrupt.length} corrupt, ${r.missing.length} missing, ${r.untracked.length} untracked${r.stray.length ? `, ${r.stray.length} stray files` : ''}`;
}

export function repairSummary(r: RepairReport): string {
  const sources = [...new Set(r.repaired.map((x) => x.from))];
  return `Repaired ${r.repaired.length} blobs${sources.length ? ` from ${sources.join(', ')}` : ''}; ${r.unrecoverable.length} unrecoverable`;
}

/**
 * Copies every blob this replica found missing or corrupt from the first of `sources` that
 * holds it, verifying the copy against its hash on the way in.
 */
export async function repairBlobs(options: {
  db: SqliteDatabase;
  clock: Clock;
  store: BlobStore;
  sources: BlobStore[];
  onProgress: (p: Partial<JobProgress>) => void;
}): Promise<RepairReport> {
  const { db, store } = options;
  const damaged = db.prepare("SELECT hash FROM media_blob_health WHERE status IN ('missing', 'corrupt') ORDER BY hash").pluck().all() as BlobHash[];
  options.onProgress({ total: damaged.length, step: 'repairing' });
  const report: RepairReport = { repaired: [], unrecoverable: [] };
  let done = 0;
  for (const hash of damaged) {
    let fixed = false;
    for (const source of options.sources) {
      try {
        if (!(await source.has(hash))) continue;
        await store.delete(hash);
        await store.put(await source.get(hash), { expectedHash: hash });
        report.repaired.push({ hash, from: source.name });
        fixed = true;
        break;
      } catch {
        // This source's copy is unreadable or damaged too: try the next.
      }
    }
    if (!fixed) report.unrecoverable.push(hash);
    options.onProgress({ done: ++done });
  }
  return report;
}
