import type { SqliteDatabase } from '../store/database.ts';
import type { MediaRef } from './model.ts';

/**
 * What blocks refer to, read from other domains' projections by table name (media assets
 * and galleries, directory credits and people, calendar occurrences, box office
 * performances, productions). The content domain owns none of these; a table that does not
 * exist in this store (its module absent) reads as empty, so a reference to it is "missing".
 * Blocks store only ids and are resolved each time a page is rendered, so they stay current.
 */

export interface AssetInfo {
  id: string;
  productionId: string;
  kind: string;
  title: string;
  caption: string;
  alt: string;
  mime: string;
  hash: string | null;
  published: boolean;
  width: number | null;
  height: number | null;
  embed: { provider: string; videoId: string; start: number | null; hash: string | null } | null;
  credit: string | null;
}

export interface GalleryInfo {
  id: string;
  productionId: string | null;
  title: string;
  description: string;
  assets: AssetInfo[];
}

export interface ProductionInfoRow {
  id: string;
  title: string;
  season: string;
  status: string;
  opening: string | null;
  closing: string | null;
}

export interface CastMember {
  name: string;
  role: string;
  department: string;
  understudy: boolean;
}

export interface PublicEvent {
  title: string;
  type: string;
  startUtc: number;
  endUtc: number;
  startLocal: string;
  timeZone: string;
  venueId: string | null;
}

export interface PerformanceInfo {
  id: string;
  productionId: string;
  title: string;
  startsAt: number;
  status: string;
}

const exists = new WeakMap<SqliteDatabase, Map<string, boolean>>();

export function tableExists(db: SqliteDatabase, name: string): boolean {
  let cache = exists.get(db);
  if (!cache) exists.set(db, (cache = new Map()));
  const known = cache.get(name);
  if (known) return true;
  const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name) !== undefined;
  if (found) cache.set(name, true);
  return found;
}

function parseAsset(json: string): AssetInfo | undefined {
  try {
    const a = JSON.parse(json) as Record<string, unknown>;
    const credit = a.credit as { name?: string } | null | undefined;
    return {
      id: String(a.id),
      productionId: String(a.productionId),
      kind: String(a.kind),
      title: String(a.title ?? ''),
      caption: String(a.caption ?? ''),
      alt: String(a.alt ?? ''),
      mime: String(a.mime ?? ''),
      hash: typeof a.hash === 'string' ? a.hash : null,
      published: a.published === true,
      width: typeof a.width === 'number' ? a.width : null,
      height: typeof a.height === 'number' ? a.height : null,
      embed: (a.embed as AssetInfo['embed']) ?? null,
      credit: credit?.name ? String(credit.name) : null,
    };
  } catch {
    return undefined;
  }
}

/** Reads other domains' projections. One instance per render or write. */
export class References {
  constructor(private readonly db: SqliteDatabase) {}

  asset(ref: MediaRef): AssetInfo | undefined {
    if (!tableExists(this.db, 'media_assets')) return undefined;
    const row = this.db.prepare('SELECT json FROM media_assets WHERE id = ? AND production_id = ?').get(ref.assetId, ref.productionId) as { json: string } | undefined;
    return row ? parseAsset(row.json) : undefined;
  }

  /** The blob to publish for an image: the web rendition when made, else the original. */
  imageBlob(asset: AssetInfo): { hash: string; mime: string } | undefined {
    if (tableExists(this.db, 'media_renditions') && asset.hash) {
      const r = this.db.prepare("SELECT hash, mime FROM media_renditions WHERE source = ? AND variant = 'web' AND state = 'done'").get(asset.hash) as
        | { hash: string | null; mime: string | null }
        | undefined;
      if (r?.hash) return { hash: r.hash, mime: r.mime ?? 'image/jpeg' };
    }
    if (asset.hash && asset.mime.startsWith('image/')) return { hash: asset.hash, mime: asset.mime };
    return undefined;
  }

  gallery(productionId: string | null, galleryId: string): GalleryInfo | undefined {
    if (!tableExists(this.db, 'media_galleries')) return undefined;
    const row = this.db.prepare('SELECT json FROM media_galleries WHERE id = ? AND production_id IS ?').get(galleryId, productionId) as { json: string } | undefined;
    if (!row) return undefined;
    const g = JSON.parse(row.json) as {
      id: string;
      productionId: string | null;
      title: string;
      description: string;
      items: MediaRef[];
      filter: { category: string | null; tag: string | null; kind: string | null } | null;
    };
    const assets: AssetInfo[] = [];
    const seen = new Set<string>();
    for (const item of g.items ?? []) {
      const a = this.asset(item);
      if (a && !seen.has(a.id)) {
        seen.add(a.id);
        assets.push(a);
      }
    }
    if (g.filter && g.productionId) {
      const where = ['a.production_id = ?'];
      const args: unknown[] = [g.productionId];
      if (g.filter.category) {
        where.push('a.category = ?');
        args.push(g.filter.category);
      }
      if (g.filter.kind) {
        where.push('a.kind = ?');
        args.push(g.filter.kind);
      }
      if (g.filter.tag && tableExists(this.db, 'media_asset_tags')) {
        where.push('a.id IN (SELECT asset_id FROM media_asset_tags WHERE tag = ?)');
        args.push(g.filter.tag.trim().toLowerCase());
      }
      const rows = this.db.prepare(`SELECT a.json FROM media_assets a WHERE ${where.join(' AND ')} ORDER BY a.sort_at DESC, a.id DESC LIMIT 200`).all(...args) as { json: string }[];
      for (const r of rows) {
        const a = parseAsset(r.json);
        if (a && !seen.has(a.id)) {
          seen.add(a.id);
          assets.push(a);
        }
      }
    }
    return { id: g.id, productionId: g.productionId, title: g.title, description: g.description, assets };
  }

  production(id: string): ProductionInfoRow | undefined {
    if (!tableExists(this.db, 'productions')) return undefined;
    return this.db.prepare('SELECT id, title, season, status, opening, closing FROM productions WHERE id = ?').get(id) as ProductionInfoRow | undefined;
  }

  productions(): ProductionInfoRow[] {
    if (!tableExists(this.db, 'productions')) return [];
    return this.db
      .prepare("SELECT id, title, season, status, opening, closing FROM productions WHERE status <> 'cancelled' ORDER BY opening DESC, title")
      .all() as ProductionInfoRow[];
  }

  /** The production's cast (department `cast`) and the rest of its company, in billing order. */
  credits(productionId: string): CastMember[] {
    if (!tableExists(this.db, 'directory_credits') || !tableExists(this.db, 'directory_people')) return [];
    const rows = this.db
      .prepare(
        `SELECT COALESCE(NULLIF(p.stage_name, ''), p.name) AS name, c.role AS role, c.department AS department, c.understudy AS understudy
         FROM directory_credits c JOIN directory_people p ON p.id = c.person_id
         WHERE c.production_id = ? AND p.merged_into IS NULL ORDER BY c.department = 'cast' DESC, c.billing, name`,
      )
      .all(productionId) as Array<{ name: string; role: string; department: string; understudy: number }>;
    return rows.map((r) => ({ name: r.name, role: r.role, department: r.department, understudy: r.understudy === 1 }));
  }

  /** A production's public events (performances, open events), in time order. */
  publicEvents(productionId: string, limit = 200): PublicEvent[] {
    if (!tableExists(this.db, 'calendar_occurrences')) return [];
    const rows = this.db
      .prepare(
        `SELECT title, type, start_utc, end_utc, start_local, time_zone, venue_id FROM calendar_occurrences
         WHERE production_id = ? AND public = 1 ORDER BY start_utc LIMIT ?`,
      )
      .all(productionId, limit) as Array<{ title: string; type: string; start_utc: number; end_utc: number; start_local: string; time_zone: string; venue_id: string | null }>;
    return rows.map((r) => ({ title: r.title, type: r.type, startUtc: r.start_utc, endUtc: r.end_utc, startLocal: r.start_local, timeZone: r.time_zone, venueId: r.venue_id }));
  }

  venueName(venueId: string | null): string | null {
    if (!venueId || !tableExists(this.db, 'venues')) return null;
    const row = this.db.prepare('SELECT name FROM venues WHERE id = ?').get(venueId) as { name: string } | undefined;
    return row?.name ?? null;
  }

  /** Media assets an editor may place: images (photos, posters) or videos, newest first, of one production or all. */
  assets(filter: { kind: 'image' | 'video'; productionId?: string | null | undefined; query?: string | undefined; limit?: number | undefined }): AssetInfo[] {
    if (!tableExists(this.db, 'media_assets')) return [];
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.productionId) {
      where.push('production_id = ?');
      args.push(filter.productionId);
    }
    const rows = this.db.prepare(`SELECT json FROM media_assets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sort_at DESC, id DESC`).all(...args) as { json: string }[];
    const q = filter.query?.trim().toLowerCase() ?? '';
    const out: AssetInfo[] = [];
    for (const r of rows) {
      const a = parseAsset(r.json);
      if (!a) continue;
      const isImage = a.mime.startsWith('image/') || a.kind === 'photo' || a.kind === 'poster';
      if (filter.kind === 'image' ? !isImage : a.kind !== 'video') continue;
      if (q && !`${a.title} ${a.caption} ${a.alt}`.toLowerCase().includes(q)) continue;
      out.push(a);
      if (out.length >= (filter.limit ?? 100)) break;
    }
    return out;
  }

  /** Every gallery (production galleries and company-wide ones), by title. */
  galleries(): Array<{ id: string; productionId: string | null; title: string; items: number }> {
    if (!tableExists(this.db, 'media_galleries')) return [];
    const rows = this.db.prepare('SELECT json FROM media_galleries ORDER BY title, id').all() as { json: string }[];
    return rows.map((r) => {
      const g = JSON.parse(r.json) as { id: string; productionId: string | null; title: string; items?: unknown[] };
      return { id: g.id, productionId: g.productionId ?? null, title: g.title, items: g.items?.length ?? 0 };
    });
  }

  /** Box office performances (of one production or all), in time order. */
  performances(productionId?: string | null): PerformanceInfo[] {
    if (!tableExists(this.db, 'ticket_performances')) return [];
    const rows = this.db
      .prepare(`SELECT perf_id, production_id, title, starts_at, status FROM ticket_performances ${productionId ? 'WHERE production_id = ?' : ''} ORDER BY starts_at, perf_id LIMIT 500`)
      .all(...(productionId ? [productionId] : [])) as Array<{ perf_id: string; production_id: string; title: string; starts_at: number; status: string }>;
    return rows.map((r) => ({ id: r.perf_id, productionId: r.production_id, title: r.title, startsAt: r.starts_at, status: r.status }));
  }

  performance(id: string): PerformanceInfo | undefined {
    if (!tableExists(this.db, 'ticket_performances')) return undefined;
    const r = this.db.prepare('SELECT perf_id, production_id, title, starts_at, status FROM ticket_performances WHERE perf_id = ?').get(id) as
      | { perf_id: string; production_id: string; title: string; starts_at: number; status: string }
      | undefined;
    return r ? { id: r.perf_id, productionId: r.production_id, title: r.title, startsAt: r.starts_at, status: r.status } : undefined;
  }
}
