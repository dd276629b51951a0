import { useState } from 'react';
import type { ProcedureInput, ProcedureOutput } from '../../api/types.ts';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';

type BlockContent = ProcedureInput<'pages.addBlock'>['block'];
export type ReferencedType = 'image' | 'video' | 'castList' | 'schedule' | 'ticketLink' | 'gallery';
type OptionKind = ProcedureInput<'pages.blockOptions'>['kind'];
type Option = ProcedureOutput<'pages.blockOptions'>['options'][number];

export const REFERENCED_TYPES: readonly ReferencedType[] = ['image', 'video', 'castList', 'schedule', 'ticketLink', 'gallery'];

const KIND: Record<ReferencedType, OptionKind> = {
  image: 'image',
  video: 'video',
  castList: 'production',
  schedule: 'production',
  ticketLink: 'performance',
  gallery: 'gallery',
};

const PROMPT: Record<ReferencedType, string> = {
  image: 'Choose a photo from the media gallery',
  video: 'Choose a video from the media gallery',
  castList: 'Choose the production whose cast and company to list',
  schedule: 'Choose the production whose public dates to show',
  ticketLink: 'Choose the performance to sell tickets for',
  gallery: 'Choose a gallery',
};

/** The production a page is about: the first one its blocks refer to (the pickers start there). */
export function pageProduction(blocks: readonly BlockContent[]): string | null {
  for (const b of blocks) {
    if (b.type === 'image' || b.type === 'video') return b.asset.productionId;
    if (b.type === 'castList' || b.type === 'schedule') return b.productionId;
    if (b.type === 'gallery' && b.galleryProductionId) return b.galleryProductionId;
  }
  return null;
}

/** The block a picked option makes, with sensible words the editor can change afterwards. */
export function blockFor(type: ReferencedType, o: Option, alt: string): BlockContent {
  switch (type) {
    case 'image':
      return { type: 'image', asset: { productionId: o.productionId ?? '', assetId: o.id }, caption: '', alt };
    case 'video':
      return { type: 'video', asset: { productionId: o.productionId ?? '', assetId: o.id }, caption: '' };
    case 'castList':
      return { type: 'castList', productionId: o.id, title: 'Cast and company' };
    case 'schedule':
      return { type: 'schedule', productionId: o.id, title: 'Dates' };
    case 'ticketLink':
      return { type: 'ticketLink', performanceId: o.id, label: 'Buy tickets' };
    case 'gallery':
      return { type: 'gallery', galleryProductionId: o.productionId, galleryId: o.id, title: o.label };
  }
}

/**
 * Picks what a referenced block shows: media (of the page's production, another, or any),
 * a production, a performance or a gallery. Lists come from `pages.blockOptions`, so an editor
 * who may edit the section can place anything the website may show.
 */
export function BlockPicker({
  sectionId,
  type,
  initialProduction,
  busy,
  onAdd,
}: {
  sectionId: string;
  type: ReferencedType;
  initialProduction: string | null;
  busy: boolean;
  onAdd: (block: BlockContent) => void;
}) {
  const kind = KIND[type];
  const [productionId, setProduction] = useState<string | null>(initialProduction);
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Option | null>(null);
  const [alt, setAlt] = useState('');
  const filterable = kind !== 'production';
  const options = useApiQuery('pages.blockOptions', { sectionId, kind, productionId: filterable ? productionId : null, query });
  const needsAlt = type === 'image' && chosen !== null && chosen.alt.trim() === '' && alt.trim() === '';
  return (
    <fieldset className="block-picker" aria-label={PROMPT[type]}>
      <legend>{PROMPT[type]}</legend>
      <div className="toolbar">
        {filterable && (
          <label>
            Production
            <select
              value={productionId ?? ''}
              onChange={(e) => {
                setProduction(e.target.value || null);
                setChosen(null);
              }}
            >
              <option value="">Any production</option>
              {(options.data?.productions ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Search
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Title or caption" />
        </label>
      </div>
      <QueryState query={options} what="the choices">
        {(data) =>
          data.options.length === 0 ? (
            <p className="empty-state">Nothing to choose{productionId ? ' for this production' : ''} yet.</p>
          ) : (
            <ul className="picker-options" role="radiogroup" aria-label={PROMPT[type]}>
              {data.options.map((o) => (
                <li key={`${o.productionId ?? ''}/${o.id}`}>
                  <label className="picker-option">
                    <input
                      type="radio"
                      name={`pick-${type}`}
                      checked={chosen?.id === o.id && chosen.productionId === o.productionId}
                      onChange={() => {
                        setChosen(o);
                        setAlt('');
                      }}
                    />
                    <span>
                      {o.label}
                      <span className="hint"> · {o.detail}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {type === 'image' && chosen && (
        <label className="field-wide">
          Alt text {chosen.alt ? '(optional: the photo has its own)' : '(required)'}
          <input value={alt} onChange={(e) => setAlt(e.target.value)} placeholder={chosen.alt || 'Describe the photo for people who cannot see it'} />
        </label>
      )}
      <button type="button" className="button" disabled={busy || !chosen || needsAlt} onClick={() => chosen && onAdd(blockFor(type, chosen, alt.trim()))}>
        Add {type === 'castList' ? 'cast list' : type === 'ticketLink' ? 'ticket link' : type}
      </button>
      {needsAlt && <p className="hint">Write alt text: this photo has none.</p>}
    </fieldset>
  );
}
