import { z } from 'zod';
import { authenticated, grant, procedure } from '../procedure.ts';
import { empty } from '../schemas.ts';
import type { HandlerContext } from '../procedure.ts';

const system = (ctx: HandlerContext) => ctx.services.system;

export const systemProcedures = {
  'system.describe': procedure({
    name: 'system.describe',
    description: 'Every procedure of the API with its input JSON Schema and the permission it needs.',
    kind: 'query',
    input: empty,
    permission: authenticated,
    handler: (_input, ctx) => ({ version: system(ctx).version, procedures: system(ctx).describe() }),
  }),
  'system.health': procedure({
    name: 'system.health',
    description: 'Store status: documents, device, uptime.',
    kind: 'query',
    input: empty,
    permission: authenticated,
    handler: (_input, ctx) => ({
      ok: true,
      version: system(ctx).version,
      deviceId: ctx.store.deviceId,
      documents: ctx.store.list().length,
      uptimeMs: ctx.clock.now() - system(ctx).startedAt,
    }),
  }),
  'system.reindex': procedure({
    name: 'system.reindex',
    description: 'Rebuilds every projection (query table) from the documents.',
    kind: 'mutation',
    input: z.object({ projections: z.array(z.string().max(100)).max(100).optional() }).strict(),
    permission: grant('system.manage', 'system'),
    handler: (input, ctx) => {
      const result = ctx.store.reindex(input.projections ? { names: input.projections } : {});
      ctx.audit({ summary: `Rebuilt projections from ${result.documents} documents` });
      return result;
    },
  }),
};
