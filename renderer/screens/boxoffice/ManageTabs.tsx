import { useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../api/types.ts';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { money, when } from './SellTab.tsx';

type Order = ProcedureOutput<'tickets.orders'>[number];
type Entry = ProcedureOutput<'tickets.waitlist.list'>[number];

/** Orders of a performance: search, receipt lines, refund a ticket or the order, exchange a ticket to another seat. */
export function OrdersTab({ performanceId }: { performanceId: string }) {
  const [search, setSearch] = useState('');
  const orders = useApiQuery('tickets.orders', { performanceId, ...(search ? { search } : {}) });
  const refund = useApiMutation('tickets.refund');
  const exchange = useApiMutation('tickets.exchange');
  const [to, setTo] = useState<Record<string, string>>({});
  return (
    <div>
      <label>
        Find an order <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Buyer name or e-mail" />
      </label>
      <QueryState query={orders} what="orders">
        {(list: Order[]) => (
          <ul className="orders">
            {list.map((o) => (
              <li key={o.id}>
                <strong>{o.buyer.name}</strong> · {o.payment.method} · {money(o.total)} {o.refunded ? `(refunded ${money(o.refunded)})` : ''}
                <ul>
                  {o.lines.map((l) => (
                    <li key={l.id}>
                      {l.seat} {l.ticketType} {money(l.amount)} — {l.status}
                      {l.status === 'sold' && (
                        <>
                          {' '}
                          <button type="button" onClick={() => refund.mutate({ performanceId, orderId: o.id, lineIds: [l.id], reason: 'Refunded at the box office' })}>
                            Refund {l.seat}
                          </button>{' '}
                          <input aria-label={`New seat for ${l.seat}`} size={6} value={to[`${o.id}/${l.id}`] ?? ''} onChange={(e) => setTo({ ...to, [`${o.id}/${l.id}`]: e.target.value })} />
                          <button
                            type="button"
                            disabled={!to[`${o.id}/${l.id}`]}
                            onClick={() => exchange.mutate({ performanceId, orderId: o.id, lineIds: [l.id], to: [{ seatId: to[`${o.id}/${l.id}`]!.trim() }], reason: 'Exchanged at the box office' })}
                          >
                            Exchange
                          </button>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}

/** The waiting list: entries in order with their offers; add a patron; record a declined offer. */
export function WaitlistTab({ performanceId }: { performanceId: string }) {
  const list = useApiQuery('tickets.waitlist.list', { performanceId });
  const [form, setForm] = useState({ name: '', email: '', count: 2 });
  const join = useApiMutation('tickets.waitlist.join', { onSuccess: () => setForm({ name: '', email: '', count: 2 }) });
  const decline = useApiMutation('tickets.waitlist.decline');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    join.mutate({ performanceId, name: form.name, email: form.email, count: form.count });
  };
  return (
    <div>
      <QueryState query={list} what="the waiting list">
        {(entries: Entry[]) =>
          entries.length === 0 ? (
            <p>Nobody is waiting.</p>
          ) : (
            <ol className="waitlist">
              {entries.map((e) => (
                <li key={e.id}>
                  {e.name} — {e.count} seats — {e.status}
                  {e.offer && (
                    <>
                      {' '}
                      (offered {e.offer.seats.join(', ')} until {when(e.offer.expiresAt)}){' '}
                      <button type="button" onClick={() => decline.mutate({ performanceId, entryId: e.id })}>Declined</button>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )
        }
      </QueryState>
      <form onSubmit={submit} aria-label="Join the waiting list">
        <label>
          Name <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Email <input required type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label>
          Seats <input type="number" min={1} max={20} value={form.count} onChange={(e) => setForm({ ...form, count: Number(e.target.value) })} />
        </label>
        <button type="submit">Add to waiting list</button>
      </form>
    </div>
  );
}

/** Allocations per device: which seats each box office laptop (or platform) may sell offline. */
export function AllocationsTab({ performanceId }: { performanceId: string }) {
  const perf = useApiQuery('performances.get', { performanceId });
  const [form, setForm] = useState({ seats: '', device: '', label: '' });
  const allocate = useApiMutation('performances.allocate', { onSuccess: () => setForm({ seats: '', device: '', label: '' }) });
  const submit = (e: FormEvent, back: boolean) => {
    e.preventDefault();
    const seats = form.seats.split(/[\s,]+/).filter(Boolean);
    if (seats.length) allocate.mutate({ performanceId, seats, device: back ? null : form.device, label: form.label });
  };
  return (
    <QueryState query={perf} what="the performance">
      {(p: ProcedureOutput<'performances.get'>) => (
        <div>
          <p>The common pool is sold by {p.poolDevice}.</p>
          <table>
            <thead>
              <tr>
                <th>Device</th>
                <th>Seats</th>
              </tr>
            </thead>
            <tbody>
              {p.allocations.map((a) => (
                <tr key={a.device}>
                  <td>{a.label || a.device}</td>
                  <td>{a.seats.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form onSubmit={(e) => submit(e, false)} aria-label="Allocate seats">
            <label>
              Seats <input value={form.seats} onChange={(e) => setForm({ ...form, seats: e.target.value })} placeholder="J-1, J-2" />
            </label>
            <label>
              Device <input value={form.device} onChange={(e) => setForm({ ...form, device: e.target.value })} placeholder="dev-… or external:platform" />
            </label>
            <label>
              Label <input value={form.label} onChange={(e) => setForm({ ...form, label: e.target.value })} />
            </label>
            <button type="submit" disabled={!form.device}>Allocate</button>
            <button type="button" onClick={(e) => submit(e, true)}>Move back to the pool</button>
          </form>
        </div>
      )}
    </QueryState>
  );
}

/** The dashboard across upcoming performances. */
export function ReportsTab() {
  const dash = useApiQuery('tickets.dashboard', {});
  return (
    <QueryState query={dash} what="the dashboard">
      {(r: ProcedureOutput<'tickets.dashboard'>) => (
        <div>
          <p>
            Upcoming: {r.totals.sold} sold, {r.totals.comp} comps, {r.totals.available} available ({r.totals.capacityPercent}% of capacity), revenue {money(r.totals.revenue)}.
          </p>
          <table>
            <thead>
              <tr>
                <th>Performance</th>
                <th>Sold</th>
                <th>Comp</th>
                <th>Held</th>
                <th>Available</th>
                <th>Capacity</th>
                <th>Revenue</th>
                <th>Waiting</th>
              </tr>
            </thead>
            <tbody>
              {r.performances.map((p) => (
                <tr key={p.performanceId}>
                  <td>
                    {p.title} — {when(p.startsAt)}
                  </td>
                  <td>{p.sold}</td>
                  <td>{p.comp}</td>
                  <td>{p.held}</td>
                  <td>{p.available}</td>
                  <td>{p.capacityPercent}%</td>
                  <td>{money(p.revenue)}</td>
                  <td>{p.waiting}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>By payment method</h3>
          <ul>
            {r.byPayment.map((p) => (
              <li key={p.method}>
                {p.method}: {p.tickets} tickets, {money(p.amount)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </QueryState>
  );
}
