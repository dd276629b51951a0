import { useState } from 'react';
import { ScreenHeader } from '../../shell/ScreenHeader.tsx';
import { Tabs, type TabDef } from '../people/Tabs.tsx';
import { AssetDetail } from './AssetDetail.tsx';
import { BulkTagBar } from './BulkTagBar.tsx';
import { MediaFilters } from './Filters.tsx';
import { GalleryEditor } from './GalleryEditor.tsx';
import { GalleryGrid } from './GalleryGrid.tsx';
import { IntegrityReport } from './IntegrityReport.tsx';
import { UploadPanel } from './UploadPanel.tsx';
import { emptyFilters, type AssetView, type Filters } from './types.ts';

type TabId = 'browse' | 'upload' | 'galleries' | 'integrity';
const TABS: readonly TabDef<TabId>[] = [
  { id: 'browse', label: 'Browse' },
  { id: 'upload', label: 'Upload' },
  { id: 'galleries', label: 'Galleries' },
  { id: 'integrity', label: 'Integrity' },
];

/** Production media: the gallery grid with filters, asset details, uploads, galleries and the integrity report. */
export function MediaScreen() {
  const [tab, setTab] = useState<TabId>('browse');
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [open, setOpen] = useState<{ production: string; assetId: string } | null>(null);
  const [selection, setSelection] = useState<Map<string, string>>(new Map());
  const toggle = (a: AssetView) =>
    setSelection((s) => {
      const next = new Map(s);
      if (next.has(a.id)) next.delete(a.id);
      else next.set(a.id, a.productionId);
      return next;
    });
  return (
    <section className="screen media-screen">
      <ScreenHeader title="Media">
        <p>Production photos, videos, posters and press, by production and category.</p>
      </ScreenHeader>
      <Tabs label="Media" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'browse' && (
          <div className="media-browse">
            <MediaFilters value={filters} onChange={setFilters} />
            <BulkTagBar selection={selection} onDone={() => setSelection(new Map())} />
            <GalleryGrid filters={filters} selected={new Set(selection.keys())} onToggle={toggle} onOpen={(a) => setOpen({ production: a.productionId, assetId: a.id })} />
            {open && <AssetDetail production={open.production} assetId={open.assetId} onClose={() => setOpen(null)} />}
          </div>
        )}
        {tab === 'upload' && <UploadPanel defaultProduction={filters.production} />}
        {tab === 'galleries' && (
          <>
            <MediaFilters value={filters} onChange={setFilters} />
            <GalleryEditor production={filters.production} />
          </>
        )}
        {tab === 'integrity' && <IntegrityReport />}
      </Tabs>
    </section>
  );
}
