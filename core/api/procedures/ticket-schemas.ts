import { z } from 'zod';
import { AREA_KINDS, SEAT_FLAGS } from '../../ticketing/chart.ts';
import { KILL_KINDS, PAYMENT_METHODS } from '../../ticketing/model.ts';
import type { Actor } from '../../ticketing/performances.ts';
import type { BoxOffice } from '../../ticketing/service.ts';
import type { HandlerContext } from '../procedure.ts';

declare module '../services.ts' {
  interface Services {
    boxOffice: BoxOffice;
  }
}

/** Input pieces shared by the charts, performances and tickets procedures. */
export const slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, and . _ - (no spaces or colons)');
export const seatId = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'not a seat id');
export const label = z.string().trim().min(1, 'must not be empty').max(200);
export const note = z.string().trim().max(1000);
export const cents = z.number().int('amounts are whole cents').min(0).max(100_000_000);
/** A time: epoch milliseconds or an ISO 8601 date-time with offset. */
export const time = z.union([z.number().int().min(0), z.iso.datetime({ offset: true })]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));
export const seatList = z.array(seatId).min(1).max(2000);

const point = z.number().min(0).max(100_000);
export const zoneSchema = z.object({ id: slug, name: label, color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use a #rrggbb color') }).strict();
export const layoutSchema = z
  .object({
    width: point,
    height: point,
    stage: z.object({ x: point, y: point, width: point, height: point, label: label }).strict().nullable().default(null),
    zones: z.array(zoneSchema).min(1).max(20),
    areas: z
      .array(
        z
          .object({
            id: slug,
            name: label,
            kind: z.enum(AREA_KINDS),
            parent: slug.nullable().default(null),
            capacity: z.number().int().min(1).max(5000).optional(),
            zone: slug.optional(),
            box: z.object({ x: point, y: point, width: point, height: point }).strict().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
    seats: z
      .array(
        z
          .object({
            id: seatId,
            area: slug,
            row: z.string().trim().max(10),
            number: z.number().int().min(0).max(10_000),
            x: point,
            y: point,
            zone: slug,
            flags: z.array(z.enum(SEAT_FLAGS)).max(4).default([]),
          })
          .strict(),
      )
      .max(5000),
  })
  .strict();

const rowSeats = z.array(z.object({ row: z.string().trim().min(1).max(10), seats: z.array(z.number().int().min(1).max(200)).max(200) }).strict()).max(100);
export const generatorSchema = z
  .object({
    zones: z.array(zoneSchema).min(1).max(20),
    stage: z.object({ label: label, width: point, height: point }).strict().nullable().optional(),
    groups: z.array(z.object({ id: slug, name: label, parent: slug.optional() }).strict()).max(20).optional(),
    sections: z
      .array(
        z
          .object({
            area: slug,
            name: label,
            parent: slug.optional(),
            rows: z.union([z.number().int().min(1).max(60), z.array(z.string().trim().min(1).max(10)).min(1).max(60)]),
            seatsPerRow: z.union([z.number().int().min(1).max(200), z.array(z.number().int().min(1).max(200)).max(60)]),
            aislesAfter: z.array(z.number().int().min(1).max(199)).max(10).optional(),
            curve: z.number().min(0).max(500).optional(),
            origin: z.object({ x: point, y: point }).strict().optional(),
            seatSpacing: z.number().min(10).max(100).optional(),
            rowSpacing: z.number().min(10).max(100).optional(),
            zone: slug,
            zoneByRow: z.record(z.string().max(10), slug).optional(),
            seatPrefix: z.string().trim().max(10).regex(/^[A-Za-z0-9._-]*$/).optional(),
            wheelchair: rowSeats.optional(),
            companion: rowSeats.optional(),
            restricted: rowSeats.optional(),
          })
          .strict(),
      )
      .max(20),
    ga: z.array(z.object({ area: slug, name: label, capacity: z.number().int().min(1).max(5000), zone: slug, parent: slug.optional() }).strict()).max(10).optional(),
  })
  .strict();

export const priceSchema = z.object({ id: slug, ticketType: slug, zone: slug, amount: cents, label: label.optional() }).strict();
export const bestSchema = z.object({ count: z.number().int().min(1).max(20), zone: slug.nullable().optional(), accessible: z.boolean().optional() }).strict();
export const buyerSchema = z
  .object({ name: label, email: z.string().trim().max(320).email().or(z.literal('')).optional(), phone: z.string().trim().max(40).optional() })
  .strict();
export const paymentSchema = z.object({ method: z.enum(PAYMENT_METHODS), reference: z.string().trim().max(200).optional() }).strict();
export const killKind = z.enum(KILL_KINDS);
export const idempotencyKey = z.string().trim().min(8, 'use at least 8 characters').max(200);

// ---- blocks shared by the tickets and performances procedures ------------------------------

/** Input naming one performance. */
export const perfInput = z.object({ performanceId: slug }).strict();
/** Input naming one performance plus more fields (a strict object). */
export const perfInputWith = <S extends z.ZodRawShape>(shape: S) => z.object({ performanceId: slug, ...shape }).strict();
/** Tickets of a sale: a seat (or best available when omitted) and a price from the list. */
export const ticketLines = z.array(z.object({ seatId: seatId.optional(), priceId: slug }).strict()).min(1).max(50);
/** Everything a sale records besides its performance and hold (tickets.sell, one sale of tickets.sellBatch). */
export const saleFields = {
  idempotencyKey: idempotencyKey.optional(),
  tickets: ticketLines,
  buyer: buyerSchema,
  payment: paymentSchema,
  note: z.string().trim().max(1000).optional(),
};
/** A performance's price list. */
export const priceList = z.array(priceSchema).min(1).max(60);
/** Seats taken off sale, with the kind and the reason. */
export const killFields = { seats: seatList, kind: killKind.default('kill'), reason: label };

/** Who is acting, where and when: the caller, this replica's device, the injected clock. */
export function actorOf(ctx: HandlerContext): Actor {
  return { userId: ctx.principal.userId, deviceId: ctx.store.deviceId, now: ctx.clock.now() };
}

export const perfScope = (input: { performanceId: string }) => `boxoffice:${input.performanceId}`;
