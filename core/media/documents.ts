/**
 * Where media metadata lives:
 *   `media:<production>:<n>`  type `media-assets`, scope `media:<production>`: the
 *                             production's assets, at most MAX_ASSETS_PER_DOC per part;
 *   `media-galleries:<production>`  type `media-galleries`, scope `media:<production>`;
 *   `media-galleries`         type `media-galleries`, scope `media:*`: company galleries;
 *   `media-settings`          type `media-settings`, scope `media:*`: company categories.
 */
export const ASSETS_DOC_TYPE = 'media-assets';
export const GALLERIES_DOC_TYPE = 'media-galleries';
export const SETTINGS_DOC_TYPE = 'media-settings';
export const SETTINGS_DOC_ID = 'media-settings';
export const COMPANY_GALLERIES_DOC_ID = 'media-galleries';
/** The scope of company-wide media (settings, company galleries): `media.edit` on it means every production. */
export const COMPANY_MEDIA_SCOPE = 'media:*';

/** Assets per document: loading is linear in assets (~25 fields each); see docs/decisions/0005-media.md. */
export const MAX_ASSETS_PER_DOC = 500;

export function mediaScope(productionId: string): string {
  return `media:${productionId}`;
}

export function assetsDocId(productionId: string, part: number): string {
  return `media:${productionId}:${part}`;
}

export function galleriesDocId(productionId: string | null): string {
  return productionId === null ? COMPANY_GALLERIES_DOC_ID : `media-galleries:${productionId}`;
}

export function galleriesScope(productionId: string | null): string {
  return productionId === null ? COMPANY_MEDIA_SCOPE : mediaScope(productionId);
}
