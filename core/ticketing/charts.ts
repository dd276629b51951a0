import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { validateLayout, type ChartLayout } from './chart.ts';
import { CHART_DOC_TYPE, chartDocId, imm, str, venueScope, type ChartDoc } from './model.ts';

/** Seating chart documents: create, publish a new version, read. */
export interface ChartSummary {
  id: string;
  venueId: string;
  spaceId: string;
  name: string;
  latest: number;
  versions: Array<{ version: number; createdAt: number; note: string; places: number }>;
}

function placeCount(layout: ChartLayout): number {
  return layout.seats.length + layout.areas.reduce((n, a) => n + (a.kind === 'ga' ? a.capacity ?? 0 : 0), 0);
}

export function chartSummary(doc: ChartDoc): ChartSummary {
  return {
    id: str(doc.chart.id),
    venueId: str(doc.chart.venueId),
    spaceId: str(doc.chart.spaceId),
    name: str(doc.chart.name),
    latest: doc.latest,
    versions: Object.values(doc.versions)
      .map((v) => ({ version: v.version, createdAt: v.createdAt, note: str(v.note), places: v.seats }))
      .sort((a, b) => a.version - b.version),
  };
}

export function createChart(
  store: Store,
  input: { chartId: string; venueId: string; spaceId: string; name: string; layout: ChartLayout; note: string },
  now: number,
): ChartSummary {
  const layout = validateLayout(input.layout);
  const id = chartDocId(input.chartId);
  if (store.has(id)) throw new CallboardError('conflict', `A seating chart ${input.chartId} already exists`, { field: 'chartId' });
  const doc = store.create<ChartDoc>(
    id,
    CHART_DOC_TYPE,
    venueScope(input.venueId),
    (d) => {
      d.chart = { id: imm(input.chartId), venueId: imm(input.venueId), spaceId: imm(input.spaceId), name: imm(input.name), createdAt: now };
      d.versions = { '1': { version: 1, createdAt: now, note: imm(input.note), layout: imm(JSON.stringify(layout)), seats: placeCount(layout) } };
      d.latest = 1;
    },
    { message: `create chart ${input.name}` },
  );
  return chartSummary(doc);
}

/** Loads a chart and checks it belongs to `venueId` (the scope the caller was allowed on). */
export function chartIn(store: Store, venueId: string, chartId: string): ChartDoc {
  const id = chartDocId(chartId);
  const info = store.info(id);
  if (!info || info.type !== CHART_DOC_TYPE || info.scope !== venueScope(venueId)) {
    throw new CallboardError('not_found', `No seating chart ${chartId} in venue ${venueId}`, { field: 'chartId' });
  }
  return store.doc<ChartDoc>(id);
}

/** Publishes a new version; performances already on sale keep the version they pinned. */
export function publishVersion(store: Store, input: { venueId: string; chartId: string; layout: ChartLayout; note: string; name?: string }, now: number): ChartSummary {
  chartIn(store, input.venueId, input.chartId);
  const layout = validateLayout(input.layout);
  const doc = store.change<ChartDoc>(chartDocId(input.chartId), (d) => {
    const v = d.latest + 1;
    d.versions[String(v)] = { version: v, createdAt: now, note: imm(input.note), layout: imm(JSON.stringify(layout)), seats: placeCount(layout) };
    d.latest = v;
    if (input.name) d.chart.name = imm(input.name);
  });
  return chartSummary(doc);
}

export function chartLayout(doc: ChartDoc, version?: number): { version: number; layout: ChartLayout } {
  const v = version ?? doc.latest;
  const rec = doc.versions[String(v)];
  if (!rec) throw new CallboardError('not_found', `Seating chart ${str(doc.chart.id)} has no version ${v}`, { field: 'version' });
  return { version: v, layout: JSON.parse(str(rec.layout)) as ChartLayout };
}
