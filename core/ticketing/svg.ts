import type { ChartLayout } from './chart.ts';

/**
 * The seat map as an SVG string: seats coloured by status, price zones as outlines,
 * wheelchair spaces as squares, restricted-view seats marked, a legend, and a <title> and
 * <desc> (plus one <title> per seat) for screen readers. Pure: the same input gives the
 * same bytes. The CLI writes it to a file; the renderer draws the same statuses and colours.
 */
export type MapStatus = 'available' | 'held' | 'sold' | 'killed' | 'unallocated' | 'selected';

export const STATUS_COLORS: Record<MapStatus, string> = {
  available: '#2e8b57',
  held: '#e0a100',
  sold: '#8a8f98',
  killed: '#2b2b2b',
  unallocated: '#c9cdd3',
  selected: '#1f6fb2',
};

export const STATUS_LABELS: Record<MapStatus, string> = {
  available: 'Available',
  held: 'Held',
  sold: 'Sold',
  killed: 'Not for sale',
  unallocated: 'Allocated elsewhere',
  selected: 'Selected',
};

export interface SeatMapInput {
  layout: ChartLayout;
  status: ReadonlyMap<string, MapStatus>;
  title: string;
  /** GA areas: how many places remain. */
  gaRemaining?: ReadonlyMap<string, number>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function renderSeatMap(input: SeatMapInput): string {
  const { layout, status } = input;
  const legendH = 70;
  const width = Math.max(layout.width, 520);
  const height = layout.height + legendH;
  const counts = new Map<MapStatus, number>();
  for (const s of layout.seats) {
    const st = status.get(s.id) ?? 'available';
    counts.set(st, (counts.get(st) ?? 0) + 1);
  }
  const zoneColor = new Map(layout.zones.map((z) => [z.id, z.color]));
  const zoneName = new Map(layout.zones.map((z) => [z.id, z.name]));
  const desc = `Seat map of ${input.title}: ${layout.seats.length} seats; ${(Object.keys(STATUS_LABELS) as MapStatus[]).filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${STATUS_LABELS[k].toLowerCase()}`).join(', ')}.`;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-labelledby="map-title map-desc" font-family="sans-serif">`);
  out.push(`<title id="map-title">${esc(input.title)}</title>`);
  out.push(`<desc id="map-desc">${esc(desc)}</desc>`);
  out.push(`<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`);
  if (layout.stage) {
    const s = layout.stage;
    out.push(`<g class="stage"><rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.width)}" height="${n(s.height)}" rx="6" fill="#f1e9dc" stroke="#8b6f47"/><text x="${n(s.x + s.width / 2)}" y="${n(s.y + s.height / 2 + 5)}" text-anchor="middle" font-size="14" fill="#5a4630">${esc(s.label)}</text></g>`);
  }
  for (const a of layout.areas) {
    if (a.kind !== 'ga' || !a.box) continue;
    const left = input.gaRemaining?.get(a.id);
    const b = a.box;
    out.push(
      `<g class="ga" data-area="${esc(a.id)}"><title>${esc(`${a.name}: general admission, ${left ?? a.capacity} of ${a.capacity} places available`)}</title><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="8" fill="${zoneColor.get(a.zone ?? '') ?? '#ddd'}" fill-opacity="0.25" stroke="${zoneColor.get(a.zone ?? '') ?? '#999'}"/><text x="${n(b.x + b.width / 2)}" y="${n(b.y + b.height / 2 + 5)}" text-anchor="middle" font-size="14">${esc(`${a.name} — ${left ?? a.capacity}/${a.capacity} available`)}</text></g>`,
    );
  }
  out.push('<g class="seats">');
  const r = 9;
  for (const s of layout.seats) {
    const st = status.get(s.id) ?? 'available';
    const fill = STATUS_COLORS[st];
    const stroke = zoneColor.get(s.zone) ?? '#333';
    const flags = s.flags.filter((f) => f !== 'aisle');
    const label = `Row ${s.row} seat ${s.number}, ${zoneName.get(s.zone) ?? s.zone}, ${STATUS_LABELS[st].toLowerCase()}${flags.length ? `, ${flags.join(', ').replace('restricted', 'restricted view')}` : ''}`;
    const shape = s.flags.includes('wheelchair')
      ? `<rect x="${n(s.x - r)}" y="${n(s.y - r)}" width="${2 * r}" height="${2 * r}" rx="2" fill="${fill}" stroke="${stroke}" stroke-width="2"/><text x="${n(s.x)}" y="${n(s.y + 4)}" text-anchor="middle" font-size="11" fill="#fff">♿</text>`
      : `<circle cx="${n(s.x)}" cy="${n(s.y)}" r="${r}" fill="${fill}" stroke="${stroke}" stroke-width="2"/>`;
    const mark = s.flags.includes('restricted') ? `<line x1="${n(s.x - 5)}" y1="${n(s.y + 5)}" x2="${n(s.x + 5)}" y2="${n(s.y - 5)}" stroke="#fff" stroke-width="2"/>` : s.flags.includes('companion') ? `<circle cx="${n(s.x)}" cy="${n(s.y)}" r="3" fill="#fff"/>` : '';
    out.push(`<g data-seat="${esc(s.id)}" data-status="${st}"><title>${esc(label)}</title>${shape}${mark}</g>`);
  }
  out.push('</g>');
  // Legend: statuses, then zones and symbols.
  const ly = layout.height + 16;
  out.push(`<g class="legend" aria-label="Legend">`);
  const statuses: MapStatus[] = ['available', 'held', 'sold', 'killed', 'unallocated'];
  statuses.forEach((st, i) => {
    const x = 16 + i * 100;
    out.push(`<circle cx="${x}" cy="${ly}" r="7" fill="${STATUS_COLORS[st]}"/><text x="${x + 12}" y="${ly + 4}" font-size="12">${STATUS_LABELS[st]}</text>`);
  });
  layout.zones.forEach((z, i) => {
    const x = 16 + i * 130;
    out.push(`<circle cx="${x}" cy="${ly + 24}" r="7" fill="#fff" stroke="${z.color}" stroke-width="3"/><text x="${x + 12}" y="${ly + 28}" font-size="12">${esc(z.name)}</text>`);
  });
  out.push(`<text x="16" y="${ly + 50}" font-size="12">♿ square: wheelchair space · dot: companion seat · slash: restricted view</text>`);
  out.push('</g></svg>');
  return out.join('\n');
}
