import type { Place } from './chart.ts';
import { activeLines, splitIds, str, type OrderRecord, type TicketsDoc } from './model.ts';

/**
 * Double sales that reached a merge (two replicas sold the same seat while apart). The
 * queue is a pure function of the performance's documents (tickets and order buckets) and the pinned chart — no clock, no
 * replica-local state — so every replica that holds the same changes computes the same
 * queue, the same winner for each seat and the same proposed reseats.
 *
 * Winner: the sale made by the device the seat was allocated to (or, for a pool seat, the
 * replica holding the pool); among equals the earlier sale, then the smaller order id.
 * Proposal for each other sale, in queue order: the nearest seat in the same price zone
 * that no active ticket or kill occupies (holds are ignored: they are replica-local and
 * time-bound), else the nearest free seat anywhere, else none (refund).
 */
export interface Claim {
  orderId: string;
  lineId: string;
  device: string;
  soldAt: number;
  buyer: string;
  zone: string;
  priceId: string;
}

export interface DoubleSale {
  seat: string;
  keep: Claim;
  move: Claim;
  proposedSeat: string | null;
  reason: string;
}

export function detectDoubleSales(doc: TicketsDoc, orders: readonly OrderRecord[], all: readonly Place[]): DoubleSale[] {
  const claims = new Map<string, Claim[]>();
  for (const o of orders) {
    for (const l of activeLines(o)) {
      const c: Claim = { orderId: str(o.id), lineId: l.id, device: str(o.device), soldAt: o.createdAt, buyer: str(o.buyer?.name), zone: l.zone, priceId: l.priceId };
      const list = claims.get(l.seat);
      if (list) list.push(c);
      else claims.set(l.seat, [c]);
    }
  }
  const owner = new Map<string, string>();
  for (const a of Object.values(doc.allocations ?? {})) for (const s of splitIds(a.seats)) owner.set(s, str(a.device));
  const pool = str(doc.performance.poolDevice);
  const items: Array<Omit<DoubleSale, 'proposedSeat'>> = [];
  for (const [seat, list] of claims) {
    if (list.length < 2) continue;
    const rightful = owner.get(seat) ?? pool;
    const ranked = [...list].sort(
      (a, b) =>
        (a.device === rightful ? 0 : 1) - (b.device === rightful ? 0 : 1) ||
        a.soldAt - b.soldAt ||
        (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : a.lineId < b.lineId ? -1 : 1),
    );
    const keep = ranked[0]!;
    for (const move of ranked.slice(1)) {
      const reason =
        keep.device === rightful && move.device !== rightful
          ? `seat ${seat} belongs to ${rightful === pool && !owner.has(seat) ? 'the common pool' : `the allocation of ${rightful}`}; ${move.device} sold it without holding it`
          : `seat ${seat} was sold twice; the earlier sale keeps it`;
      items.push({ seat, keep, move, reason });
    }
  }
  items.sort((a, b) => (a.seat < b.seat ? -1 : a.seat > b.seat ? 1 : a.move.soldAt - b.move.soldAt || (a.move.orderId < b.move.orderId ? -1 : 1)));
  if (items.length === 0) return [];

  const occupied = new Set<string>([...claims.keys(), ...Object.keys(doc.kills ?? {})]);
  const byId = new Map(all.map((p) => [p.id, p]));
  const nearest = (from: Place | undefined, zone: string | null): string | null => {
    let best: { id: string; d: number } | null = null;
    for (const p of all) {
      if (occupied.has(p.id) || (zone !== null && p.zone !== zone)) continue;
      if (p.flags.includes('wheelchair') && !from?.flags.includes('wheelchair')) continue;
      const d = from ? Math.hypot(p.x - from.x, p.y - from.y) : 0;
      if (!best || d < best.d || (d === best.d && p.id < best.id)) best = { id: p.id, d };
    }
    return best?.id ?? null;
  };
  return items.map((item) => {
    const from = byId.get(item.seat);
    const proposed = nearest(from, item.move.zone) ?? nearest(from, null);
    if (proposed) occupied.add(proposed);
    return { ...item, proposedSeat: proposed };
  });
}
