import { randomBytes } from 'node:crypto';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { bestAvailable } from './best-available.ts';
import { imm, optStr, splitIds, str, ticketsDocId, type TicketsDoc, type WaitlistRecord } from './model.ts';
import type { Actor } from './performances.ts';
import { availableHere, type ChartCache, type SeatReader } from './seat-state.ts';

/**
 * The waiting list and its offer chain. When seats free up (refund, expired hold, released
 * kill or allocation), each waiting entry in order of joining that the free seats can
 * satisfy gets an offer: a hold of kind `offer` on those seats until an expiry. A declined
 * or expired offer frees its seats, and the chain runs again for the next entries.
 */
export interface WaitlistEntryView {
  id: string;
  name: string;
  email: string;
  phone: string;
  count: number;
  zone: string | null;
  accessible: boolean;
  maxPrice: number | null;
  joinedAt: number;
  status: string;
  offer: { holdId: string; seats: string[]; expiresAt: number } | null;
  offers: number;
}

export function entryView(doc: TicketsDoc, w: WaitlistRecord): WaitlistEntryView {
  const holdId = optStr(w.offerHold);
  const hold = holdId ? doc.holds[holdId] : undefined;
  return {
    id: str(w.id),
    name: str(w.name),
    email: str(w.email),
    phone: str(w.phone),
    count: w.count,
    zone: optStr(w.zone),
    accessible: w.accessible,
    maxPrice: w.maxPrice,
    joinedAt: w.joinedAt,
    status: str(w.status),
    offer: holdId && hold && str(w.status) === 'offered' ? { holdId, seats: splitIds(hold.seats), expiresAt: hold.expiresAt } : null,
    offers: w.offers,
  };
}

export function listWaitlist(doc: TicketsDoc): WaitlistEntryView[] {
  return Object.values(doc.waitlist)
    .map((w) => entryView(doc, w))
    .sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
}

function cheapestInZone(doc: TicketsDoc, zone: string | null): number {
  const amounts = Object.values(doc.prices)
    .filter((p) => (zone === null || str(p.zone) === zone) && str(p.ticketType) !== 'comp')
    .map((p) => p.amount);
  return amounts.length ? Math.min(...amounts) : 0;
}

/** Removes expired holds (passing expired offers on) and runs the offer chain. Returns true if it changed anything. */
export function sweepPerformance(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, actor: Actor): boolean {
  const id = ticketsDocId(perfId);
  const doc = store.doc<TicketsDoc>(id);
  const expired = Object.values(doc.holds).filter((h) => h.expiresAt <= actor.now);
  if (expired.length === 0) return false;
  store.change<TicketsDoc>(
    id,
    (d) => {
      for (const h of expired) {
        const entry = optStr(h.waitlistEntry);
        delete d.holds[str(h.id)];
        const w = entry ? d.waitlist[entry] : undefined;
        if (w && str(w.status) === 'offered' && optStr(w.offerHold) === str(h.id)) {
          w.status = imm('expired');
          w.offerHold = null;
        }
      }
    },
    { message: 'expire holds' },
  );
  runOffers(store, reader, charts, perfId, actor);
  return true;
}

/** Offers free seats to waiting entries, first come first served. Returns the entries offered. */
export function runOffers(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, actor: Actor): string[] {
  const id = ticketsDocId(perfId);
  const doc = store.doc<TicketsDoc>(id);
  const waiting = Object.values(doc.waitlist)
    .filter((w) => str(w.status) === 'waiting')
    .sort((a, b) => a.joinedAt - b.joinedAt || (str(a.id) < str(b.id) ? -1 : 1));
  if (waiting.length === 0) return [];
  const perf = reader.requirePerf(perfId);
  const chart = charts.get(store, perf.chart_id, perf.chart_version);
  const available = availableHere(chart.places, reader.sets(perfId, actor.now), perf, actor.deviceId);
  const offers: Array<{ entry: string; seats: string[]; holdId: string }> = [];
  for (const w of waiting) {
    const zone = optStr(w.zone);
    if (w.maxPrice !== null && cheapestInZone(doc, zone) > w.maxPrice) continue;
    const seats = bestAvailable(chart.places, available, { count: w.count, zone, accessible: w.accessible });
    if (!seats) continue;
    for (const s of seats) available.delete(s);
    offers.push({ entry: str(w.id), seats, holdId: `offer-${randomBytes(6).toString('hex')}` });
  }
  if (offers.length === 0) return [];
  const expiresAt = actor.now + doc.performance.offerMinutes * 60_000;
  store.change<TicketsDoc>(
    id,
    (d) => {
      for (const o of offers) {
        d.holds[o.holdId] = {
          id: imm(o.holdId),
          seats: imm(o.seats.join(',')),
          createdAt: actor.now,
          expiresAt,
          by: imm(actor.userId),
          device: imm(actor.deviceId),
          kind: imm('offer'),
          waitlistEntry: imm(o.entry),
        };
        const w = d.waitlist[o.entry]!;
        w.status = imm('offered');
        w.offerHold = imm(o.holdId);
        w.offerExpiresAt = expiresAt;
        w.offers += 1;
      }
    },
    { message: `offer seats to ${offers.length} waiting` },
  );
  return offers.map((o) => o.entry);
}

export interface JoinInput {
  name: string;
  email?: string;
  phone?: string;
  count: number;
  zone?: string | null;
  accessible?: boolean;
  maxPrice?: number | null;
}

export function joinWaitlist(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, input: JoinInput, actor: Actor): WaitlistEntryView {
  const perf = reader.requirePerf(perfId);
  const id = ticketsDocId(perfId);
  const chart = charts.get(store, perf.chart_id, perf.chart_version);
  if (input.zone && !chart.layout.zones.some((z) => z.id === input.zone)) {
    throw new CallboardError('invalid', `zone: the chart has no price zone "${input.zone}"`, { field: 'zone' });
  }
  if (!input.email && !input.phone) throw new CallboardError('invalid', 'email: give an e-mail address or a phone number to reach the patron', { field: 'email' });
  const available = availableHere(chart.places, reader.sets(perfId, actor.now), perf, actor.deviceId);
  const now = bestAvailable(chart.places, available, { count: input.count, zone: input.zone ?? null, accessible: input.accessible ?? false });
  if (now) {
    throw new CallboardError('invalid', `count: ${input.count} seats together are available now (${now.join(', ')}); sell them instead of joining the waiting list`, {
      field: 'count',
      seats: now,
    });
  }
  const entryId = `wl-${randomBytes(6).toString('hex')}`;
  const after = store.change<TicketsDoc>(id, (d) => {
    d.waitlist[entryId] = {
      id: imm(entryId),
      name: imm(input.name),
      email: imm(input.email ?? ''),
      phone: imm(input.phone ?? ''),
      count: input.count,
      zone: input.zone ? imm(input.zone) : null,
      accessible: input.accessible ?? false,
      maxPrice: input.maxPrice ?? null,
      joinedAt: actor.now,
      status: imm('waiting'),
      offerHold: null,
      offerExpiresAt: null,
      offers: 0,
    };
  });
  return entryView(after, after.waitlist[entryId]!);
}

/** Declines an offer (or leaves the list): the seats pass to the next entries. */
export function closeEntry(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, entryId: string, outcome: 'declined' | 'removed', actor: Actor): WaitlistEntryView {
  const id = ticketsDocId(perfId);
  const doc = store.doc<TicketsDoc>(id);
  const w = doc.waitlist[entryId];
  if (!w) throw new CallboardError('not_found', `No waiting-list entry ${entryId}`, { field: 'entryId' });
  const status = str(w.status);
  if (outcome === 'declined' && status !== 'offered') throw new CallboardError('conflict', `Entry ${entryId} has no open offer (it is ${status})`, { field: 'entryId' });
  if (status === 'accepted' || status === 'removed' || status === 'declined') throw new CallboardError('conflict', `Entry ${entryId} is already ${status}`, { field: 'entryId' });
  const hold = optStr(w.offerHold);
  store.change<TicketsDoc>(id, (d) => {
    const e = d.waitlist[entryId]!;
    e.status = imm(outcome);
    e.offerHold = null;
    if (hold) delete d.holds[hold];
  });
  if (hold) runOffers(store, reader, charts, perfId, actor);
  const after = store.doc<TicketsDoc>(id);
  return entryView(after, after.waitlist[entryId]!);
}
