import { randomBytes } from 'node:crypto';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import {
  ASSETS_DOC_TYPE,
  COMPANY_MEDIA_SCOPE,
  GALLERIES_DOC_TYPE,
  MAX_ASSETS_PER_DOC,
  SETTINGS_DOC_ID,
  SETTINGS_DOC_TYPE,
  assetsDocId,
  galleriesDocId,
  galleriesScope,
  mediaScope,
} from './documents.ts';
import {
  BUILTIN_CATEGORIES,
  imm,
  str,
  toAsset,
  toGallery,
  toGalleryRecord,
  toRecord,
  type Asset,
  type Category,
  type Gallery,
  type MediaAssetsDoc,
  type MediaGalleriesDoc,
  type MediaSettingsDoc,
} from './model.ts';
import { findAsset, partCounts } from './queries.ts';

export function newAssetId(): string {
  return `ast-${randomBytes(8).toString('hex')}`;
}

export function newGalleryId(): string {
  return `gal-${randomBytes(6).toString('hex')}`;
}

/** The part document with room for one more asset, created when every part is full. */
function partFor(store: Store, productionId: string): string {
  const counts = partCounts(store.db, productionId);
  for (let part = 0; ; part++) {
    const docId = assetsDocId(productionId, part);
    if (!store.has(docId)) {
      store.create<MediaAssetsDoc>(
        docId,
        ASSETS_DOC_TYPE,
        mediaScope(productionId),
        (d) => {
          d.productionId = imm(productionId);
          d.part = part;
          d.assets = {};
        },
        { message: `create media part ${part} of ${productionId}` },
      );
      return docId;
    }
    if ((counts.get(docId) ?? 0) < MAX_ASSETS_PER_DOC) return docId;
  }
}

/** Adds an asset record to its production's media (synchronous: call inside a mutation). */
export function addAsset(store: Store, asset: Asset): { docId: string } {
  const docId = partFor(store, asset.productionId);
  store.change<MediaAssetsDoc>(docId, (d) => {
    d.assets[asset.id] = toRecord(asset);
  }, { message: `add asset ${asset.id}` });
  return { docId };
}

/** The asset as stored in its document (not the projection), checked to belong to `productionId`. */
export function getAsset(store: Store, productionId: string, assetId: string): { asset: Asset; docId: string } {
  const loc = findAsset(store.db, assetId);
  if (!loc || loc.asset.productionId !== productionId) {
    throw new CallboardError('not_found', `No asset ${assetId} in the media of ${productionId}`, { field: 'assetId' });
  }
  const record = store.doc<MediaAssetsDoc>(loc.docId).assets[assetId];
  if (!record) throw new CallboardError('not_found', `No asset ${assetId}`, { field: 'assetId' });
  return { asset: toAsset(record), docId: loc.docId };
}

/**
 * Applies `edit` to a copy of the asset and writes back only the fields that changed.
 * Returns the asset before and after.
 */
export function updateAsset(
  store: Store,
  productionId: string,
  assetId: string,
  edit: (a: Asset) => void,
  now: number,
): { before: Asset; after: Asset } {
  const { asset: before, docId } = getAsset(store, productionId, assetId);
  const after: Asset = structuredClone(before);
  edit(after);
  after.updatedAt = now;
  const next = toRecord(after);
  store.change<MediaAssetsDoc>(docId, (d) => {
    const r = d.assets[assetId]! as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(next)) {
      if (JSON.stringify((after as unknown as Record<string, unknown>)[k]) !== JSON.stringify((before as unknown as Record<string, unknown>)[k])) {
        r[k] = v;
      }
    }
  }, { message: `edit asset ${assetId}` });
  return { before, after };
}

export function removeAsset(store: Store, productionId: string, assetId: string): Asset {
  const { asset, docId } = getAsset(store, productionId, assetId);
  store.change<MediaAssetsDoc>(docId, (d) => {
    delete d.assets[assetId];
  }, { message: `delete asset ${assetId}` });
  return asset;
}

// ---- categories -----------------------------------------------------------------------

export function listCategories(store: Store): Category[] {
  const custom = store.has(SETTINGS_DOC_ID)
    ? Object.values(store.doc<MediaSettingsDoc>(SETTINGS_DOC_ID).categories ?? {})
        .map((c) => ({ id: str(c.id), name: str(c.name), builtIn: false }))
        .sort((a, b) => a.name.localeCompare(b.name))
    : [];
  return [...BUILTIN_CATEGORIES, ...custom];
}

export function categoryExists(store: Store, id: string): boolean {
  return listCategories(store).some((c) => c.id === id);
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function addCategory(store: Store, name: string, now: number): Category {
  const id = slugify(name);
  if (!id) throw new CallboardError('invalid', 'name: use some letters or digits', { field: 'name' });
  if (listCategories(store).some((c) => c.id === id || c.name.toLowerCase() === name.toLowerCase())) {
    throw new CallboardError('conflict', `A category "${name}" already exists`, { field: 'name' });
  }
  if (!store.has(SETTINGS_DOC_ID)) {
    store.create<MediaSettingsDoc>(SETTINGS_DOC_ID, SETTINGS_DOC_TYPE, COMPANY_MEDIA_SCOPE, (d) => {
      d.categories = {};
    });
  }
  store.change<MediaSettingsDoc>(SETTINGS_DOC_ID, (d) => {
    d.categories[id] = { id: imm(id), name: imm(name), createdAt: now };
  }, { message: `add category ${id}` });
  return { id, name, builtIn: false };
}

// ---- galleries --------------------------------------------------------------------------

function ensureGalleriesDoc(store: Store, productionId: string | null): string {
  const docId = galleriesDocId(productionId);
  if (!store.has(docId)) {
    store.create<MediaGalleriesDoc>(docId, GALLERIES_DOC_TYPE, galleriesScope(productionId), (d) => {
      d.productionId = productionId === null ? null : imm(productionId);
      d.galleries = {};
    });
  }
  return docId;
}

export function getGallery(store: Store, productionId: string | null, galleryId: string): Gallery {
  const docId = galleriesDocId(productionId);
  const record = store.has(docId) ? store.doc<MediaGalleriesDoc>(docId).galleries[galleryId] : undefined;
  if (!record) throw new CallboardError('not_found', `No gallery ${galleryId}`, { field: 'galleryId' });
  return toGallery(record);
}

export function listGalleries(store: Store, productionId: string | null): Gallery[] {
  const docId = galleriesDocId(productionId);
  if (!store.has(docId)) return [];
  return Object.values(store.doc<MediaGalleriesDoc>(docId).galleries ?? {})
    .map(toGallery)
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

export function saveGallery(store: Store, gallery: Gallery): void {
  const docId = ensureGalleriesDoc(store, gallery.productionId);
  store.change<MediaGalleriesDoc>(docId, (d) => {
    d.galleries[gallery.id] = toGalleryRecord(gallery);
  }, { message: `save gallery ${gallery.id}` });
}

export function removeGallery(store: Store, productionId: string | null, galleryId: string): Gallery {
  const g = getGallery(store, productionId, galleryId);
  store.change<MediaGalleriesDoc>(galleriesDocId(productionId), (d) => {
    delete d.galleries[galleryId];
  });
  return g;
}
