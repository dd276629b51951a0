import type { z } from 'zod';
import type { Procedure } from './procedure.ts';
import { auditProcedures } from './procedures/audit.ts';
import { calendarProcedures, productionProcedures, venueProcedures } from './procedures/calendar.ts';
import { chartProcedures } from './procedures/charts.ts';
import { performanceProcedures } from './procedures/performances.ts';
import { ticketProcedures } from './procedures/tickets.ts';
import { directoryProcedures } from './procedures/directory.ts';
import { mediaProcedures } from './procedures/media.ts';
import { orgProcedures } from './procedures/org.ts';
import { sessionProcedures } from './procedures/session.ts';
import { systemProcedures } from './procedures/system.ts';
import { tokenProcedures } from './procedures/users.ts';
import { policyProcedures } from './procedures/policy.ts';
import { syncProcedures } from './procedures/sync.ts';
import { contentProcedures } from './procedures/content.ts';

/**
 * The one procedure table. Every transport (in-process, Electron IPC, HTTP, WebSocket)
 * serves exactly this table through the dispatcher. Keys must equal procedure names.
 */
export const procedureTable = {
  ...systemProcedures,
  ...sessionProcedures,
  ...orgProcedures,
  ...policyProcedures,
  ...syncProcedures,
  ...contentProcedures,
  ...tokenProcedures,
  ...auditProcedures,
  ...chartProcedures,
  ...performanceProcedures,
  ...ticketProcedures,
  ...directoryProcedures,
  ...productionProcedures,
  ...venueProcedures,
  ...calendarProcedures,
  ...mediaProcedures,
};

export type ProcedureTable = typeof procedureTable;
export type ProcedureName = keyof ProcedureTable;
export type ProcedureInput<N extends ProcedureName> = ProcedureTable[N] extends Procedure<infer _I, infer _O>
  ? z.input<ProcedureTable[N]['input']>
  : never;
export type ProcedureOutput<N extends ProcedureName> = ProcedureTable[N] extends Procedure<infer _I, infer O> ? Awaited<O> : never;

export function allProcedures(): Procedure[] {
  return Object.entries(procedureTable).map(([key, p]) => {
    if (key !== p.name) throw new Error(`Procedure table key ${key} does not match its name ${p.name}`);
    return p as unknown as Procedure;
  });
}
