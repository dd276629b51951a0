import type * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import { imm, LIMITS, str, strOrNull, TEXT_STYLES, type Block, type BlockContent, type BlockRecord, type BlockType, type MediaRef, type Span } from './model.ts';
import type { References } from './references.ts';
import { readSpans, writeSpans, writeText } from './richtext.ts';
import { cleanSpans, cleanText, requireUrl, spansText } from './sanitize.ts';

/**
 * Blocks: validation and cleaning on the way in (text cleaned, URLs checked, references
 * checked against the other domains' tables), and the mapping between a block's API form
 * and its stored form. Field kinds: `text` collaborative plain text, `spans` collaborative
 * text with marks, `imm` immutable string, `ref` a media reference, `num` a number.
 */

type FieldKind = 'text' | 'spans' | 'imm' | 'immOrNull' | 'ref' | 'num';
const FIELDS: Record<BlockType, Record<string, FieldKind>> = {
  heading: { text: 'text', level: 'num' },
  text: { style: 'imm', spans: 'spans' },
  image: { asset: 'ref', caption: 'text', alt: 'text' },
  video: { asset: 'ref', caption: 'text' },
  castList: { productionId: 'imm', title: 'text' },
  schedule: { productionId: 'imm', title: 'text' },
  ticketLink: { performanceId: 'imm', label: 'text' },
  gallery: { galleryProductionId: 'immOrNull', galleryId: 'imm', title: 'text' },
  callout: { tone: 'imm', title: 'text', spans: 'spans', linkLabel: 'text', linkUrl: 'imm' },
};

const invalid = (field: string, message: string) => new CallboardError('invalid', `${field}: ${message}`, { field, issues: [{ field, message }] });

/** Cleans a block's text and URLs and checks its references; returns the cleaned content. */
export function cleanBlock(input: BlockContent, refs: References, field = 'block'): BlockContent {
  const line = (v: string, f: string, max: number = LIMITS.headingChars) => cleanText(v, { field: `${field}.${f}`, max });
  switch (input.type) {
    case 'heading': {
      const text = line(input.text, 'text');
      if (text === '') throw invalid(`${field}.text`, 'a heading needs text');
      return { type: 'heading', text, level: input.level === 3 ? 3 : 2 };
    }
    case 'text':
      if (!(TEXT_STYLES as readonly string[]).includes(input.style)) throw invalid(`${field}.style`, 'unknown text style');
      return { type: 'text', style: input.style, spans: cleanSpans(input.spans, `${field}.spans`) };
    case 'image': {
      const asset = refs.asset(input.asset);
      if (!asset) throw invalid(`${field}.asset`, `no media asset ${input.asset.assetId} in production ${input.asset.productionId}`);
      if (!asset.mime.startsWith('image/') && asset.kind !== 'photo' && asset.kind !== 'poster') throw invalid(`${field}.asset`, 'this asset is not an image');
      const alt = line(input.alt, 'alt', LIMITS.captionChars);
      if (alt === '' && asset.alt.trim() === '') throw invalid(`${field}.alt`, 'images need alt text (describe the image, or set it on the media asset)');
      return { type: 'image', asset: { ...input.asset }, caption: line(input.caption, 'caption', LIMITS.captionChars), alt };
    }
    case 'video': {
      const asset = refs.asset(input.asset);
      if (!asset) throw invalid(`${field}.asset`, `no media asset ${input.asset.assetId} in production ${input.asset.productionId}`);
      if (asset.kind !== 'video') throw invalid(`${field}.asset`, 'this asset is not a video');
      return { type: 'video', asset: { ...input.asset }, caption: line(input.caption, 'caption', LIMITS.captionChars) };
    }
    case 'castList':
    case 'schedule':
      if (!refs.production(input.productionId)) throw invalid(`${field}.productionId`, `no production ${input.productionId}`);
      return { type: input.type, productionId: input.productionId, title: line(input.title, 'title') };
    case 'ticketLink':
      if (!refs.performance(input.performanceId)) throw invalid(`${field}.performanceId`, `no performance ${input.performanceId}`);
      return { type: 'ticketLink', performanceId: input.performanceId, label: line(input.label, 'label') };
    case 'gallery':
      if (!refs.gallery(input.galleryProductionId, input.galleryId)) throw invalid(`${field}.galleryId`, `no gallery ${input.galleryId}`);
      return { type: 'gallery', galleryProductionId: input.galleryProductionId, galleryId: input.galleryId, title: line(input.title, 'title') };
    case 'callout': {
      const linkUrl = input.linkUrl === '' ? '' : requireUrl(input.linkUrl, `${field}.linkUrl`);
      return {
        type: 'callout',
        tone: input.tone === 'highlight' ? 'highlight' : 'info',
        title: line(input.title, 'title'),
        spans: cleanSpans(input.spans, `${field}.spans`),
        linkLabel: line(input.linkLabel, 'linkLabel'),
        linkUrl,
      };
    }
    default:
      throw invalid(`${field}.type`, `unknown block type "${String((input as { type: unknown }).type)}"`);
  }
}

/** Characters of text a block holds (for the page size limit). */
export function blockChars(b: BlockContent): number {
  let n = 0;
  for (const [k, v] of Object.entries(b)) {
    if (k === 'spans') n += spansText(v as Span[]).length;
    else if (typeof v === 'string') n += v.length;
  }
  return n;
}

/** Writes cleaned content into a block record inside a change (minimal text edits). */
export function writeBlock(root: A.Doc<unknown>, path: A.Prop[], record: BlockRecord, content: BlockContent): void {
  const fields = FIELDS[content.type];
  const values = content as unknown as Record<string, unknown>;
  for (const [name, kind] of Object.entries(fields)) {
    const v = values[name];
    switch (kind) {
      case 'text':
        if (typeof record[name] !== 'string') record[name] = '';
        writeText(root, [...path, name], String(v ?? ''));
        break;
      case 'spans':
        if (typeof record.text !== 'string') record.text = '';
        writeSpans(root, [...path, 'text'], v as Span[]);
        break;
      case 'imm':
        if (str(record[name] as string) !== String(v)) record[name] = imm(String(v));
        break;
      case 'immOrNull': {
        const next = v === null || v === undefined ? null : String(v);
        if (strOrNull(record[name] as string | null) !== next) record[name] = next === null ? null : imm(next);
        break;
      }
      case 'ref': {
        const ref = v as MediaRef;
        const cur = record[name] as { productionId: A.ImmutableString; assetId: A.ImmutableString } | undefined;
        if (!cur || str(cur.productionId) !== ref.productionId || str(cur.assetId) !== ref.assetId) {
          record[name] = { productionId: imm(ref.productionId), assetId: imm(ref.assetId) };
        }
        break;
      }
      case 'num':
        if (record[name] !== v) record[name] = Number(v);
        break;
    }
  }
}

/** A stored block in its API form (`path` locates it in `doc`, for its marks). */
export function readBlock(doc: A.Doc<unknown>, path: A.Prop[], record: BlockRecord): Block | undefined {
  const type = str(record.type) as BlockType;
  const fields = FIELDS[type];
  if (!fields) return undefined;
  const out: Record<string, unknown> = { id: str(record.id), type };
  for (const [name, kind] of Object.entries(fields)) {
    const v = record[name];
    switch (kind) {
      case 'text':
        out[name] = typeof v === 'string' ? v : str(v as A.ImmutableString);
        break;
      case 'spans':
        out[name] = readSpans(doc, [...path, 'text']);
        break;
      case 'imm':
        out[name] = str(v as A.ImmutableString);
        break;
      case 'immOrNull':
        out[name] = strOrNull(v as A.ImmutableString | null);
        break;
      case 'ref': {
        const r = v as { productionId: A.ImmutableString; assetId: A.ImmutableString } | undefined;
        out[name] = { productionId: str(r?.productionId), assetId: str(r?.assetId) };
        break;
      }
      case 'num':
        out[name] = typeof v === 'number' ? v : 2;
        break;
    }
  }
  return out as unknown as Block;
}
