import { z } from 'zod';
import { grant, procedure } from '../procedure.ts';

export const auditProcedures = {
  'audit.list': procedure({
    name: 'audit.list',
    description: 'Audit entries, newest first, filtered by user, scope, action, outcome and time range.',
    kind: 'query',
    input: z
      .object({
        userId: z.string().max(200).optional(),
        scope: z.string().max(300).optional(),
        action: z.string().max(100).optional(),
        outcome: z.enum(['ok', 'denied']).optional(),
        from: z.number().int().optional(),
        to: z.number().int().optional(),
        before: z.number().int().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    permission: grant('audit.view', 'audit'),
    handler: (input, ctx) => ctx.services.audit.query(input),
  }),
  'audit.verify': procedure({
    name: 'audit.verify',
    description: "Checks every device's hash chain of audit entries; reports removed or altered entries.",
    kind: 'query',
    input: z.object({}).strict(),
    permission: grant('audit.view', 'audit'),
    handler: (_input, ctx) => ctx.services.audit.verify(),
  }),
};
