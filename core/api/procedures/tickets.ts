import { z } from 'zod';
import { CallboardError } from '../../errors.ts';
import { availabilityCsv, DEFAULT_CSV_MAPPING, exportAvailability, importSales, ordersFromCsv, SALES_FORMAT, type ExternalOrder } from '../../ticketing/interchange.ts';
import { orderAt, ticketsDocId, type OrdersDoc } from '../../ticketing/model.ts';
import { report, reportCsv } from '../../ticketing/reports.ts';
import { bestSeats, exchange, hold, orderOf, orderView, refund, releaseHold, sell } from '../../ticketing/sales.ts';
import { closeEntry, joinWaitlist, listWaitlist, sweepPerformance } from '../../ticketing/waitlist.ts';
import { procedure, type HandlerContext } from '../procedure.ts';
import { actorOf, bestSchema, buyerSchema, cents, idempotencyKey, label, perfInput, perfInputWith, perfScope, saleFields, seatId, seatList, slug } from './ticket-schemas.ts';

const money = (c: number) => `$${(c / 100).toFixed(2)}`;

const reportInput = z
  .object({ performanceId: slug.optional(), productionId: slug.optional(), season: z.string().trim().max(20).optional() })
  .strict()
  .refine((i) => [i.performanceId, i.productionId, i.season].filter(Boolean).length === 1, { message: 'name exactly one of performanceId, productionId or season', path: ['performanceId'] });

const reportScope = (i: { performanceId?: string | undefined }) => (i.performanceId ? `boxoffice:${i.performanceId}` : '*');

function reportFor(input: z.output<typeof reportInput>, ctx: HandlerContext) {
  const bo = ctx.services.boxOffice;
  const ids = input.performanceId
    ? [bo.perf(input.performanceId).perf_id]
    : bo.performanceIds(input.productionId ? { productionId: input.productionId } : { season: input.season! }).filter((id) => ctx.can('view', `boxoffice:${id}`));
  return report(ctx.store.db, ids, ctx.clock.now());
}

const externalOrder = z
  .object({
    externalId: z.string().trim().min(1).max(100),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    buyer: buyerSchema,
    tickets: z.array(z.object({ seat: seatId.optional(), priceId: slug }).strict()).min(1).max(50),
    reference: z.string().trim().max(200).optional(),
  })
  .strict();

export const ticketProcedures = {
  'tickets.hold': procedure({
    name: 'tickets.hold',
    description: 'Holds seats (named, or the best available N together) on a timer (the performance\'s hold minutes, default 10) while a sale is completed.',
    kind: 'mutation',
    input: perfInputWith({ seats: seatList.max(50).optional(), best: bestSchema.optional(), minutes: z.number().int().min(1).max(120).optional() }),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const h = hold(ctx.services.boxOffice.deps, input, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Held ${h.seats.join(', ')} until ${new Date(h.expiresAt).toISOString()}` });
      return h;
    },
  }),
  'tickets.release': procedure({
    name: 'tickets.release',
    description: 'Releases a hold before it expires.',
    kind: 'mutation',
    input: perfInputWith({ holdId: slug }),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const r = releaseHold(ctx.services.boxOffice.deps, input.performanceId, input.holdId, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Released hold of ${r.released.join(', ')}` });
      return r;
    },
  }),
  'tickets.best': procedure({
    name: 'tickets.best',
    description: 'Suggests the best available N adjacent seats (no single empty seat left beside them; accessible seating when asked) without holding them.',
    kind: 'query',
    input: perfInputWith(bestSchema.shape),
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => ({ seats: bestSeats(ctx.services.boxOffice.deps, input.performanceId, input, actorOf(ctx)) }),
  }),
  'tickets.sell': procedure({
    name: 'tickets.sell',
    description:
      'Sells tickets: from a hold, named seats, or best available for seatless tickets; payment is recorded (cash, card terminal, external, comp), not processed. Idempotent by idempotencyKey: the same key and content return the same order; a different content is a conflict.',
    kind: 'mutation',
    input: perfInputWith({ ...saleFields, holdId: slug.optional() }),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const r = sell(ctx.services.boxOffice.deps, input, actorOf(ctx));
      ctx.audit({
        target: `${ticketsDocId(input.performanceId)}#${r.order.id}`,
        summary: r.created
          ? `Sold ${r.order.lines.map((l) => l.seat).join(', ')} to ${r.order.buyer.name} (${r.order.payment.method}, ${money(r.order.total)})`
          : `Repeated sale ${r.order.id} returned (same idempotency key)`,
      });
      return r;
    },
  }),
  'tickets.sellBatch': procedure({
    name: 'tickets.sellBatch',
    description: 'Records several sales of one performance at once, all or nothing (a stack of door-sale slips entered after the show, a group booking split into orders). Each sale is checked like tickets.sell.',
    kind: 'mutation',
    input: perfInputWith({ sales: z.array(z.object(saleFields).strict()).min(1).max(200) }),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const deps = ctx.services.boxOffice.deps;
      const actor = actorOf(ctx);
      const results = input.sales.map((sale, i) => {
        try {
          return sell(deps, { performanceId: input.performanceId, ...sale }, actor);
        } catch (err) {
          if (err instanceof CallboardError) throw new CallboardError(err.code, `sales[${i}]: ${err.message}`, { ...err.details, index: i });
          throw err;
        }
      });
      const tickets = results.reduce((n, r) => n + r.order.lines.length, 0);
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Recorded ${results.length} sales (${tickets} tickets, ${money(results.reduce((n, r) => n + r.order.total, 0))})` });
      return { orders: results.map((r) => r.order), created: results.filter((r) => r.created).length };
    },
  }),
  'tickets.refund': procedure({
    name: 'tickets.refund',
    description: "Refunds an order's tickets (all, or the named lines); the seats go back on sale, waiting list first. Refunding a refunded ticket is a conflict.",
    kind: 'mutation',
    input: z
      .object({
        performanceId: slug,
        orderId: slug,
        lineIds: z.array(slug).max(50).optional(),
        amount: cents.optional(),
        reason: label,
        idempotencyKey: idempotencyKey.optional(),
        exchangedTo: perfInputWith({ orderId: slug }).optional(),
      })
      .strict(),
    permission: { action: 'tickets.refund', scope: perfScope },
    handler: (input, ctx) => {
      const r = refund(ctx.services.boxOffice.deps, input, actorOf(ctx));
      ctx.audit({ target: `${ticketsDocId(input.performanceId)}#${input.orderId}`, summary: r.created ? `Refunded ${r.freed.join(', ')} (${money(r.refunded)}): ${input.reason}` : 'Repeated refund returned (same idempotency key)' });
      return r;
    },
  }),
  'tickets.exchange': procedure({
    name: 'tickets.exchange',
    description: 'Exchanges tickets of an order for other seats of the same performance in one step (difference in cents: + owed by the patron, − returned). To another performance: sell there with payment method "exchange", then refund here with exchangedTo.',
    kind: 'mutation',
    input: z
      .object({
        performanceId: slug,
        orderId: slug,
        lineIds: z.array(slug).min(1).max(50),
        to: z.array(z.object({ seatId, priceId: slug.optional() }).strict()).min(1).max(50),
        reason: label,
        holdId: slug.optional(),
      })
      .strict(),
    permission: { action: 'tickets.refund', scope: perfScope },
    handler: (input, ctx) => {
      const r = exchange(ctx.services.boxOffice.deps, input, actorOf(ctx));
      ctx.audit({ target: `${ticketsDocId(input.performanceId)}#${input.orderId}`, summary: `Exchanged ${input.lineIds.length} tickets to ${input.to.map((t) => t.seatId).join(', ')} (difference ${money(r.difference)})` });
      return r;
    },
  }),
  'tickets.order': procedure({
    name: 'tickets.order',
    description: 'One order with its tickets, refunds and exchanges (the receipt).',
    kind: 'query',
    input: perfInputWith({ orderId: slug }),
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => orderOf(ctx.services.boxOffice.deps, input.performanceId, input.orderId),
  }),
  'tickets.orders': procedure({
    name: 'tickets.orders',
    description: "A performance's orders, newest first, optionally searched by buyer name or e-mail.",
    kind: 'query',
    input: perfInputWith({ search: z.string().trim().max(100).optional(), limit: z.number().int().min(1).max(500).default(100) }),
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const like = `%${(input.search ?? '').toLowerCase()}%`;
      const ids = ctx.store.db
        .prepare('SELECT order_id, doc_id FROM ticket_orders WHERE perf_id = ? AND (lower(buyer_name) LIKE ? OR lower(buyer_email) LIKE ? OR order_id LIKE ?) ORDER BY created_at DESC, order_id LIMIT ?')
        .all(input.performanceId, like, like, like, input.limit) as Array<{ order_id: string; doc_id: string }>;
      return ids.map((r) => orderView(input.performanceId, orderAt(ctx.store.doc<OrdersDoc>(r.doc_id), r.order_id)!));
    },
  }),
  'tickets.sweep': procedure({
    name: 'tickets.sweep',
    description: 'Expires holds and waiting-list offers past their time and passes freed seats to the waiting list (the daemon runs this on a timer; reads already treat expired holds as free).',
    kind: 'mutation',
    input: perfInput,
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const changed = sweepPerformance(ctx.store, bo.reader, bo.charts, input.performanceId, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: changed ? 'Expired holds and offers; passed seats to the waiting list' : 'Nothing to expire' });
      return { changed };
    },
  }),
  'tickets.waitlist.join': procedure({
    name: 'tickets.waitlist.join',
    description: 'Adds a patron to the waiting list of a performance that cannot seat them now (seats wanted, zone, accessible seating, top price).',
    kind: 'mutation',
    input: z
      .object({
        performanceId: slug,
        name: label,
        email: z.string().trim().max(320).email().optional(),
        phone: z.string().trim().max(40).optional(),
        count: z.number().int().min(1).max(20),
        zone: slug.nullable().optional(),
        accessible: z.boolean().optional(),
        maxPrice: cents.nullable().optional(),
      })
      .strict(),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      const { performanceId, ...entry } = input;
      sweepPerformance(ctx.store, bo.reader, bo.charts, performanceId, actorOf(ctx));
      const e = joinWaitlist(ctx.store, bo.reader, bo.charts, performanceId, entry, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(performanceId), summary: `${e.name} joined the waiting list for ${e.count} seats` });
      return e;
    },
  }),
  'tickets.waitlist.list': procedure({
    name: 'tickets.waitlist.list',
    description: "A performance's waiting list in order, with open offers.",
    kind: 'query',
    input: perfInput,
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => listWaitlist(ctx.services.boxOffice.doc(input.performanceId)),
  }),
  'tickets.waitlist.decline': procedure({
    name: 'tickets.waitlist.decline',
    description: 'Records that a patron declined their offer; the seats pass to the next on the list. (Accept an offer by selling its hold with tickets.sell.)',
    kind: 'mutation',
    input: perfInputWith({ entryId: slug }),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const e = closeEntry(ctx.store, bo.reader, bo.charts, input.performanceId, input.entryId, 'declined', actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `${e.name} declined the offered seats` });
      return e;
    },
  }),
  'tickets.waitlist.remove': procedure({
    name: 'tickets.waitlist.remove',
    description: 'Takes a patron off the waiting list (an open offer is passed on).',
    kind: 'mutation',
    input: perfInputWith({ entryId: slug }),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const e = closeEntry(ctx.store, bo.reader, bo.charts, input.performanceId, input.entryId, 'removed', actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Removed ${e.name} from the waiting list` });
      return e;
    },
  }),
  'tickets.report': procedure({
    name: 'tickets.report',
    description: 'Sales report for a performance, a production or a season: sold, held, comp, available, capacity %, revenue by zone and ticket type, payment totals, sales over time (performances you may not view are left out).',
    kind: 'query',
    input: reportInput,
    permission: { action: 'view', scope: reportScope },
    handler: (input, ctx) => reportFor(input, ctx),
  }),
  'tickets.reportCsv': procedure({
    name: 'tickets.reportCsv',
    description: 'The same report as CSV.',
    kind: 'query',
    input: reportInput,
    permission: { action: 'view', scope: reportScope },
    handler: (input, ctx) => ({ csv: reportCsv(reportFor(input, ctx)) }),
  }),
  'tickets.dashboard': procedure({
    name: 'tickets.dashboard',
    description: 'Upcoming performances (from now) with sales and capacity, for the box office dashboard.',
    kind: 'query',
    input: z.object({ days: z.number().int().min(1).max(366).default(120) }).strict(),
    permission: 'authenticated',
    handler: (input, ctx) => {
      const now = ctx.clock.now();
      const bo = ctx.services.boxOffice;
      const ids = bo.performanceIds({ from: now, to: now + input.days * 86_400_000 }).filter((id) => ctx.can('view', `boxoffice:${id}`));
      return report(ctx.store.db, ids, now);
    },
  }),
  'tickets.doubleSales': procedure({
    name: 'tickets.doubleSales',
    description: 'The resolution queue: seats sold twice by replicas that were apart, each with the sale that keeps the seat and a proposed reseat for the other (the same on every replica).',
    kind: 'query',
    input: perfInput,
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => ctx.services.boxOffice.doubleSales(input.performanceId),
  }),
  'tickets.resolveDoubleSale': procedure({
    name: 'tickets.resolveDoubleSale',
    description: 'Resolves one double sale: reseat the displaced ticket (to the proposed seat unless another is named) or refund it.',
    kind: 'mutation',
    input: perfInputWith({ orderId: slug, lineId: slug, action: z.enum(['reseat', 'refund']), seatId: seatId.optional() }),
    permission: { action: 'tickets.refund', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      const item = bo.doubleSales(input.performanceId).find((d) => d.move.orderId === input.orderId && d.move.lineId === input.lineId);
      if (!item) throw new CallboardError('not_found', `Ticket ${input.lineId} of order ${input.orderId} is not in the resolution queue`, { field: 'lineId' });
      if (input.action === 'refund') {
        const r = refund(bo.deps, { performanceId: input.performanceId, orderId: input.orderId, lineIds: [input.lineId], reason: `double sale of ${item.seat}` }, actorOf(ctx));
        ctx.audit({ target: `${ticketsDocId(input.performanceId)}#${input.orderId}`, summary: `Resolved double sale of ${item.seat}: refunded ${item.move.buyer}` });
        return { order: r.order, seat: null };
      }
      const to = input.seatId ?? item.proposedSeat;
      if (!to) throw new CallboardError('conflict', 'seatId: no free seat to propose; refund instead or name a seat', { field: 'seatId' });
      const r = exchange(bo.deps, { performanceId: input.performanceId, orderId: input.orderId, lineIds: [input.lineId], to: [{ seatId: to }], reason: `double sale of ${item.seat}` }, actorOf(ctx), 'reseat');
      ctx.audit({ target: `${ticketsDocId(input.performanceId)}#${input.orderId}`, summary: `Resolved double sale of ${item.seat}: reseated ${item.move.buyer} in ${to}` });
      return { order: r.order, seat: to };
    },
  }),
  'tickets.import': procedure({
    name: 'tickets.import',
    description: `Imports sales made on an outside platform: "${SALES_FORMAT}" JSON orders, or CSV with a column mapping. Re-importing changes nothing; orders whose seats we already sold are reported as conflicts.`,
    kind: 'mutation',
    input: z
      .object({
        performanceId: slug,
        platform: slug,
        orders: z.array(externalOrder).max(2000).optional(),
        csv: z.string().max(800_000).optional(),
        mapping: z
          .object({ externalId: label, seat: label, priceId: label, name: label, email: label.optional(), phone: label.optional(), createdAt: label.optional(), performanceId: label.optional() })
          .strict()
          .optional(),
      })
      .strict(),
    permission: { action: 'tickets.sell', scope: perfScope },
    handler: (input, ctx) => {
      if ((input.orders === undefined) === (input.csv === undefined)) throw new CallboardError('invalid', 'orders: give either orders (JSON) or csv', { field: 'orders' });
      const orders: ExternalOrder[] = input.orders ?? ordersFromCsv(input.csv!, input.mapping ?? DEFAULT_CSV_MAPPING, input.performanceId);
      const r = importSales(ctx.services.boxOffice.deps, input.performanceId, input.platform, orders, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Imported ${r.imported.length} orders from ${input.platform} (${r.unchanged.length} already there, ${r.conflicts.length} conflicts)` });
      return r;
    },
  }),
  'tickets.export': procedure({
    name: 'tickets.export',
    description: 'Availability and price list for an outside platform, as callboard.availability/1 JSON or CSV (available = sellable by that channel, or by this replica).',
    kind: 'query',
    input: perfInputWith({ channel: z.string().trim().max(200).optional(), format: z.enum(['json', 'csv']).default('json') }),
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => {
      const a = exportAvailability(ctx.services.boxOffice.deps, input.performanceId, actorOf(ctx), input.channel);
      return input.format === 'csv' ? { csv: availabilityCsv(a) } : a;
    },
  }),
};
