import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { AuditEntry, AuditQuery } from '../../auth/audit.ts';
import { POLICY_DOC_ID, type PolicyDoc } from '../../auth/model.ts';
import { CallboardError } from '../../errors.ts';
import { grant, procedure, type HandlerContext } from '../procedure.ts';

const filters = {
  userId: z.string().max(200).optional(),
  role: z.string().max(64).optional(),
  scope: z.string().max(300).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['ok', 'denied']).optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
};

type Filters = { [K in keyof typeof filters]?: z.output<(typeof filters)[K]> };

/** Translates the API's filters (a role means everyone holding it, directly or inherited). */
function toQuery(input: Filters, ctx: HandlerContext): AuditQuery {
  const { role, ...rest } = input;
  const q: AuditQuery = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (role !== undefined) {
    const policy = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID);
    if (!Object.hasOwn(policy.roles, role)) throw new CallboardError('not_found', `No role "${role}"`, { field: 'role' });
    const engine = ctx.services.authorizer.engine();
    q.userIds = Object.keys(policy.users).filter((u) => engine.effectiveRoles(u).some((r) => r.role === role));
  }
  return q;
}

function withNames(ctx: HandlerContext) {
  const users = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).users;
  return (e: AuditEntry) => ({ ...e, userName: Object.hasOwn(users, e.userId) ? users[e.userId]!.name : e.userId });
}

const EXPORT_LIMIT = 200_000;

export const auditProcedures = {
  'audit.list': procedure({
    name: 'audit.list',
    description: 'Audit entries, newest first, filtered by user, role, scope, action, outcome and time range.',
    kind: 'query',
    input: z
      .object({
        ...filters,
        before: z.number().int().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    permission: grant('audit.view', 'audit'),
    handler: (input, ctx) => {
      const { before, limit, ...rest } = input;
      const q = { ...toQuery(rest, ctx), limit, ...(before !== undefined ? { before } : {}) };
      return ctx.services.audit.query(q).map(withNames(ctx));
    },
  }),
  'audit.export': procedure({
    name: 'audit.export',
    description: 'Every matching audit entry, oldest first, as CSV or JSON (a file body to save).',
    kind: 'query',
    input: z.object({ ...filters, format: z.enum(['csv', 'json']).default('csv') }).strict(),
    permission: grant('audit.view', 'audit'),
    handler: (input, ctx) => {
      const { format, ...rest } = input;
      const name = withNames(ctx);
      const entries: ReturnType<typeof name>[] = [];
      for (const e of ctx.services.audit.iterate(toQuery(rest, ctx))) {
        if (entries.length >= EXPORT_LIMIT) {
          throw new CallboardError('too_large', `More than ${EXPORT_LIMIT} entries match; narrow the time range`, { limit: EXPORT_LIMIT });
        }
        entries.push(name(e));
      }
      const stamp = new Date(ctx.clock.now()).toISOString().slice(0, 10);
      if (format === 'json') {
        return { filename: `audit-${stamp}.json`, contentType: 'application/json', count: entries.length, body: JSON.stringify(entries, null, 2) };
      }
      const body = stringify(
        entries.map((e) => ({
          time: new Date(e.at).toISOString(),
          user: e.userName,
          user_id: e.userId,
          device: e.deviceId,
          outcome: e.outcome,
          procedure: e.procedure,
          action: e.action,
          scope: e.scope,
          target: e.target ?? '',
          summary: e.summary,
          grant: e.grant ? `${e.grant.effect} ${e.grant.action} on ${e.grant.scope} via ${e.grant.path.join(' > ')}` : '',
          before: e.diff && typeof e.diff === 'object' && 'before' in e.diff ? JSON.stringify((e.diff as { before: unknown }).before ?? null) : '',
          after: e.diff && typeof e.diff === 'object' && 'after' in e.diff ? JSON.stringify((e.diff as { after: unknown }).after ?? null) : '',
          hash: e.hash,
        })),
        { header: true, columns: ['time', 'user', 'user_id', 'device', 'outcome', 'procedure', 'action', 'scope', 'target', 'summary', 'grant', 'before', 'after', 'hash'] },
      );
      return { filename: `audit-${stamp}.csv`, contentType: 'text/csv', count: entries.length, body };
    },
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
