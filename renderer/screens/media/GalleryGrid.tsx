import { useInfiniteQuery } from '@tanstack/react-query';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useClient } from '../../data/client-context.tsx';
import { apiKey } from '../../data/queries.ts';
import type { ProcedureInput } from '../../api/types.ts';
import { ScreenError } from '../../shell/QueryState.tsx';
import { useImageUrl } from './transfer.tsx';
import { searchInput, type AssetView, type Filters } from './types.ts';

const TILE = 180;
const PAGE = 60;
const FALLBACK_RECT = { width: 4 * TILE, height: 3 * (TILE + 40) };

/** The media.search pages for a set of filters, fetched page by page with the keyset cursor. */
export function useAssetPages(filters: Filters) {
  const client = useClient();
  const base = { ...searchInput(filters), limit: PAGE } as ProcedureInput<'media.search'>;
  return useInfiniteQuery({
    queryKey: apiKey('media.search', base),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => client.invoke('media.search', pageParam ? { ...base, cursor: pageParam } : base),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function Thumb({ asset }: { asset: AssetView }) {
  const url = useImageUrl(asset.urls.thumb);
  if (url) return <img src={url} alt={asset.alt} loading="lazy" width={TILE - 20} />;
  const label = asset.embed ? `${asset.embed.provider === 'youtube' ? 'YouTube' : 'Vimeo'} video` : asset.processing.total > asset.processing.done ? 'Preparing preview…' : asset.kind;
  return (
    <span className="media-thumb-placeholder" aria-hidden="true">
      {label}
    </span>
  );
}

/**
 * The grid: rows of tiles, virtualized (only the rows in view are in the page) and loading
 * the next page as the last rows come into view. Tiles can be selected for bulk tagging.
 */
export function GalleryGrid({
  filters,
  selected,
  onToggle,
  onOpen,
}: {
  filters: Filters;
  selected: ReadonlySet<string>;
  onToggle: (asset: AssetView) => void;
  onOpen: (asset: AssetView) => void;
}) {
  const pages = useAssetPages(filters);
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const columns = Math.max(1, Math.floor((width || 4 * TILE) / TILE));
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = Math.ceil(items.length / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE + 40,
    overscan: 3,
    initialRect: FALLBACK_RECT,
    // Before layout (a hidden tab, a test DOM) the scroller measures 0 × 0: show a screenful anyway.
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastRow = virtualRows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastRow >= rows - 1 && pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
  }, [lastRow, rows, pages]);

  if (pages.error) return <ScreenError error={pages.error} what="media" onRetry={() => void pages.refetch()} />;
  if (pages.isPending) return <p role="status">Loading media…</p>;
  if (items.length === 0) return <p className="empty">No media matches these filters.</p>;
  return (
    <div>
      <div ref={scroller} className="media-grid-scroller" style={{ height: '60vh', overflow: 'auto' }} role="list" aria-label="Media">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => (
            <div key={row.key} className="media-grid-row" style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start}px)`, display: 'flex', gap: 12 }}>
              {items.slice(row.index * columns, row.index * columns + columns).map((a) => (
                <div key={a.id} role="listitem" className={`media-tile${selected.has(a.id) ? ' is-selected' : ''}`} style={{ width: TILE - 12 }}>
                  <button type="button" className="media-tile-open" onClick={() => onOpen(a)} aria-label={`Open ${a.title || a.filename || a.id}`}>
                    <Thumb asset={a} />
                  </button>
                  <label className="media-tile-caption">
                    <input type="checkbox" checked={selected.has(a.id)} onChange={() => onToggle(a)} aria-label={`Select ${a.title || a.filename || a.id}`} />
                    <span>{a.title || a.filename || 'Untitled'}</span>
                  </label>
                  {a.status !== 'ready' && <span className="badge badge-warning">{a.status}</span>}
                  {a.published && <span className="badge">published</span>}
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
      <p className="media-grid-footer" role="status">
        {items.length} shown{pages.hasNextPage ? '' : ' (all)'}
        {pages.hasNextPage && (
          <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </p>
    </div>
  );
}
