import { parse as parseCsv } from 'csv-parse/sync';
import { CallboardError } from '../errors.ts';

/**
 * Seating chart layouts: a tree of areas (group, reserved seating, general admission with a
 * capacity), seats with row, number, position, flags and price zone, and the price zones.
 * A layout is validated whole and stored as one immutable JSON snapshot per chart version.
 */
export const SEAT_FLAGS = ['wheelchair', 'companion', 'restricted', 'aisle'] as const;
export type SeatFlag = (typeof SEAT_FLAGS)[number];
export const AREA_KINDS = ['group', 'reserved', 'ga'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export interface Zone {
  id: string;
  name: string;
  color: string;
}

export interface Area {
  id: string;
  name: string;
  kind: AreaKind;
  parent: string | null;
  /** General admission only: how many places it sells. */
  capacity?: number;
  /** General admission only: where the map draws it. */
  box?: { x: number; y: number; width: number; height: number };
  /** General admission only: the price zone of its places. */
  zone?: string;
}

export interface Seat {
  id: string;
  area: string;
  row: string;
  number: number;
  x: number;
  y: number;
  zone: string;
  flags: SeatFlag[];
}

export interface ChartLayout {
  width: number;
  height: number;
  stage: { x: number; y: number; width: number; height: number; label: string } | null;
  zones: Zone[];
  areas: Area[];
  seats: Seat[];
}

/** A sellable place: a reserved seat, or one numbered place of a general-admission area. */
export interface Place extends Seat {
  ga: boolean;
}

export const MAX_SEATS = 5000;
const SEAT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const PALETTE = ['#7b2d8e', '#1f6fb2', '#2e8b57', '#c77d00', '#b03a2e', '#4a5a6a'];

function bad(field: string, message: string): CallboardError {
  return new CallboardError('invalid', `Invalid chart: ${field}: ${message}`, { issues: [{ field, message }] });
}

/** Checks a layout whole; throws `invalid` naming the first bad field. */
export function validateLayout(layout: ChartLayout): ChartLayout {
  if (!(layout.width > 0) || !(layout.height > 0)) throw bad('width', 'width and height must be positive');
  const zones = new Set<string>();
  layout.zones.forEach((z, i) => {
    if (!SEAT_ID.test(z.id)) throw bad(`zones[${i}].id`, 'use letters, digits, . _ -');
    if (zones.has(z.id)) throw bad(`zones[${i}].id`, `zone "${z.id}" appears twice`);
    if (!COLOR.test(z.color)) throw bad(`zones[${i}].color`, 'use a #rrggbb color');
    zones.add(z.id);
  });
  if (zones.size === 0) throw bad('zones', 'a chart needs at least one price zone');
  const areas = new Map<string, Area>();
  layout.areas.forEach((a, i) => {
    if (!SEAT_ID.test(a.id)) throw bad(`areas[${i}].id`, 'use letters, digits, . _ -');
    if (areas.has(a.id)) throw bad(`areas[${i}].id`, `area "${a.id}" appears twice`);
    if (a.kind === 'ga') {
      if (!Number.isInteger(a.capacity) || a.capacity! < 1 || a.capacity! > MAX_SEATS) throw bad(`areas[${i}].capacity`, `a general-admission area needs a capacity of 1-${MAX_SEATS}`);
      if (!a.zone || !zones.has(a.zone)) throw bad(`areas[${i}].zone`, 'a general-admission area needs a known price zone');
    } else if (a.capacity !== undefined) {
      throw bad(`areas[${i}].capacity`, 'only general-admission areas have a capacity');
    }
    areas.set(a.id, a);
  });
  layout.areas.forEach((a, i) => {
    if (a.parent === null) return;
    const parent = areas.get(a.parent);
    if (!parent) throw bad(`areas[${i}].parent`, `no area "${a.parent}"`);
    if (parent.kind !== 'group') throw bad(`areas[${i}].parent`, `area "${a.parent}" is not a group`);
    const seen = new Set([a.id]);
    for (let p: Area | undefined = parent; p; p = p.parent ? areas.get(p.parent) : undefined) {
      if (seen.has(p.id)) throw bad(`areas[${i}].parent`, 'areas form a cycle');
      seen.add(p.id);
    }
  });
  const ids = new Set<string>();
  const positions = new Set<string>();
  layout.seats.forEach((s, i) => {
    if (!SEAT_ID.test(s.id)) throw bad(`seats[${i}].id`, 'use letters, digits, . _ - (at most 40)');
    if (ids.has(s.id)) throw bad(`seats[${i}].id`, `seat "${s.id}" appears twice`);
    ids.add(s.id);
    const area = areas.get(s.area);
    if (!area) throw bad(`seats[${i}].area`, `no area "${s.area}"`);
    if (area.kind !== 'reserved') throw bad(`seats[${i}].area`, `area "${s.area}" is not reserved seating`);
    if (!zones.has(s.zone)) throw bad(`seats[${i}].zone`, `no price zone "${s.zone}"`);
    if (!Number.isFinite(s.x) || !Number.isFinite(s.y)) throw bad(`seats[${i}].x`, 'positions must be numbers');
    if (s.x < 0 || s.y < 0 || s.x > layout.width || s.y > layout.height) throw bad(`seats[${i}].x`, 'the seat lies outside the chart');
    const pos = `${s.area}|${s.row}|${s.number}`;
    if (positions.has(pos)) throw bad(`seats[${i}].number`, `row ${s.row} seat ${s.number} appears twice`);
    positions.add(pos);
    for (const f of s.flags) if (!(SEAT_FLAGS as readonly string[]).includes(f)) throw bad(`seats[${i}].flags`, `unknown flag "${f}"`);
  });
  const total = layout.seats.length + layout.areas.reduce((n, a) => n + (a.kind === 'ga' ? a.capacity! : 0), 0);
  if (total === 0) throw bad('seats', 'a chart needs at least one seat or general-admission place');
  if (total > MAX_SEATS) throw bad('seats', `at most ${MAX_SEATS} places per chart`);
  return layout;
}

/** Every sellable place: reserved seats, then each general-admission area's numbered places. */
export function places(layout: ChartLayout): Place[] {
  const out: Place[] = layout.seats.map((s) => ({ ...s, ga: false }));
  for (const a of layout.areas) {
    if (a.kind !== 'ga') continue;
    const box = a.box ?? { x: 0, y: 0, width: layout.width, height: layout.height };
    for (let n = 1; n <= a.capacity!; n++) {
      out.push({ id: `${a.id}-${n}`, area: a.id, row: '', number: n, x: box.x + box.width / 2, y: box.y + box.height / 2, zone: a.zone!, flags: [], ga: true });
    }
  }
  return out;
}

// ---- generator -----------------------------------------------------------------------

export interface SectionSpec {
  area: string;
  name: string;
  parent?: string;
  /** Row labels front to back, or a count (A, B, … skipping I and O). */
  rows: string[] | number;
  /** Seats in every row, or one number per row. */
  seatsPerRow: number | number[];
  /** An aisle after these seat positions (1-based, counted from the left). */
  aislesAfter?: number[];
  /** How far (units) the row ends bend toward the stage. */
  curve?: number;
  origin?: { x: number; y: number };
  seatSpacing?: number;
  rowSpacing?: number;
  zone: string;
  /** Row label → zone, overriding `zone`. */
  zoneByRow?: Record<string, string>;
  /** Seat ids are `<prefix><row>-<number>`. */
  seatPrefix?: string;
  wheelchair?: Array<{ row: string; seats: number[] }>;
  companion?: Array<{ row: string; seats: number[] }>;
  restricted?: Array<{ row: string; seats: number[] }>;
}

export interface GeneratorSpec {
  zones: Zone[];
  stage?: { label: string; width: number; height: number } | null;
  groups?: Array<{ id: string; name: string; parent?: string }>;
  sections: SectionSpec[];
  ga?: Array<{ area: string; name: string; capacity: number; zone: string; parent?: string }>;
}

export function rowLabels(count: number): string[] {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ'.split('');
  return Array.from({ length: count }, (_, i) => (i < letters.length ? letters[i]! : `${letters[Math.floor(i / letters.length) - 1]}${letters[i % letters.length]}`));
}

const has = (list: Array<{ row: string; seats: number[] }> | undefined, row: string, n: number) =>
  list?.some((e) => e.row === row && e.seats.includes(n)) ?? false;

/** Builds a layout from rows × seats with aisles and curved rows. */
export function generateLayout(spec: GeneratorSpec): ChartLayout {
  const seats: Seat[] = [];
  const areas: Area[] = (spec.groups ?? []).map((g) => ({ id: g.id, name: g.name, kind: 'group' as const, parent: g.parent ?? null }));
  const stageH = spec.stage ? spec.stage.height : 0;
  let top = spec.stage ? 20 + stageH + 30 : 20;
  let width = spec.stage ? spec.stage.width + 40 : 100;
  spec.sections.forEach((sec, si) => {
    areas.push({ id: sec.area, name: sec.name, kind: 'reserved', parent: sec.parent ?? null });
    const labels = typeof sec.rows === 'number' ? rowLabels(sec.rows) : sec.rows;
    if (labels.length === 0) throw bad(`sections[${si}].rows`, 'a section needs at least one row');
    const counts = labels.map((_, r) => (Array.isArray(sec.seatsPerRow) ? sec.seatsPerRow[r] : sec.seatsPerRow));
    counts.forEach((c, r) => {
      if (!Number.isInteger(c) || c! < 1 || c! > 200) throw bad(`sections[${si}].seatsPerRow`, `row ${labels[r]} needs 1-200 seats`);
    });
    const sp = sec.seatSpacing ?? 24;
    const rs = sec.rowSpacing ?? 30;
    const aisles = [...(sec.aislesAfter ?? [])].sort((a, b) => a - b);
    const maxCount = Math.max(...(counts as number[]));
    const rowWidth = (n: number) => (n - 1) * sp + aisles.filter((a) => a < n).length * sp;
    const fullWidth = rowWidth(maxCount);
    const originX = sec.origin?.x ?? 20 + sp;
    const originY = sec.origin?.y ?? top;
    const curve = sec.curve ?? 0;
    labels.forEach((row, r) => {
      const n = counts[r]!;
      const w = rowWidth(n);
      const startX = originX + (fullWidth - w) / 2;
      let x = startX;
      for (let k = 1; k <= n; k++) {
        if (k > 1) x += sp + (aisles.includes(k - 1) ? sp : 0);
        const dx = (x - (originX + fullWidth / 2)) / Math.max(1, fullWidth / 2);
        const y = originY + r * rs - curve * dx * dx;
        const flags: SeatFlag[] = [];
        if (k === 1 || k === n || aisles.includes(k) || aisles.includes(k - 1)) flags.push('aisle');
        if (has(sec.wheelchair, row, k)) flags.push('wheelchair');
        if (has(sec.companion, row, k)) flags.push('companion');
        if (has(sec.restricted, row, k)) flags.push('restricted');
        seats.push({
          id: `${sec.seatPrefix ?? ''}${row}-${k}`,
          area: sec.area,
          row,
          number: k,
          x: Math.round(x * 10) / 10,
          y: Math.round(y * 10) / 10,
          zone: sec.zoneByRow?.[row] ?? sec.zone,
          flags,
        });
      }
    });
    width = Math.max(width, originX + fullWidth + sp + 20);
    top = originY + labels.length * rs + 30;
  });
  for (const g of spec.ga ?? []) {
    const box = { x: 20, y: top, width: Math.max(160, width - 40), height: 80 };
    areas.push({ id: g.area, name: g.name, kind: 'ga', parent: g.parent ?? null, capacity: g.capacity, zone: g.zone, box });
    top += box.height + 30;
    width = Math.max(width, box.width + 40);
  }
  const w = Math.ceil(width);
  const layout: ChartLayout = {
    width: w,
    height: Math.ceil(top),
    stage: spec.stage ? { x: (w - spec.stage.width) / 2, y: 20, width: spec.stage.width, height: spec.stage.height, label: spec.stage.label } : null,
    zones: spec.zones,
    areas,
    seats,
  };
  return validateLayout(layout);
}

// ---- CSV import ----------------------------------------------------------------------

/**
 * Imports a chart from CSV with a header row: `area,row,number,x,y,zone,flags` (optional
 * `id`; flags separated by `|`). Areas and zones are created from the values found.
 */
export function layoutFromCsv(csv: string): ChartLayout {
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  } catch (err) {
    throw bad('csv', `not readable CSV (${(err as Error).message})`);
  }
  if (records.length === 0) throw bad('csv', 'no seats');
  for (const col of ['area', 'row', 'number', 'x', 'y', 'zone']) {
    if (!(col in records[0]!)) throw bad('csv', `missing column "${col}"`);
  }
  const zones: Zone[] = [];
  const areas: Area[] = [];
  const seats: Seat[] = records.map((r, i) => {
    const number = Number(r.number);
    const x = Number(r.x);
    const y = Number(r.y);
    if (!Number.isInteger(number) || number < 0) throw bad(`csv line ${i + 2}: number`, `"${r.number}" is not a seat number`);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw bad(`csv line ${i + 2}: x`, 'x and y must be numbers');
    const zone = r.zone!;
    if (!zones.some((z) => z.id === zone)) zones.push({ id: zone, name: zone, color: PALETTE[zones.length % PALETTE.length]! });
    if (!areas.some((a) => a.id === r.area)) areas.push({ id: r.area!, name: r.area!, kind: 'reserved', parent: null });
    const flags = (r.flags ?? '').split(/[|;]/).map((f) => f.trim()).filter(Boolean) as SeatFlag[];
    return { id: r.id || `${r.row}-${number}`, area: r.area!, row: r.row!, number, x, y, zone, flags };
  });
  const width = Math.ceil(Math.max(...seats.map((s) => s.x)) + 40);
  const height = Math.ceil(Math.max(...seats.map((s) => s.y)) + 40);
  return validateLayout({ width, height, stage: null, zones, areas, seats });
}
