import * as A from '@automerge/automerge';

/**
 * The media domain's records. Metadata lives in Automerge documents split per production
 * (see docs/decisions/0005-media.md); bytes live in a BlobStore, named by their SHA-256.
 * Strings that are replaced whole (everything here: ids, enums, titles, captions, alt text)
 * are stored as ImmutableString, which Automerge keeps as one value instead of a
 * character-level text CRDT.
 */
export const ASSET_KINDS = ['photo', 'video', 'audio', 'document', 'poster'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** Blob health is a fact about this replica's copy (see `media_blob_health`), not a document field. */
export const ASSET_STATUSES = ['uploading', 'ready', 'missing', 'corrupt'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export interface Category {
  id: string;
  name: string;
  builtIn: boolean;
}

export const BUILTIN_CATEGORIES: readonly Category[] = [
  { id: 'production-photos', name: 'Production photos', builtIn: true },
  { id: 'rehearsal', name: 'Rehearsal', builtIn: true },
  { id: 'headshots', name: 'Headshots', builtIn: true },
  { id: 'posters-marketing', name: 'Posters & marketing', builtIn: true },
  { id: 'press', name: 'Press', builtIn: true },
  { id: 'design', name: 'Design', builtIn: true },
  { id: 'behind-the-scenes', name: 'Behind the scenes', builtIn: true },
];

export type Str = string | A.ImmutableString;
export const imm = (v: string): A.ImmutableString => new A.ImmutableString(v);
export const str = (v: Str | null | undefined): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : v.val);
export const strOrNull = (v: Str | null | undefined): string | null => (v === null || v === undefined ? null : str(v));

export type VideoProvider = 'youtube' | 'vimeo';

export interface VideoEmbed {
  provider: VideoProvider;
  videoId: string;
  /** Start offset in seconds, or null. */
  start: number | null;
  /** Vimeo's privacy hash for unlisted videos (`h=`), or null. */
  hash: string | null;
}

export interface Credit {
  /** A person of the directory, when known. */
  personId: string | null;
  name: string;
}

/** An asset as the API returns it (plain strings). */
export interface Asset {
  id: string;
  productionId: string;
  kind: AssetKind;
  category: string;
  tags: string[];
  title: string;
  caption: string;
  alt: string;
  credit: Credit | null;
  /** Local wall time the photo was taken (`YYYY-MM-DDTHH:MM:SS`), from EXIF or the editor. */
  takenAt: string | null;
  width: number | null;
  height: number | null;
  durationSec: number | null;
  /** SHA-256 of the original bytes; null for an embedded (YouTube/Vimeo) video. */
  hash: string | null;
  size: number;
  mime: string;
  filename: string;
  published: boolean;
  embed: VideoEmbed | null;
  /** Hash of the poster image of a local video. */
  poster: string | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

/** The stored form: strings as ImmutableString. */
export interface AssetRecord {
  id: Str;
  productionId: Str;
  kind: Str;
  category: Str;
  tags: Str[];
  title: Str;
  caption: Str;
  alt: Str;
  credit: { personId: Str | null; name: Str } | null;
  takenAt: Str | null;
  width: number | null;
  height: number | null;
  durationSec: number | null;
  hash: Str | null;
  size: number;
  mime: Str;
  filename: Str;
  published: boolean;
  embed: { provider: Str; videoId: Str; start: number | null; hash: Str | null } | null;
  poster: Str | null;
  createdAt: number;
  createdBy: Str;
  updatedAt: number;
}

export interface MediaAssetsDoc {
  productionId: Str;
  /** Which part of the production's media this document is (0, 1, …). */
  part: number;
  assets: Record<string, AssetRecord>;
}

export interface GalleryFilter {
  category: string | null;
  tag: string | null;
  kind: AssetKind | null;
}

export interface Gallery {
  id: string;
  /** The production it belongs to, or null for a company gallery. */
  productionId: string | null;
  title: string;
  description: string;
  /** Hand-picked assets in order (`{productionId, assetId}` refs so company galleries can mix productions). */
  items: Array<{ productionId: string; assetId: string }>;
  /** A smart gallery: every matching asset of the production (newest first) after the hand-picked ones. */
  filter: GalleryFilter | null;
  cover: { productionId: string; assetId: string } | null;
  createdAt: number;
  updatedAt: number;
}

export interface GalleryRecord {
  id: Str;
  productionId: Str | null;
  title: Str;
  description: Str;
  items: Array<{ productionId: Str; assetId: Str }>;
  filter: { category: Str | null; tag: Str | null; kind: Str | null } | null;
  cover: { productionId: Str; assetId: Str } | null;
  createdAt: number;
  updatedAt: number;
}

export interface MediaGalleriesDoc {
  productionId: Str | null;
  galleries: Record<string, GalleryRecord>;
}

export interface MediaSettingsDoc {
  categories: Record<string, { id: Str; name: Str; createdAt: number }>;
}

export function toAsset(r: AssetRecord): Asset {
  return {
    id: str(r.id),
    productionId: str(r.productionId),
    kind: str(r.kind) as AssetKind,
    category: str(r.category),
    tags: (r.tags ?? []).map(str),
    title: str(r.title),
    caption: str(r.caption),
    alt: str(r.alt),
    credit: r.credit ? { personId: strOrNull(r.credit.personId), name: str(r.credit.name) } : null,
    takenAt: strOrNull(r.takenAt),
    width: r.width ?? null,
    height: r.height ?? null,
    durationSec: r.durationSec ?? null,
    hash: strOrNull(r.hash),
    size: r.size ?? 0,
    mime: str(r.mime),
    filename: str(r.filename),
    published: Boolean(r.published),
    embed: r.embed
      ? { provider: str(r.embed.provider) as VideoProvider, videoId: str(r.embed.videoId), start: r.embed.start ?? null, hash: strOrNull(r.embed.hash) }
      : null,
    poster: strOrNull(r.poster),
    createdAt: r.createdAt,
    createdBy: str(r.createdBy),
    updatedAt: r.updatedAt,
  };
}

export function toRecord(a: Asset): AssetRecord {
  return {
    id: imm(a.id),
    productionId: imm(a.productionId),
    kind: imm(a.kind),
    category: imm(a.category),
    tags: a.tags.map(imm),
    title: imm(a.title),
    caption: imm(a.caption),
    alt: imm(a.alt),
    credit: a.credit ? { personId: a.credit.personId === null ? null : imm(a.credit.personId), name: imm(a.credit.name) } : null,
    takenAt: a.takenAt === null ? null : imm(a.takenAt),
    width: a.width,
    height: a.height,
    durationSec: a.durationSec,
    hash: a.hash === null ? null : imm(a.hash),
    size: a.size,
    mime: imm(a.mime),
    filename: imm(a.filename),
    published: a.published,
    embed: a.embed
      ? { provider: imm(a.embed.provider), videoId: imm(a.embed.videoId), start: a.embed.start, hash: a.embed.hash === null ? null : imm(a.embed.hash) }
      : null,
    poster: a.poster === null ? null : imm(a.poster),
    createdAt: a.createdAt,
    createdBy: imm(a.createdBy),
    updatedAt: a.updatedAt,
  };
}

export function toGallery(r: GalleryRecord): Gallery {
  const ref = (x: { productionId: Str; assetId: Str }) => ({ productionId: str(x.productionId), assetId: str(x.assetId) });
  return {
    id: str(r.id),
    productionId: strOrNull(r.productionId),
    title: str(r.title),
    description: str(r.description),
    items: (r.items ?? []).map(ref),
    filter: r.filter
      ? { category: strOrNull(r.filter.category), tag: strOrNull(r.filter.tag), kind: strOrNull(r.filter.kind) as AssetKind | null }
      : null,
    cover: r.cover ? ref(r.cover) : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toGalleryRecord(g: Gallery): GalleryRecord {
  const ref = (x: { productionId: string; assetId: string }) => ({ productionId: imm(x.productionId), assetId: imm(x.assetId) });
  const n = (v: string | null) => (v === null ? null : imm(v));
  return {
    id: imm(g.id),
    productionId: n(g.productionId),
    title: imm(g.title),
    description: imm(g.description),
    items: g.items.map(ref),
    filter: g.filter ? { category: n(g.filter.category), tag: n(g.filter.tag), kind: n(g.filter.kind) } : null,
    cover: g.cover ? ref(g.cover) : null,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

/** Images need alt text before they are published on the website. */
export function needsAlt(a: Pick<Asset, 'kind' | 'mime'>): boolean {
  return a.mime.startsWith('image/') || a.kind === 'photo' || a.kind === 'poster';
}
