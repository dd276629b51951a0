import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import {
  creditView,
  creditsDocId,
  ensureCreditsDoc,
  imm,
  newCreditId,
  str,
  type Credit,
  type CreditRecord,
  type CreditsDoc,
  type Department,
} from './model.ts';

export interface CreditInput {
  personId: string;
  department: Department;
  role: string;
  billing?: number;
  understudy?: boolean;
  swing?: boolean;
  standby?: boolean;
  startDate?: string;
  endDate?: string;
}

export type CreditPatch = Partial<Omit<CreditInput, 'personId'>> & { personId?: string };

/** The next billing number in a production's department (one past the last). */
function nextBilling(doc: CreditsDoc | undefined, department: string): number {
  let max = 0;
  for (const c of Object.values(doc?.credits ?? {})) if (str(c.department) === department && c.billing > max) max = c.billing;
  return max + 1;
}

function record(input: CreditInput, billing: number): CreditRecord {
  const rec: CreditRecord = { personId: imm(input.personId), department: imm(input.department), role: imm(input.role.trim()), billing };
  if (input.understudy) rec.understudy = true;
  if (input.swing) rec.swing = true;
  if (input.standby) rec.standby = true;
  if (input.startDate) rec.startDate = imm(input.startDate);
  if (input.endDate) rec.endDate = imm(input.endDate);
  return rec;
}

/** Adds credits to one production in one change; returns their ids. */
export function addCredits(store: Store, productionId: string, inputs: readonly CreditInput[]): string[] {
  const docId = creditsDocId(productionId);
  const ids = inputs.map(() => newCreditId());
  store.transaction(() => {
    ensureCreditsDoc(store, productionId);
    // Billing numbers are worked out from a plain copy first: reading through the document's
    // proxies once per new credit would make a large cast list quadratic.
    const next = new Map<string, number>();
    const current = store.doc<CreditsDoc>(docId);
    const planned = inputs.map((input) => {
      const b = next.get(input.department) ?? nextBilling(current, input.department);
      const billing = input.billing ?? b;
      next.set(input.department, Math.max(b, Math.floor(billing) + 1));
      return billing;
    });
    store.change<CreditsDoc>(docId, (d) => {
      inputs.forEach((input, i) => {
        d.credits[ids[i]!] = record(input, planned[i]!);
      });
    }, { message: `add ${inputs.length} credit(s)` });
  });
  return ids;
}

export function creditsDoc(store: Store, productionId: string): CreditsDoc | undefined {
  const id = creditsDocId(productionId);
  return store.has(id) ? store.doc<CreditsDoc>(id) : undefined;
}

export function getCredit(store: Store, productionId: string, creditId: string): Credit | undefined {
  const rec = creditsDoc(store, productionId)?.credits[creditId];
  return rec ? creditView(productionId, creditId, rec) : undefined;
}

export function requireCredit(store: Store, productionId: string, creditId: string): Credit {
  const c = getCredit(store, productionId, creditId);
  if (!c) throw new CallboardError('not_found', `No credit ${creditId} in production ${productionId}`, { field: 'creditId' });
  return c;
}

export function updateCredit(store: Store, productionId: string, creditId: string, patch: CreditPatch): { before: Credit; after: Credit } {
  const before = requireCredit(store, productionId, creditId);
  store.change<CreditsDoc>(creditsDocId(productionId), (d) => {
    const c = d.credits[creditId]!;
    if (patch.personId !== undefined) c.personId = imm(patch.personId);
    if (patch.department !== undefined && patch.department !== before.department) {
      c.department = imm(patch.department);
      if (patch.billing === undefined) c.billing = nextBilling(d, patch.department);
    }
    if (patch.role !== undefined) c.role = imm(patch.role.trim());
    if (patch.billing !== undefined) c.billing = patch.billing;
    if (patch.understudy !== undefined) c.understudy = patch.understudy;
    if (patch.swing !== undefined) c.swing = patch.swing;
    if (patch.standby !== undefined) c.standby = patch.standby;
    if (patch.startDate !== undefined) c.startDate = imm(patch.startDate);
    if (patch.endDate !== undefined) c.endDate = imm(patch.endDate);
  }, { message: 'edit credit' });
  return { before, after: requireCredit(store, productionId, creditId) };
}

export function removeCredit(store: Store, productionId: string, creditId: string): Credit {
  const before = requireCredit(store, productionId, creditId);
  store.change<CreditsDoc>(creditsDocId(productionId), (d) => {
    delete d.credits[creditId];
  }, { message: 'remove credit' });
  return before;
}

/**
 * Sets the billing order of one department: `order` must list exactly that department's
 * credits; they are numbered 1..n.
 */
export function reorderCredits(store: Store, productionId: string, department: Department, order: readonly string[]): void {
  const doc = creditsDoc(store, productionId);
  const current = Object.entries(doc?.credits ?? {})
    .filter(([, c]) => str(c.department) === department)
    .map(([id]) => id);
  const given = new Set(order);
  if (given.size !== order.length) throw new CallboardError('invalid', 'order lists a credit twice', { field: 'order' });
  const missing = current.filter((id) => !given.has(id));
  const extra = order.filter((id) => !current.includes(id));
  if (missing.length || extra.length) {
    throw new CallboardError('invalid', `order must list exactly the ${department} credits of ${productionId}`, {
      field: 'order',
      missing,
      unknown: extra,
    });
  }
  store.change<CreditsDoc>(creditsDocId(productionId), (d) => {
    order.forEach((id, i) => {
      if (d.credits[id]!.billing !== i + 1) d.credits[id]!.billing = i + 1;
    });
  }, { message: `reorder ${department}` });
}
