import type { Place } from './chart.ts';

/**
 * Best available: N adjacent free seats in one row segment (a run of seats not broken by
 * an aisle), never leaving a single empty seat beside the block when any block can avoid
 * it, in the asked price zone, including a wheelchair space when accessible seating is
 * asked, as close to the front centre as possible. General admission takes the
 * lowest-numbered free places. Pure and deterministic: same input, same seats.
 */
export interface BestRequest {
  count: number;
  zone?: string | null;
  accessible?: boolean;
}

export interface Segment {
  area: string;
  row: string;
  seats: Place[];
}

/** Splits reserved places into row segments, ordered left to right; aisles (gaps wider than 1.6× the row's usual spacing) split rows. */
export function rowSegments(all: readonly Place[]): Segment[] {
  const rows = new Map<string, Place[]>();
  for (const p of all) {
    if (p.ga) continue;
    const key = `${p.area}\u0000${p.row}`;
    const list = rows.get(key);
    if (list) list.push(p);
    else rows.set(key, [p]);
  }
  const out: Segment[] = [];
  for (const seats of rows.values()) {
    seats.sort((a, b) => a.x - b.x || a.number - b.number);
    const gaps = seats.slice(1).map((s, i) => Math.hypot(s.x - seats[i]!.x, s.y - seats[i]!.y));
    const usual = gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! : 0;
    let current: Place[] = [seats[0]!];
    for (let i = 1; i < seats.length; i++) {
      if (gaps[i - 1]! > usual * 1.6) {
        out.push({ area: seats[0]!.area, row: seats[0]!.row, seats: current });
        current = [];
      }
      current.push(seats[i]!);
    }
    out.push({ area: seats[0]!.area, row: seats[0]!.row, seats: current });
  }
  return out;
}

/** Number of free seats directly beside positions [from, to) on each side within the segment. */
function sideRuns(free: boolean[], from: number, to: number): [number, number] {
  let left = 0;
  for (let i = from - 1; i >= 0 && free[i]; i--) left++;
  let right = 0;
  for (let i = to; i < free.length && free[i]; i++) right++;
  return [left, right];
}

export interface Candidate {
  seats: string[];
  orphans: number;
  score: number;
}

/** Every block of `count` adjacent free seats that meets the zone and accessibility asks. */
export function candidates(segments: readonly Segment[], available: ReadonlySet<string>, req: BestRequest, center: { x: number; y: number }): Candidate[] {
  const out: Candidate[] = [];
  for (const seg of segments) {
    const free = seg.seats.map((s) => available.has(s.id));
    for (let i = 0; i + req.count <= seg.seats.length; i++) {
      const block = seg.seats.slice(i, i + req.count);
      if (!free.slice(i, i + req.count).every(Boolean)) continue;
      if (req.zone && block.some((s) => s.zone !== req.zone)) continue;
      if (req.accessible && !block.some((s) => s.flags.includes('wheelchair'))) continue;
      if (!req.accessible && block.some((s) => s.flags.includes('wheelchair'))) continue;
      const [left, right] = sideRuns(free, i, i + req.count);
      const orphans = (left === 1 ? 1 : 0) + (right === 1 ? 1 : 0);
      const cx = block.reduce((n, s) => n + s.x, 0) / block.length;
      const cy = block.reduce((n, s) => n + s.y, 0) / block.length;
      const restricted = block.filter((s) => s.flags.includes('restricted')).length;
      const score = Math.abs(cy - center.y) + 0.7 * Math.abs(cx - center.x) + 200 * restricted;
      out.push({ seats: block.map((s) => s.id), orphans, score });
    }
  }
  return out;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.orphans === 0 && b.orphans > 0) return true;
  if (b.orphans === 0 && a.orphans > 0) return false;
  if (a.score !== b.score) return a.score < b.score;
  if (a.orphans !== b.orphans) return a.orphans < b.orphans;
  return a.seats[0]! < b.seats[0]!;
}

/** The best block, or null when no `count` adjacent free seats match. */
export function bestAvailable(all: readonly Place[], available: ReadonlySet<string>, req: BestRequest): string[] | null {
  if (!Number.isInteger(req.count) || req.count < 1) return null;
  const reserved = all.filter((p) => !p.ga);
  if (reserved.length > 0) {
    const xs = reserved.map((p) => p.x);
    const ys = reserved.map((p) => p.y);
    const center = { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: Math.min(...ys) };
    let best: Candidate | null = null;
    for (const c of candidates(rowSegments(reserved), available, req, center)) if (!best || better(c, best)) best = c;
    if (best) return best.seats;
  }
  if (req.accessible) return null;
  const ga = all.filter((p) => p.ga && available.has(p.id) && (!req.zone || p.zone === req.zone));
  if (ga.length < req.count) return null;
  return ga
    .sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : a.number - b.number))
    .slice(0, req.count)
    .map((p) => p.id);
}
