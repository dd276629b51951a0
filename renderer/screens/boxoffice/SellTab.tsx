import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../api/types.ts';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { SeatMap } from './SeatMap.tsx';

type Perf = ProcedureOutput<'performances.list'>[number];
type Hold = ProcedureOutput<'tickets.hold'>;
type Order = ProcedureOutput<'tickets.sell'>['order'];

export const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
export const when = (ms: number) => new Date(ms).toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** The performance picker shared by the box office tabs. */
export function PerformancePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const list = useApiQuery('performances.list', {});
  return (
    <QueryState query={list} what="performances">
      {(perfs: Perf[]) =>
        perfs.length === 0 ? (
          <p>No performances on sale yet. Put one on sale with performances.create (see docs/box-office.md) or the seating charts tab.</p>
        ) : (
          <label className="perf-picker">
            Performance{' '}
            <select value={value} onChange={(e) => onChange(e.target.value)}>
              <option value="">Choose a performance…</option>
              {perfs.map((p) => (
                <option key={p.performanceId} value={p.performanceId}>
                  {p.title} — {when(p.startsAt)} ({p.available} of {p.capacity} available)
                </option>
              ))}
            </select>
          </label>
        )
      }
    </QueryState>
  );
}

function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => new Date().getTime());
  useEffect(() => {
    if (until === null) return;
    setNow(new Date().getTime());
    const t = setInterval(() => setNow(new Date().getTime()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return until === null ? 0 : Math.max(0, until - now);
}

/** Sale: pick seats on the map, hold them (cart with timer), check out, print the receipt. */
export function SellTab({ performanceId }: { performanceId: string }) {
  const map = useApiQuery('performances.seatMap', { performanceId });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hold, setHold] = useState<Hold | null>(null);
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [buyer, setBuyer] = useState({ name: '', email: '' });
  const [method, setMethod] = useState<'cash' | 'card' | 'comp'>('card');
  const [receipt, setReceipt] = useState<Order | null>(null);
  const [checkoutKey, setCheckoutKey] = useState(() => `ui-${Math.random().toString(36).slice(2, 12)}`);
  const holdSeats = useApiMutation('tickets.hold', { onSuccess: (h) => setHold(h) });
  const release = useApiMutation('tickets.release', { onSuccess: () => setHold(null) });
  const sell = useApiMutation('tickets.sell', {
    onSuccess: (r) => {
      setReceipt(r.order);
      setHold(null);
      setSelected(new Set());
      setBuyer({ name: '', email: '' });
      setCheckoutKey(`ui-${Math.random().toString(36).slice(2, 12)}`);
    },
  });
  const left = useCountdown(hold?.expiresAt ?? null);
  useEffect(() => {
    if (hold && left === 0) setHold(null);
  }, [hold, left]);
  useEffect(() => {
    setSelected(new Set());
    setHold(null);
    setReceipt(null);
  }, [performanceId]);

  const data = map.data;
  const seatsById = useMemo(() => new Map((data?.layout.seats ?? []).map((s) => [s.id, s])), [data]);
  const cart = hold ? hold.seats : [...selected];
  const priceOf = (seat: string) => {
    const zone = seatsById.get(seat)?.zone;
    const options = (data?.performance.prices ?? []).filter((p) => p.zone === zone);
    return { options, chosen: options.find((p) => p.id === prices[seat]) ?? options[0] };
  };
  const total = cart.reduce((n, s) => n + (method === 'comp' ? 0 : priceOf(s).chosen?.amount ?? 0), 0);

  const checkout = (e: FormEvent) => {
    e.preventDefault();
    if (!hold) return;
    sell.mutate({
      performanceId,
      holdId: hold.holdId,
      idempotencyKey: checkoutKey,
      tickets: hold.seats.map((seatId) => ({ seatId, priceId: priceOf(seatId).chosen!.id })),
      buyer: { name: buyer.name, ...(buyer.email ? { email: buyer.email } : {}) },
      payment: { method },
    });
  };

  return (
    <QueryState query={map} what="the seat map">
      {(m: ProcedureOutput<'performances.seatMap'>) => (
        <div className="boxoffice-sell">
          <p>
            {m.counts.available} available · {m.counts.held} held · {m.counts.sold} sold · {m.counts.killed} not for sale
            {m.counts.unallocated ? ` · ${m.counts.unallocated} allocated elsewhere` : ''}
          </p>
          <SeatMap
            layout={m.layout}
            statuses={m.statuses}
            selected={new Set(cart)}
            title={`${m.performance.title}, ${when(m.performance.startsAt)}`}
            onToggle={(id) => {
              if (hold) return;
              setSelected((s) => {
                const n = new Set(s);
                if (n.has(id)) n.delete(id);
                else n.add(id);
                return n;
              });
            }}
            onSelectMany={(ids) => !hold && setSelected((s) => new Set([...s, ...ids]))}
          />
          <aside className="cart" aria-label="Cart">
            <h3>Cart</h3>
            {cart.length === 0 ? (
              <p>Select seats on the map (click, or drag a rectangle).</p>
            ) : (
              <ul>
                {cart.map((seat) => {
                  const { options, chosen } = priceOf(seat);
                  return (
                    <li key={seat}>
                      {seat}{' '}
                      <select aria-label={`Price for ${seat}`} value={chosen?.id ?? ''} onChange={(e) => setPrices((p) => ({ ...p, [seat]: e.target.value }))}>
                        {options.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.label} {money(o.amount)}
                          </option>
                        ))}
                      </select>
                    </li>
                  );
                })}
              </ul>
            )}
            {hold ? (
              <p role="timer" aria-live="polite">
                Held for {Math.floor(left / 60000)}:{String(Math.floor((left % 60000) / 1000)).padStart(2, '0')}{' '}
                <button type="button" onClick={() => release.mutate({ performanceId, holdId: hold.holdId })}>Release</button>
              </p>
            ) : (
              <button type="button" disabled={selected.size === 0 || holdSeats.isPending} onClick={() => holdSeats.mutate({ performanceId, seats: [...selected] })}>
                Hold {selected.size || ''} seats
              </button>
            )}
            {hold && (
              <form onSubmit={checkout} aria-label="Checkout">
                <label>
                  Buyer name <input required value={buyer.name} onChange={(e) => setBuyer({ ...buyer, name: e.target.value })} />
                </label>
                <label>
                  Email <input type="email" value={buyer.email} onChange={(e) => setBuyer({ ...buyer, email: e.target.value })} />
                </label>
                <label>
                  Payment{' '}
                  <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
                    <option value="card">Card terminal</option>
                    <option value="cash">Cash</option>
                    <option value="comp">Comp</option>
                  </select>
                </label>
                <p>Total {money(total)}</p>
                <button type="submit" disabled={sell.isPending}>Complete sale</button>
              </form>
            )}
          </aside>
          {receipt && (
            <section className="receipt" aria-label="Receipt">
              <h3>Receipt</h3>
              <p>
                Order {receipt.id} · {receipt.buyer.name} · {receipt.payment.method}
              </p>
              <ul>
                {receipt.lines.map((l) => (
                  <li key={l.id}>
                    {l.seat} — {l.ticketType} ({l.zone}) {money(l.amount)}
                  </li>
                ))}
              </ul>
              <p>Total {money(receipt.total)}</p>
            </section>
          )}
        </div>
      )}
    </QueryState>
  );
}
