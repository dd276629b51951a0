import { z } from 'zod';
import { CallboardError } from '../../errors.ts';
import { generateLayout, layoutFromCsv, validateLayout, type ChartLayout } from '../../ticketing/chart.ts';
import { chartIn, chartLayout, chartSummary, createChart, publishVersion } from '../../ticketing/charts.ts';
import { CHART_DOC_TYPE, type ChartDoc } from '../../ticketing/model.ts';
import { procedure } from '../procedure.ts';
import { generatorSchema, label, layoutSchema, note, slug } from './ticket-schemas.ts';

const source = {
  layout: layoutSchema.optional(),
  generate: generatorSchema.optional(),
  csv: z.string().max(500_000).optional(),
};

function layoutOf(input: { layout?: z.output<typeof layoutSchema> | undefined; generate?: z.output<typeof generatorSchema> | undefined; csv?: string | undefined }): ChartLayout {
  const given = (['layout', 'generate', 'csv'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) throw new CallboardError('invalid', 'layout: give exactly one of layout, generate or csv', { field: 'layout' });
  if (input.layout) return validateLayout(input.layout as ChartLayout);
  if (input.generate) return generateLayout(input.generate);
  return layoutFromCsv(input.csv!);
}

export const chartProcedures = {
  'charts.list': procedure({
    name: 'charts.list',
    description: 'Seating charts (of one venue, or every venue you may view), with their versions.',
    kind: 'query',
    input: z.object({ venueId: slug.optional() }).strict(),
    permission: 'authenticated',
    handler: (input, ctx) =>
      ctx.store
        .list({ type: CHART_DOC_TYPE, ...(input.venueId ? { scope: `venue:${input.venueId}` } : {}) })
        .filter((info) => ctx.can('view', info.scope))
        .map((info) => chartSummary(ctx.store.doc<ChartDoc>(info.id))),
  }),
  'charts.get': procedure({
    name: 'charts.get',
    description: "A seating chart's layout (latest version unless one is named).",
    kind: 'query',
    input: z.object({ venueId: slug, chartId: slug, version: z.number().int().min(1).optional() }).strict(),
    permission: { action: 'view', scope: (i) => `venue:${i.venueId}` },
    handler: (input, ctx) => {
      const doc = chartIn(ctx.store, input.venueId, input.chartId);
      return { chart: chartSummary(doc), ...chartLayout(doc, input.version) };
    },
  }),
  'charts.preview': procedure({
    name: 'charts.preview',
    description: 'Builds and checks a layout from a generator spec, JSON layout or CSV without saving it (for the chart editor).',
    kind: 'query',
    input: z.object({ venueId: slug, ...source }).strict(),
    permission: { action: 'tickets.manage', scope: (i) => `venue:${i.venueId}` },
    handler: (input) => {
      const layout = layoutOf(input);
      return { layout, seats: layout.seats.length, places: layout.seats.length + layout.areas.reduce((n, a) => n + (a.capacity ?? 0), 0) };
    },
  }),
  'charts.create': procedure({
    name: 'charts.create',
    description: 'Creates the seating chart of a venue space, by hand (layout), by generator (rows × seats, aisles, curve) or from CSV.',
    kind: 'mutation',
    input: z.object({ venueId: slug, spaceId: slug, chartId: slug, name: label, note: note.default('First version'), ...source }).strict(),
    permission: { action: 'tickets.manage', scope: (i) => `venue:${i.venueId}` },
    handler: (input, ctx) => {
      const chart = createChart(ctx.store, { ...input, layout: layoutOf(input) }, ctx.clock.now());
      ctx.audit({ target: `chart:${chart.id}`, summary: `Created seating chart ${chart.name} (${chart.versions[0]!.places} places) for ${input.venueId}/${input.spaceId}` });
      return chart;
    },
  }),
  'charts.publish': procedure({
    name: 'charts.publish',
    description: 'Publishes a new version of a seating chart. Performances keep the version they were put on sale with.',
    kind: 'mutation',
    input: z.object({ venueId: slug, chartId: slug, name: label.optional(), note: note.default(''), ...source }).strict(),
    permission: { action: 'tickets.manage', scope: (i) => `venue:${i.venueId}` },
    handler: (input, ctx) => {
      const chart = publishVersion(ctx.store, { venueId: input.venueId, chartId: input.chartId, layout: layoutOf(input), note: input.note, ...(input.name ? { name: input.name } : {}) }, ctx.clock.now());
      ctx.audit({ target: `chart:${chart.id}`, summary: `Published version ${chart.latest} of seating chart ${chart.name}${input.note ? `: ${input.note}` : ''}` });
      return chart;
    },
  }),
};
