import { z } from 'zod';
import { getProduction } from '../../calendar/production.ts';
import { CallboardError } from '../../errors.ts';
import { toBlobHash, type BlobHash } from '../../media/blob-store.ts';
import {
  addAsset,
  addCategory,
  categoryExists,
  getAsset,
  getGallery,
  listCategories,
  listGalleries,
  newAssetId,
  newGalleryId,
  removeAsset,
  removeGallery,
  saveGallery,
  updateAsset,
} from '../../media/assets.ts';
import { ASSETS_DOC_TYPE, COMPANY_MEDIA_SCOPE, galleriesScope, mediaScope } from '../../media/documents.ts';
import { ASSET_KINDS, needsAlt, type Asset, type AssetKind, type Gallery } from '../../media/model.ts';
import { assetsWithHash, findAsset, healthOf, searchAssets, type AssetFilter } from '../../media/queries.ts';
import { VARIANT_NAMES, type RenditionInfo } from '../../media/renditions.ts';
import { repairSummary, verifySummary } from '../../media/integrity.ts';
import type { MediaService } from '../../media/service.ts';
import { embedUrl, parseVideoUrl, watchUrl } from '../../media/video-url.ts';
import type { HandlerContext } from '../procedure.ts';
import { authenticated, grant, procedure } from '../procedure.ts';

declare module '../services.ts' {
  interface Services {
    media: MediaService;
  }
}

const UPLOAD = 'media.upload';
const EDIT = 'media.edit';
const VIEW = 'view';

const production = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a production id: letters, digits, . _ -');
const assetId = z.string().trim().regex(/^ast-[0-9a-f]{16}$/, 'an asset id (ast-…)');
const galleryId = z.string().trim().regex(/^gal-[0-9a-f]{12}$/, 'a gallery id (gal-…)');
const hash = z.string().trim().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash: 64 lowercase hex digits');
const tag = z.string().trim().min(1, 'tags must not be empty').max(60);
const tags = z.array(tag).max(50);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const takenAt = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, 'a local date and time: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]')
  .transform((v) => (v.length === 10 ? `${v}T00:00:00` : v.length === 16 ? `${v}:00` : v));
const credit = z
  .object({ personId: z.string().trim().min(1).max(200).nullable().default(null), name: z.string().trim().min(1).max(200) })
  .strict();
const categoryId = z.string().trim().min(1).max(60);
const title = z.string().trim().max(200);
const prose = z.string().trim().max(2000);
const kind = z.enum(ASSET_KINDS);

const metadata = {
  title: title.optional(),
  caption: prose.optional(),
  alt: z.string().trim().max(500).optional(),
  category: categoryId,
  tags: tags.default([]),
  credit: credit.nullable().optional(),
  takenAt: takenAt.nullable().optional(),
};

function dedupeTags(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of list) {
    const key = t.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

function requireProduction(ctx: HandlerContext, id: string): void {
  if (!getProduction(ctx.store.db, id)) throw new CallboardError('not_found', `No production ${id}`, { field: 'production' });
}

function requireCategory(ctx: HandlerContext, id: string): void {
  if (!categoryExists(ctx.store, id)) {
    throw new CallboardError('invalid', `category: unknown category "${id}" (see media.categories)`, { field: 'category' });
  }
}

function kindFits(k: AssetKind, mime: string): boolean {
  if (k === 'photo' || k === 'poster') return mime.startsWith('image/');
  if (k === 'video') return mime.startsWith('video/');
  if (k === 'audio') return mime.startsWith('audio/');
  return mime === 'application/pdf' || mime.startsWith('image/');
}

function renditionsOf(ctx: HandlerContext, a: Asset): RenditionInfo[] {
  const source = a.mime.startsWith('image/') ? a.hash : a.poster;
  return source ? (ctx.services.media.renditions.status([source]).get(source) ?? []) : [];
}

/** An asset as the API shows it: with this replica's health, renditions and links. */
function view(ctx: HandlerContext, a: Asset) {
  const renditions = renditionsOf(ctx, a);
  const base = `/media/blob/${encodeURIComponent(a.productionId)}/${a.id}`;
  const has = (v: string) => renditions.some((r) => r.variant === v && r.state === 'done');
  return {
    ...a,
    status: healthOf(ctx.store.db, a.hash, a.poster),
    renditions,
    processing: {
      done: renditions.filter((r) => r.state === 'done' || r.state === 'failed').length,
      total: renditions.length,
    },
    embedUrl: a.embed ? embedUrl(a.embed) : null,
    watchUrl: a.embed ? watchUrl(a.embed) : null,
    urls: {
      original: a.hash ? `${base}/original` : null,
      thumb: has('thumb') ? `${base}/thumb` : null,
      web: has('web') ? `${base}/web` : null,
    },
  };
}

function visibleProductions(ctx: HandlerContext): string[] | 'all' {
  if (ctx.can(VIEW, COMPANY_MEDIA_SCOPE)) return 'all';
  // Productions known here, plus those whose media documents arrived by sync without their
  // calendar (a photographer granted a production's media only does not receive its schedule).
  const ids = new Set(ctx.store.db.prepare('SELECT id FROM productions').pluck().all() as string[]);
  for (const d of ctx.store.list({ type: ASSETS_DOC_TYPE })) if (d.scope.startsWith('media:') && d.scope !== COMPANY_MEDIA_SCOPE) ids.add(d.scope.slice('media:'.length));
  return [...ids].sort().filter((p) => ctx.can(VIEW, mediaScope(p)));
}

function summary(a: Pick<Asset, 'title' | 'filename' | 'id'>): string {
  return a.title || a.filename || a.id;
}

const galleryRef = z.object({ production, assetId }).strict();
const galleryInput = z
  .object({
    production: production.nullable(),
    galleryId: galleryId.optional(),
    title: z.string().trim().min(1, 'a gallery needs a title').max(200),
    description: prose.default(''),
    items: z.array(galleryRef).max(1000).default([]),
    filter: z
      .object({ category: categoryId.nullable().default(null), tag: tag.nullable().default(null), kind: kind.nullable().default(null) })
      .strict()
      .nullable()
      .default(null),
    cover: galleryRef.nullable().default(null),
  })
  .strict();

/** Resolves a gallery's items (hand-picked, then the smart filter's matches) to visible assets. */
function resolveGallery(ctx: HandlerContext, g: Gallery, limit: number) {
  const visible = visibleProductions(ctx);
  const canSee = (p: string) => visible === 'all' || visible.includes(p);
  const seen = new Set<string>();
  const items: Array<ReturnType<typeof view>> = [];
  for (const ref of g.items) {
    if (items.length >= limit || !canSee(ref.productionId)) continue;
    const loc = findAsset(ctx.store.db, ref.assetId);
    if (!loc || loc.asset.productionId !== ref.productionId || seen.has(ref.assetId)) continue;
    seen.add(ref.assetId);
    items.push(view(ctx, loc.asset));
  }
  if (g.filter && items.length < limit) {
    const filter: AssetFilter = {};
    if (g.productionId) filter.productionId = g.productionId;
    if (g.filter.category) filter.category = g.filter.category;
    if (g.filter.tag) filter.tag = g.filter.tag;
    if (g.filter.kind) filter.kind = g.filter.kind;
    const page = searchAssets(ctx.store.db, filter, { productions: visible }, { limit: limit + seen.size });
    for (const a of page.items) {
      if (items.length >= limit) break;
      if (!seen.has(a.id)) items.push(view(ctx, a));
    }
  }
  const coverLoc = g.cover && canSee(g.cover.productionId) ? findAsset(ctx.store.db, g.cover.assetId) : undefined;
  return { ...g, coverAsset: coverLoc ? view(ctx, coverLoc.asset) : (items[0] ?? null), resolved: items };
}

export const mediaProcedures = {
  'media.categories': procedure({
    name: 'media.categories',
    description: 'Media categories: the built-in ones and those the company added.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: authenticated,
    handler: (_input, ctx) => listCategories(ctx.store),
  }),
  'media.addCategory': procedure({
    name: 'media.addCategory',
    description: 'Adds a company-defined media category.',
    kind: 'mutation',
    input: z.object({ name: z.string().trim().min(1, 'must not be empty').max(60) }).strict(),
    permission: grant(EDIT, COMPANY_MEDIA_SCOPE),
    handler: (input, ctx) => {
      const c = addCategory(ctx.store, input.name, ctx.clock.now());
      ctx.audit({ target: `media-category:${c.id}`, summary: `Added media category "${c.name}"`, after: c });
      return c;
    },
  }),

  // ---- uploads ----------------------------------------------------------------------------
  'media.beginUpload': procedure({
    name: 'media.beginUpload',
    description:
      'Starts a resumable upload of one file (declared size and SHA-256). Answers duplicates already in the production instead, unless allowDuplicate. Bytes then go to PUT /media/uploads/<uploadId>?offset=N.',
    kind: 'mutation',
    input: z
      .object({
        production,
        filename: z.string().trim().min(1).max(255).refine((f) => !/[\\/\0]/.test(f), 'a file name, not a path'),
        size: z.number().int().min(0),
        sha256: hash,
        allowDuplicate: z.boolean().default(false),
      })
      .strict(),
    permission: { action: UPLOAD, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      requireProduction(ctx, input.production);
      const duplicates = assetsWithHash(ctx.store.db, input.sha256, input.production).map((a) => ({ assetId: a.id, title: summary(a) }));
      if (duplicates.length > 0 && !input.allowDuplicate) {
        ctx.audit({ target: mediaScope(input.production), summary: `Upload of ${input.filename} not started: already in the gallery` });
        return { uploadId: null, duplicates, offset: 0, chunkSize: ctx.services.media.uploads.limits.chunkSize };
      }
      const s = ctx.services.media.uploads.begin({
        userId: ctx.principal.userId,
        productionId: input.production,
        filename: input.filename,
        size: input.size,
        sha256: input.sha256 as BlobHash,
      });
      ctx.audit({ target: `upload:${s.id}`, summary: `Started uploading ${input.filename} (${input.size} bytes) to ${input.production}` });
      return { uploadId: s.id, duplicates, offset: 0, chunkSize: ctx.services.media.uploads.limits.chunkSize };
    },
  }),
  'media.uploadStatus': procedure({
    name: 'media.uploadStatus',
    description: 'Where an upload of yours stands: the offset to resume from, and whether it is stored.',
    kind: 'query',
    input: z.object({ production, uploadId: z.string().trim().min(1).max(100) }).strict(),
    permission: { action: UPLOAD, scope: (i) => mediaScope(i.production) },
    handler: async (input, ctx) => {
      const s = ctx.services.media.uploads.own(ctx.principal.userId, input.uploadId);
      if (s.productionId !== input.production) throw new CallboardError('not_found', `No upload ${input.uploadId} of yours`, { field: 'uploadId' });
      const offset = await ctx.services.media.uploads.resumeOffset(ctx.principal.userId, input.uploadId);
      const now = ctx.services.media.uploads.get(input.uploadId)!;
      return { uploadId: now.id, filename: now.filename, size: now.size, offset, state: now.state, error: now.error, probe: now.probe };
    },
  }),
  'media.cancelUpload': procedure({
    name: 'media.cancelUpload',
    description: 'Abandons an upload of yours and deletes its partial file.',
    kind: 'mutation',
    input: z.object({ production, uploadId: z.string().trim().min(1).max(100) }).strict(),
    permission: { action: UPLOAD, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const s = ctx.services.media.uploads.own(ctx.principal.userId, input.uploadId);
      ctx.services.media.uploads.discard(s.id);
      ctx.audit({ target: `upload:${s.id}`, summary: `Cancelled the upload of ${s.filename}` });
      return { cancelled: s.id };
    },
  }),
  'media.completeUpload': procedure({
    name: 'media.completeUpload',
    description:
      'Registers a fully received and verified upload as an asset (or, with posterFor, as the poster image of a local video). Renditions are then made in the background.',
    kind: 'mutation',
    input: z
      .object({
        production,
        uploadId: z.string().trim().min(1).max(100),
        kind: kind.optional(),
        posterFor: assetId.optional(),
        ...metadata,
        category: categoryId.optional(),
      })
      .strict(),
    permission: { action: UPLOAD, scope: (i) => mediaScope(i.production) },
    // A video's poster frame and duration come from ffmpeg: slow, so before the transaction.
    prepare: async (input, ctx) => {
      if (input.posterFor) return null;
      const s = ctx.services.media.uploads.own(ctx.principal.userId, input.uploadId);
      if (s.productionId !== input.production || s.state !== 'stored' || !s.probe?.mime.startsWith('video/')) return null;
      return ctx.services.media.videoPoster(toBlobHash(s.sha256));
    },
    handler: (input, ctx, video) => {
      const media = ctx.services.media;
      const s = media.uploads.own(ctx.principal.userId, input.uploadId);
      if (s.productionId !== input.production) throw new CallboardError('not_found', `No upload ${input.uploadId} of yours`, { field: 'uploadId' });
      if (s.state !== 'stored' || !s.probe) {
        throw new CallboardError(
          'conflict',
          s.state === 'failed' ? `The upload failed: ${s.error ?? 'unknown'}` : `The upload has ${s.received} of ${s.size} bytes; send the rest first`,
          { field: 'uploadId', received: s.received, size: s.size },
        );
      }
      const probe = s.probe;
      const now = ctx.clock.now();
      if (input.posterFor) {
        if (!probe.mime.startsWith('image/')) throw new CallboardError('invalid', 'posterFor: a poster must be an image', { field: 'posterFor' });
        const { after } = updateAsset(ctx.store, input.production, input.posterFor, (a) => {
          if (a.kind !== 'video' || a.embed) throw new CallboardError('invalid', 'posterFor: only an uploaded video takes a poster image', { field: 'posterFor' });
          a.poster = s.sha256;
        }, now);
        media.uploads.discard(s.id);
        media.renditions.enqueue(s.sha256);
        ctx.audit({ target: `asset:${after.id}`, summary: `Set the poster image of "${summary(after)}"` });
        return view(ctx, after);
      }
      if (!input.category) throw new CallboardError('invalid', 'category: choose a category', { field: 'category' });
      requireCategory(ctx, input.category);
      const k = input.kind ?? probe.kind;
      if (!kindFits(k, probe.mime)) throw new CallboardError('invalid', `kind: a ${probe.mime} file cannot be a ${k}`, { field: 'kind' });
      const asset: Asset = {
        id: newAssetId(),
        productionId: input.production,
        kind: k,
        category: input.category,
        tags: dedupeTags(input.tags),
        title: input.title ?? '',
        caption: input.caption ?? '',
        alt: input.alt ?? '',
        credit: input.credit ?? null,
        takenAt: input.takenAt ?? probe.takenAt,
        width: probe.width ?? video?.width ?? null,
        height: probe.height ?? video?.height ?? null,
        durationSec: video?.durationSec ?? null,
        hash: s.sha256,
        size: s.size,
        mime: probe.mime,
        filename: s.filename,
        published: false,
        embed: null,
        poster: video?.posterHash ?? null,
        createdAt: now,
        createdBy: ctx.principal.userId,
        updatedAt: now,
      };
      addAsset(ctx.store, asset);
      media.uploads.discard(s.id);
      if (probe.mime.startsWith('image/')) media.renditions.enqueue(s.sha256);
      if (video?.posterHash) media.renditions.enqueue(video.posterHash);
      ctx.audit({ target: `asset:${asset.id}`, summary: `Uploaded ${s.filename} to ${input.production} as "${summary(asset)}"${video?.posterHash ? ' (poster frame from the video)' : ''}`, after: asset });
      // Why a video has no poster frame (e.g. ffmpeg missing here), for the person uploading.
      return { ...view(ctx, asset), notice: video?.notice ?? null };
    },
  }),
  'media.myUploads': procedure({
    name: 'media.myUploads',
    description: 'Your unfinished uploads (to resume or cancel them).',
    kind: 'query',
    input: z.object({}).strict(),
    permission: authenticated,
    handler: (_input, ctx) =>
      ctx.services.media.uploads
        .listFor(ctx.principal.userId)
        .map((s) => ({ uploadId: s.id, production: s.productionId, filename: s.filename, size: s.size, received: s.received, state: s.state, error: s.error })),
  }),

  // ---- assets -----------------------------------------------------------------------------
  'media.addVideo': procedure({
    name: 'media.addVideo',
    description: 'Adds a YouTube or Vimeo video by its link; it plays through the privacy-enhanced player.',
    kind: 'mutation',
    input: z.object({ production, url: z.string().max(4096), ...metadata }).strict(),
    permission: { action: UPLOAD, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const embed = parseVideoUrl(input.url);
      requireProduction(ctx, input.production);
      requireCategory(ctx, input.category);
      const now = ctx.clock.now();
      const asset: Asset = {
        id: newAssetId(),
        productionId: input.production,
        kind: 'video',
        category: input.category,
        tags: dedupeTags(input.tags),
        title: input.title ?? '',
        caption: input.caption ?? '',
        alt: input.alt ?? '',
        credit: input.credit ?? null,
        takenAt: input.takenAt ?? null,
        width: null,
        height: null,
        durationSec: null,
        hash: null,
        size: 0,
        mime: embed.provider === 'youtube' ? 'video/x-youtube' : 'video/x-vimeo',
        filename: '',
        published: false,
        embed,
        poster: null,
        createdAt: now,
        createdBy: ctx.principal.userId,
        updatedAt: now,
      };
      addAsset(ctx.store, asset);
      ctx.audit({ target: `asset:${asset.id}`, summary: `Added ${embed.provider} video "${summary(asset)}" to ${input.production}`, after: asset });
      return view(ctx, asset);
    },
  }),
  'media.parseVideoUrl': procedure({
    name: 'media.parseVideoUrl',
    description: 'Checks a YouTube or Vimeo link and returns its privacy-enhanced embed (for previews and the website video block).',
    kind: 'query',
    input: z.object({ url: z.string().max(4096) }).strict(),
    permission: authenticated,
    handler: (input) => {
      const embed = parseVideoUrl(input.url);
      return { ...embed, embedUrl: embedUrl(embed), watchUrl: watchUrl(embed) };
    },
  }),
  'media.get': procedure({
    name: 'media.get',
    description: 'One asset with its metadata, renditions and health on this replica.',
    kind: 'query',
    input: z.object({ production, assetId }).strict(),
    permission: { action: VIEW, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => view(ctx, getAsset(ctx.store, input.production, input.assetId).asset),
  }),
  'media.update': procedure({
    name: 'media.update',
    description: "Edits an asset's metadata (title, caption, alt text, category, tags, credit, date, kind).",
    kind: 'mutation',
    input: z
      .object({
        production,
        assetId,
        patch: z
          .object({ ...metadata, category: categoryId.optional(), tags: tags.optional(), kind: kind.optional() })
          .strict(),
      })
      .strict(),
    permission: { action: EDIT, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const p = input.patch;
      if (p.category !== undefined) requireCategory(ctx, p.category);
      const { before, after } = updateAsset(ctx.store, input.production, input.assetId, (a) => {
        if (p.title !== undefined) a.title = p.title;
        if (p.caption !== undefined) a.caption = p.caption;
        if (p.alt !== undefined) a.alt = p.alt;
        if (p.category !== undefined) a.category = p.category;
        if (p.tags !== undefined) a.tags = dedupeTags(p.tags);
        if (p.credit !== undefined) a.credit = p.credit;
        if (p.takenAt !== undefined) a.takenAt = p.takenAt;
        if (p.kind !== undefined) {
          if (a.embed ? p.kind !== 'video' : !kindFits(p.kind, a.mime)) throw new CallboardError('invalid', `patch.kind: a ${a.mime} asset cannot be a ${p.kind}`, { field: 'patch.kind' });
          a.kind = p.kind;
        }
        if (a.published && needsAlt(a) && a.alt.trim() === '') {
          throw new CallboardError('invalid', 'patch.alt: a published image needs alt text; unpublish it first', { field: 'patch.alt' });
        }
      }, ctx.clock.now());
      const changed = Object.keys(p).filter((k) => JSON.stringify((before as unknown as Record<string, unknown>)[k]) !== JSON.stringify((after as unknown as Record<string, unknown>)[k]));
      ctx.audit({ target: `asset:${after.id}`, summary: `Edited "${summary(after)}": ${changed.join(', ') || 'nothing'}`, before, after });
      return view(ctx, after);
    },
  }),
  'media.tag': procedure({
    name: 'media.tag',
    description: "Adds and removes tags on many assets of one production at once.",
    kind: 'mutation',
    input: z
      .object({ production, assetIds: z.array(assetId).min(1).max(500), add: tags.default([]), remove: tags.default([]) })
      .strict()
      .refine((i) => i.add.length + i.remove.length > 0, { message: 'name tags to add or remove', path: ['add'] }),
    permission: { action: EDIT, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const removeKeys = new Set(input.remove.map((t) => t.toLowerCase()));
      let changed = 0;
      for (const id of new Set(input.assetIds)) {
        const { before, after } = updateAsset(ctx.store, input.production, id, (a) => {
          a.tags = dedupeTags([...a.tags.filter((t) => !removeKeys.has(t.toLowerCase())), ...input.add]);
        }, ctx.clock.now());
        if (JSON.stringify(before.tags) !== JSON.stringify(after.tags)) changed++;
      }
      const what = [input.add.length ? `added ${input.add.join(', ')}` : '', input.remove.length ? `removed ${input.remove.join(', ')}` : ''].filter(Boolean).join('; ');
      ctx.audit({ target: mediaScope(input.production), summary: `Tagged ${changed} of ${input.assetIds.length} assets: ${what}` });
      return { changed };
    },
  }),
  'media.publish': procedure({
    name: 'media.publish',
    description: 'Publishes an asset for the website (images need alt text first) or withdraws it.',
    kind: 'mutation',
    input: z.object({ production, assetId, published: z.boolean().default(true) }).strict(),
    permission: { action: EDIT, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const { after } = updateAsset(ctx.store, input.production, input.assetId, (a) => {
        if (input.published && needsAlt(a) && a.alt.trim() === '') {
          throw new CallboardError('invalid', 'alt: an image needs alt text (a description for people who cannot see it) before it is published', {
            field: 'alt',
          });
        }
        a.published = input.published;
      }, ctx.clock.now());
      ctx.audit({ target: `asset:${after.id}`, summary: `${input.published ? 'Published' : 'Unpublished'} "${summary(after)}"` });
      return view(ctx, after);
    },
  }),
  'media.delete': procedure({
    name: 'media.delete',
    description: 'Removes an asset from the gallery (its bytes stay until no replica needs them; verify lists them as untracked).',
    kind: 'mutation',
    input: z.object({ production, assetId }).strict(),
    permission: { action: EDIT, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const a = removeAsset(ctx.store, input.production, input.assetId);
      ctx.audit({ target: `asset:${a.id}`, summary: `Deleted "${summary(a)}" from ${input.production}`, before: a });
      return { deleted: a.id };
    },
  }),
  'media.search': procedure({
    name: 'media.search',
    description:
      'Assets newest first, by production, category, tag, credited person, kind, date range and text, one page at a time (keyset cursor). Only productions whose media you may view.',
    kind: 'query',
    input: z
      .object({
        production: production.optional(),
        category: categoryId.optional(),
        tag: tag.optional(),
        person: z.string().trim().min(1).max(200).optional(),
        kind: kind.optional(),
        from: localDate.optional(),
        to: localDate.optional(),
        text: z.string().trim().max(200).optional(),
        published: z.boolean().optional(),
        needsAttention: z.boolean().optional(),
        cursor: z.string().max(1000).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    permission: authenticated,
    handler: (input, ctx) => {
      const { cursor, limit, production: p, ...rest } = input;
      const filter: AssetFilter = { ...rest, ...(p !== undefined ? { productionId: p } : {}) };
      const page = searchAssets(ctx.store.db, filter, { productions: visibleProductions(ctx) }, { limit, ...(cursor !== undefined ? { cursor } : {}) });
      return { items: page.items.map((a) => view(ctx, a)), nextCursor: page.nextCursor };
    },
  }),
  'media.processing': procedure({
    name: 'media.processing',
    description: 'Progress of background rendition work for some assets (thumbnails and web-size images).',
    kind: 'query',
    input: z.object({ production, assetIds: z.array(assetId).max(200) }).strict(),
    permission: { action: VIEW, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => {
      const items = input.assetIds.map((id) => {
        const a = getAsset(ctx.store, input.production, id).asset;
        const renditions = renditionsOf(ctx, a);
        return { assetId: id, done: renditions.filter((r) => r.state === 'done').length, failed: renditions.filter((r) => r.state === 'failed').length, total: renditions.length, renditions };
      });
      return { items, queue: ctx.services.media.renditions.counts() };
    },
  }),

  // ---- galleries ----------------------------------------------------------------------------
  'media.galleries': procedure({
    name: 'media.galleries',
    description: "A production's galleries (or the company's, with production null), with their covers.",
    kind: 'query',
    input: z.object({ production: production.nullable() }).strict(),
    permission: { action: VIEW, scope: (i) => galleriesScope(i.production) },
    handler: (input, ctx) => listGalleries(ctx.store, input.production).map((g) => {
      const r = resolveGallery(ctx, g, 1);
      return { ...g, coverAsset: r.coverAsset };
    }),
  }),
  'media.gallery': procedure({
    name: 'media.gallery',
    description: 'One gallery with its assets in order (hand-picked first, then smart-filter matches), as the app and the website show it.',
    kind: 'query',
    input: z.object({ production: production.nullable(), galleryId, limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    permission: { action: VIEW, scope: (i) => galleriesScope(i.production) },
    handler: (input, ctx) => resolveGallery(ctx, getGallery(ctx.store, input.production, input.galleryId), input.limit),
  }),
  'media.saveGallery': procedure({
    name: 'media.saveGallery',
    description: 'Creates or replaces a gallery: an ordered hand-picked selection and/or a smart filter, with a cover.',
    kind: 'mutation',
    input: galleryInput,
    permission: { action: EDIT, scope: (i) => galleriesScope(i.production) },
    handler: (input, ctx) => {
      if (input.production !== null) requireProduction(ctx, input.production);
      if (input.filter?.category) requireCategory(ctx, input.filter.category);
      for (const [i, ref] of input.items.entries()) {
        if (input.production !== null && ref.production !== input.production) {
          throw new CallboardError('invalid', `items[${i}]: a production gallery holds only its own production's assets`, { field: `items[${i}]` });
        }
        const loc = findAsset(ctx.store.db, ref.assetId);
        if (!loc || loc.asset.productionId !== ref.production) throw new CallboardError('invalid', `items[${i}]: no asset ${ref.assetId} in ${ref.production}`, { field: `items[${i}]` });
      }
      if (input.cover) {
        const loc = findAsset(ctx.store.db, input.cover.assetId);
        if (!loc || loc.asset.productionId !== input.cover.production) throw new CallboardError('invalid', `cover: no asset ${input.cover.assetId} in ${input.cover.production}`, { field: 'cover' });
      }
      const now = ctx.clock.now();
      const existing = input.galleryId ? getGallery(ctx.store, input.production, input.galleryId) : undefined;
      const g: Gallery = {
        id: existing?.id ?? newGalleryId(),
        productionId: input.production,
        title: input.title,
        description: input.description,
        items: [...new Map(input.items.map((r) => [r.assetId, { productionId: r.production, assetId: r.assetId }])).values()],
        filter: input.filter,
        cover: input.cover ? { productionId: input.cover.production, assetId: input.cover.assetId } : null,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      saveGallery(ctx.store, g);
      ctx.audit({ target: `gallery:${g.id}`, summary: `${existing ? 'Updated' : 'Created'} gallery "${g.title}" (${g.items.length} items)`, ...(existing ? { before: existing } : {}), after: g });
      return g;
    },
  }),
  'media.deleteGallery': procedure({
    name: 'media.deleteGallery',
    description: 'Deletes a gallery (its assets stay).',
    kind: 'mutation',
    input: z.object({ production: production.nullable(), galleryId }).strict(),
    permission: { action: EDIT, scope: (i) => galleriesScope(i.production) },
    handler: (input, ctx) => {
      const g = removeGallery(ctx.store, input.production, input.galleryId);
      ctx.audit({ target: `gallery:${g.id}`, summary: `Deleted gallery "${g.title}"`, before: g });
      return { deleted: g.id };
    },
  }),

  'media.download': procedure({
    name: 'media.download',
    description: 'Which blob to send for a web-size or thumbnail rendition (GPS-free); the daemon streams it at GET /media/blob/<production>/<assetId>/<variant>.',
    kind: 'query',
    input: z.object({ production, assetId, variant: z.enum(VARIANT_NAMES as [string, ...string[]]) }).strict(),
    permission: { action: VIEW, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => downloadTarget(view(ctx, getAsset(ctx.store, input.production, input.assetId).asset), input.variant),
  }),
  'media.downloadOriginal': procedure({
    name: 'media.downloadOriginal',
    description: "Which blob to send for an asset's original file (as uploaded, with its EXIF, location included): for those who edit the production's media.",
    kind: 'query',
    input: z.object({ production, assetId }).strict(),
    permission: { action: EDIT, scope: (i) => mediaScope(i.production) },
    handler: (input, ctx) => downloadTarget(view(ctx, getAsset(ctx.store, input.production, input.assetId).asset), 'original'),
  }),

  // ---- integrity ----------------------------------------------------------------------------
  'media.verify': procedure({
    name: 'media.verify',
    description:
      "Rehashes every blob of this replica's media store and records what it found (missing and corrupt blobs mark their assets; audited with a summary). Answers when done, with the report; follow its progress meanwhile with media.jobs.",
    kind: 'mutation',
    input: z.object({}).strict(),
    permission: grant(EDIT, COMPANY_MEDIA_SCOPE),
    prepare: (_input, ctx) => ctx.services.media.verify(),
    handler: (_input, ctx, prepared) => {
      ctx.services.media.applyVerify(prepared.outcome);
      const r = prepared.outcome.report;
      ctx.audit({ target: `media-store:${r.store}`, summary: verifySummary(r), after: { corrupt: r.corrupt.map((c) => c.hash), missing: r.missing.map((m) => m.hash), untracked: r.untracked.length, stray: r.stray.length } });
      return prepared.job;
    },
  }),
  'media.repair': procedure({
    name: 'media.repair',
    description:
      'Copies every blob this replica found missing or corrupt back from a configured replica store that holds the same hash (checked on the way in); audited with what was repaired. Progress meanwhile: media.jobs.',
    kind: 'mutation',
    input: z.object({ from: z.string().trim().min(1).max(50).optional() }).strict(),
    permission: grant(EDIT, COMPANY_MEDIA_SCOPE),
    prepare: (input, ctx) => ctx.services.media.repair(input.from),
    handler: (_input, ctx, job) => {
      const r = job.result!;
      ctx.services.media.applyRepair(r);
      ctx.audit({ target: `media-store:${ctx.services.media.blobs.name}`, summary: repairSummary(r), after: r });
      return job;
    },
  }),
  'media.jobs': procedure({
    name: 'media.jobs',
    description: 'Verify and repair jobs of this process, newest first, with their progress (a running media.verify or media.repair shows here).',
    kind: 'query',
    input: z.object({}).strict(),
    permission: grant(EDIT, COMPANY_MEDIA_SCOPE),
    handler: (_input, ctx) => ctx.services.media.jobs.list().slice(0, 20),
  }),
  'media.job': procedure({
    name: 'media.job',
    description: 'Progress and result of a verify or repair job (wait: true answers when it has finished).',
    kind: 'query',
    input: z.object({ jobId: z.string().trim().min(1).max(50), wait: z.boolean().default(false) }).strict(),
    permission: grant(EDIT, COMPANY_MEDIA_SCOPE),
    handler: async (input, ctx) => {
      const job = input.wait ? await ctx.services.media.jobs.wait(input.jobId) : ctx.services.media.jobs.get(input.jobId);
      if (!job) throw new CallboardError('not_found', `No job ${input.jobId} (jobs belong to the process that runs them)`, { field: 'jobId' });
      return job;
    },
  }),
  'media.transfers': procedure({
    name: 'media.transfers',
    description:
      'Files this device still lacks (assets that arrived by sync before their bytes) and the transfer from peers: how many, how many bytes, what is being fetched now, from whom.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: authenticated,
    handler: async (_input, ctx) => {
      const t = ctx.services.media.transfers;
      const missing = await t.missing();
      const sizeOf = ctx.store.db.prepare('SELECT max(size) FROM media_assets WHERE hash = ?').pluck();
      let missingBytes = 0;
      for (const h of missing) missingBytes += (sizeOf.get(h) as number | null) ?? 0;
      const status = t.status();
      return { ...status, missing: missing.length, missingBytes };
    },
  }),
  'media.integrity': procedure({
    name: 'media.integrity',
    description: "Assets whose bytes this replica found missing or corrupt (the integrity report), with the last check's time.",
    kind: 'query',
    input: z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict(),
    permission: authenticated,
    handler: (input, ctx) => {
      const page = searchAssets(ctx.store.db, { needsAttention: true }, { productions: visibleProductions(ctx) }, { limit: input.limit });
      const counts = ctx.store.db.prepare('SELECT status, count(*) AS n, max(checked_at) AS last FROM media_blob_health GROUP BY status').all() as Array<{ status: string; n: number; last: number }>;
      return {
        items: page.items.map((a) => view(ctx, a)),
        blobs: Object.fromEntries(counts.map((c) => [c.status, c.n])),
        lastCheckedAt: counts.reduce<number | null>((m, c) => (m === null || c.last > m ? c.last : m), null),
        replicas: [...ctx.services.media.replicas.keys()],
        store: ctx.services.media.blobs.name,
      };
    },
  }),
};

/** Resolves the blob behind a download (used by the daemon's byte route after media.get authorized it). */
export function downloadTarget(a: ReturnType<typeof view>, variant: string): { hash: BlobHash; mime: string; filename: string } {
  if (variant === 'original') {
    if (!a.hash) throw new CallboardError('not_found', 'An embedded video has no file', { field: 'variant' });
    return { hash: toBlobHash(a.hash), mime: a.mime, filename: a.filename || `${a.id}` };
  }
  if (!(VARIANT_NAMES as readonly string[]).includes(variant)) throw new CallboardError('invalid', `variant: original, ${VARIANT_NAMES.join(', ')}`, { field: 'variant' });
  const r = a.renditions.find((x) => x.variant === variant && x.state === 'done' && x.hash);
  if (!r) throw new CallboardError('not_found', `The ${variant} rendition is not ready yet`, { field: 'variant' });
  return { hash: toBlobHash(r.hash!), mime: r.mime ?? 'application/octet-stream', filename: `${a.id}-${variant}` };
}

export type MediaAssetView = ReturnType<typeof view>;
