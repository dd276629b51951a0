import { z } from 'zod';
import { ticketsDocId, type TicketsDoc } from '../../ticketing/model.ts';
import { allocateSeats, createPerformance, killSeats, performanceView, releaseKills, setPrices, updatePerformance } from '../../ticketing/performances.ts';
import { performanceStats } from '../../ticketing/reports.ts';
import { runOffers } from '../../ticketing/waitlist.ts';
import { procedure } from '../procedure.ts';
import { actorOf, killFields, label, note, perfInput, perfInputWith, perfScope, priceList, seatList, slug, time } from './ticket-schemas.ts';


export const performanceProcedures = {
  'performances.list': procedure({
    name: 'performances.list',
    description: 'Performances on the box office (of one production, or in a time range) with seats sold and available; only those you may view.',
    kind: 'query',
    input: z.object({ productionId: slug.optional(), season: z.string().trim().max(20).optional(), from: time.optional(), to: time.optional() }).strict(),
    permission: 'authenticated',
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      const ids = bo
        .performanceIds({ ...(input.productionId ? { productionId: input.productionId } : {}), ...(input.season ? { season: input.season } : {}), ...(input.from !== undefined ? { from: input.from } : {}), ...(input.to !== undefined ? { to: input.to } : {}) })
        .filter((id) => ctx.can('view', `boxoffice:${id}`));
      const rows = new Map(bo.rows(ids).map((r) => [r.perf_id, r]));
      return performanceStats(ctx.store.db, ids, ctx.clock.now()).map((s) => {
        const r = rows.get(s.performanceId)!;
        return { ...s, eventId: r.event_id, venueId: r.venue_id, spaceId: r.space_id, onSaleAt: r.on_sale_at, offSaleAt: r.off_sale_at };
      });
    },
  }),
  'performances.get': procedure({
    name: 'performances.get',
    description: "A performance's details: chart version, sale window, prices, kills, allocations.",
    kind: 'query',
    input: perfInput,
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => performanceView(ctx.services.boxOffice.doc(input.performanceId)),
  }),
  'performances.create': procedure({
    name: 'performances.create',
    description: "Puts a performance on the box office: linked to the production's performance event, on a seating chart version, with its price list and sale window.",
    kind: 'mutation',
    input: z
      .object({
        performanceId: slug,
        productionId: slug,
        eventId: z.string().trim().min(1).max(200).nullable().optional(),
        title: label,
        venueId: slug,
        spaceId: slug,
        chartId: slug,
        chartVersion: z.number().int().min(1).optional(),
        startsAt: time,
        onSaleAt: time.nullable().optional(),
        offSaleAt: time.nullable().optional(),
        holdMinutes: z.number().int().min(1).max(24 * 60).optional(),
        offerMinutes: z.number().int().min(1).max(14 * 24 * 60).optional(),
        prices: priceList,
        kills: z.array(z.object(killFields).strict()).max(20).optional(),
      })
      .strict(),
    permission: { action: 'tickets.manage', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      const view = createPerformance(ctx.store, bo.charts, input, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(view.id), summary: `Put ${view.title} (${new Date(view.startsAt).toISOString()}) on the box office with ${view.prices.length} prices` });
      return view;
    },
  }),
  'performances.update': procedure({
    name: 'performances.update',
    description: 'Changes a performance: title, time, sale window, hold and offer minutes, status (cancelled), event link, chart version (before any sale), the replica that sells the common pool.',
    kind: 'mutation',
    input: z
      .object({
        performanceId: slug,
        title: label.optional(),
        startsAt: time.optional(),
        onSaleAt: time.nullable().optional(),
        offSaleAt: time.nullable().optional(),
        holdMinutes: z.number().int().min(1).max(24 * 60).optional(),
        offerMinutes: z.number().int().min(1).max(14 * 24 * 60).optional(),
        status: z.enum(['scheduled', 'cancelled']).optional(),
        eventId: z.string().trim().min(1).max(200).nullable().optional(),
        chartVersion: z.number().int().min(1).optional(),
        poolDevice: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    permission: { action: 'tickets.manage', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      const { performanceId, ...patch } = input;
      const view = updatePerformance(ctx.store, bo.reader, bo.charts, performanceId, patch);
      ctx.audit({ target: ticketsDocId(performanceId), summary: `Changed performance ${view.title}: ${Object.keys(patch).join(', ') || 'nothing'}`, after: patch });
      return view;
    },
  }),
  'performances.setPrices': procedure({
    name: 'performances.setPrices',
    description: "Replaces a performance's price list (ticket types × price zones, in cents). Sold tickets keep their price.",
    kind: 'mutation',
    input: perfInputWith({ prices: priceList }),
    permission: { action: 'tickets.manage', scope: perfScope },
    handler: (input, ctx) => {
      const view = setPrices(ctx.store, ctx.services.boxOffice.charts, input.performanceId, input.prices);
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Set ${input.prices.length} prices for ${view.title}`, after: input.prices });
      return view;
    },
  }),
  'performances.kill': procedure({
    name: 'performances.kill',
    description: 'Takes seats off sale (killed, or held back for the house, the sound desk, the company) with a reason.',
    kind: 'mutation',
    input: perfInputWith(killFields),
    permission: { action: 'tickets.manage', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const view = killSeats(ctx.store, bo.reader, bo.charts, input.performanceId, input.seats, input.kind, input.reason, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Took ${input.seats.length} seats off sale for ${view.title} (${input.kind}: ${input.reason})` });
      return view;
    },
  }),
  'performances.release': procedure({
    name: 'performances.release',
    description: 'Puts killed or held-back seats back on sale (the waiting list is offered them first).',
    kind: 'mutation',
    input: perfInputWith({ seats: seatList }),
    permission: { action: 'tickets.manage', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const { released } = releaseKills(ctx.store, input.performanceId, input.seats);
      const offered = runOffers(ctx.store, bo.reader, bo.charts, input.performanceId, actorOf(ctx));
      ctx.audit({ target: ticketsDocId(input.performanceId), summary: `Released ${released.length} seats back on sale${offered.length ? `; offered to ${offered.length} on the waiting list` : ''}` });
      return { released, offered, performance: performanceView(ctx.store.doc<TicketsDoc>(ticketsDocId(input.performanceId))) };
    },
  }),
  'performances.allocate': procedure({
    name: 'performances.allocate',
    description: "Allocates unsold seats to a device (a box office laptop, or `external:<platform>`) for offline selling, or moves them back to the common pool (device null).",
    kind: 'mutation',
    input: perfInputWith({ seats: seatList, device: z.string().trim().min(1).max(200).nullable(), label: note.default('') }),
    permission: { action: 'tickets.manage', scope: perfScope },
    handler: (input, ctx) => {
      const bo = ctx.services.boxOffice;
      bo.perf(input.performanceId);
      const { doc } = allocateSeats(ctx.store, bo.reader, bo.charts, input.performanceId, input.seats, input.device, input.label);
      const offered = input.device === null ? runOffers(ctx.store, bo.reader, bo.charts, input.performanceId, actorOf(ctx)) : [];
      ctx.audit({
        target: ticketsDocId(input.performanceId),
        summary: input.device === null ? `Moved ${input.seats.length} seats back to the common pool` : `Allocated ${input.seats.length} seats to ${input.label || input.device}`,
      });
      return { performance: performanceView(doc), offered };
    },
  }),
  'performances.seatMap': procedure({
    name: 'performances.seatMap',
    description: "The seat map: the pinned chart layout and every seat's status as this replica sees it now.",
    kind: 'query',
    input: perfInput,
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => ctx.services.boxOffice.seatMap(input.performanceId, actorOf(ctx)),
  }),
  'performances.mapSvg': procedure({
    name: 'performances.mapSvg',
    description: 'The seat map as an SVG document (status colours, legend, accessibility flags, screen-reader titles).',
    kind: 'query',
    input: perfInput,
    permission: { action: 'view', scope: perfScope },
    handler: (input, ctx) => ({ svg: ctx.services.boxOffice.svg(input.performanceId, actorOf(ctx)) }),
  }),
};
