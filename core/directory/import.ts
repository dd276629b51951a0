import { parse } from 'csv-parse/sync';
import { getProduction } from '../calendar/production.ts';
import { CallboardError } from '../errors.ts';
import type { SqliteDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { addCredits, type CreditInput } from './credits.ts';
import { findMatches } from './duplicates.ts';
import { DEPARTMENTS, DEPARTMENT_LABELS, type Contact, type Department } from './model.ts';
import { createPeople, getPerson, resolvePersonId, type PersonInput } from './people.ts';
import { fold, normalizeEmail } from './text.ts';

/**
 * Import of people and credits from CSV or JSON (a cast list spreadsheet, or a file exported
 * by `exportDirectory`). `planImport` reads and checks everything and writes nothing: the
 * report lists each row's errors by row number and the people it may duplicate. `runImport`
 * carries out a plan the user confirmed.
 */

export type ImportFormat = 'csv' | 'json';

/** Column headers accepted (case, spaces, dashes and underscores ignored) → field. */
const HEADERS: Record<string, string> = {
  id: 'id',
  personid: 'id',
  name: 'name',
  fullname: 'name',
  stagename: 'stageName',
  altnames: 'altNames',
  alternativenames: 'altNames',
  pronouns: 'pronouns',
  skills: 'skills',
  unions: 'unions',
  union: 'unions',
  bio: 'bio',
  biography: 'bio',
  links: 'links',
  email: 'email',
  phone: 'phone',
  address: 'address',
  emergencycontact: 'emergencyContact',
  production: 'production',
  productionid: 'production',
  role: 'role',
  character: 'role',
  position: 'role',
  department: 'department',
  billing: 'billing',
  understudy: 'understudy',
  swing: 'swing',
  standby: 'standby',
  startdate: 'startDate',
  enddate: 'endDate',
  credits: 'credits',
  contact: 'contact',
};
const REQUIRED = ['name'];
const CREDIT_FIELDS = ['production', 'role', 'department', 'billing', 'understudy', 'swing', 'standby', 'startDate', 'endDate'];

const headerKey = (h: string) => h.toLowerCase().replace(/[\s_\-.]+/g, '');

export interface RowIssue {
  field: string;
  message: string;
}

export interface ImportRowReport {
  row: number;
  name: string;
  /** new: a person will be created; existing: the row adds to a person already there; skip; error. */
  status: 'new' | 'existing' | 'skip' | 'error';
  /** The existing person used (status existing). */
  personId: string | null;
  /** Rows of the file describing the same person (first row first). */
  sameAsRow: number | null;
  possibleDuplicates: Array<{ id: string; name: string; reason: string }>;
  credit: { productionId: string; role: string; department: Department } | null;
  errors: RowIssue[];
}

export interface ImportPlan {
  format: ImportFormat;
  rows: ImportRowReport[];
  ignoredColumns: string[];
  summary: { rows: number; errors: number; newPeople: number; existingPeople: number; credits: number; skipped: number; possibleDuplicates: number };
  /** What runImport will do (internal; not part of the preview shown to users). */
  work: { people: Array<{ row: number; input: PersonInput }>; credits: Array<{ row: number; productionId: string; credit: Omit<CreditInput, 'personId'>; personRow: number | null; personId: string | null }> };
}

export interface ImportDecision {
  row: number;
  action: 'create' | 'link' | 'skip';
  personId?: string;
}

type RawRow = { row: number; values: Record<string, unknown> };

function parseCsv(data: string): { rows: RawRow[]; ignored: string[] } {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let headers: string[] = [];
  try {
    records = parse(data, {
      columns: (h: string[]) => {
        headers = h.map((x) => String(x).trim());
        return headers.map((x) => HEADERS[headerKey(x)] ?? `?${x}`);
      },
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      relax_column_count: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (err) {
    throw new CallboardError('invalid', `The CSV file could not be read: ${(err as Error).message}`, { field: 'data' });
  }
  const known = new Set(headers.map((h) => HEADERS[headerKey(h)]).filter(Boolean));
  const missing = REQUIRED.filter((r) => !known.has(r));
  if (missing.length) {
    throw new CallboardError('invalid', `The file has no ${missing.join(', ')} column (found: ${headers.join(', ') || 'nothing'})`, {
      field: 'data',
      missingColumns: missing,
    });
  }
  return {
    rows: records.map((r) => ({ row: r.info.lines, values: Object.fromEntries(Object.entries(r.record).filter(([k]) => !k.startsWith('?'))) })),
    ignored: headers.filter((h) => !HEADERS[headerKey(h)]),
  };
}

function parseJson(data: string): { rows: RawRow[]; ignored: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    throw new CallboardError('invalid', `The JSON file could not be read: ${(err as Error).message}`, { field: 'data' });
  }
  const list = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { people?: unknown }).people) ? (value as { people: unknown[] }).people : undefined;
  if (!list) throw new CallboardError('invalid', 'The JSON file must be an array of rows or an object with a "people" array', { field: 'data' });
  const rows: RawRow[] = [];
  const ignored = new Set<string>();
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      rows.push({ row: i + 1, values: { __invalid: true } });
      return;
    }
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      const f = HEADERS[headerKey(k)];
      if (f) values[f] = v;
      else ignored.add(k);
    }
    if (values.contact && typeof values.contact === 'object') Object.assign(values, values.contact);
    const credits = Array.isArray(values.credits) ? (values.credits as Array<Record<string, unknown>>) : [];
    delete values.credits;
    delete values.contact;
    if (!credits.length) rows.push({ row: i + 1, values });
    for (const c of credits) {
      const cv: Record<string, unknown> = { ...values };
      for (const [k, v] of Object.entries(c ?? {})) {
        const f = HEADERS[headerKey(k)];
        if (f && CREDIT_FIELDS.includes(f)) cv[f] = v;
      }
      rows.push({ row: i + 1, values: cv });
    }
  });
  if (!list.length) throw new CallboardError('invalid', 'The file holds no rows', { field: 'data' });
  return { rows, ignored: [...ignored] };
}

const text = (v: unknown): string => (v == null ? '' : typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : text(v).split(/[;,]/)).map((s) => s.trim()).filter(Boolean);

function flag(v: unknown, field: string, errors: RowIssue[]): boolean {
  if (typeof v === 'boolean') return v;
  const s = text(v).toLowerCase();
  if (['', 'no', 'n', 'false', '0'].includes(s)) return false;
  if (['yes', 'y', 'true', '1', 'x'].includes(s)) return true;
  errors.push({ field, message: `"${text(v)}" is not yes or no` });
  return false;
}

function department(v: unknown, errors: RowIssue[]): Department {
  const s = fold(text(v)).replace(/[\s_]+/g, '-');
  const found = DEPARTMENTS.find((d) => d === s || fold(DEPARTMENT_LABELS[d]).replace(/\s+/g, '-') === s);
  if (!found) errors.push({ field: 'department', message: `"${text(v)}" is not one of ${DEPARTMENTS.join(', ')}` });
  return found ?? 'cast';
}

function productionOf(db: SqliteDatabase, v: string): string | undefined {
  if (getProduction(db, v)) return v;
  const row = db.prepare('SELECT id FROM productions WHERE lower(title) = lower(?) ORDER BY opening DESC LIMIT 1').get(v) as { id: string } | undefined;
  return row?.id;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface CheckedRow {
  row: number;
  key: string;
  existingId: string | null;
  person: PersonInput;
  credit: { productionId: string; credit: Omit<CreditInput, 'personId'> } | null;
  errors: RowIssue[];
}

function checkRow(db: SqliteDatabase, store: Store, raw: RawRow): CheckedRow {
  const v = raw.values;
  const errors: RowIssue[] = [];
  if (v.__invalid) errors.push({ field: '(row)', message: 'not an object' });
  const name = text(v.name);
  if (!name) errors.push({ field: 'name', message: 'is empty' });
  else if (name.length > 200) errors.push({ field: 'name', message: 'is longer than 200 characters' });
  const email = normalizeEmail(text(v.email));
  if (email && !EMAIL.test(email)) errors.push({ field: 'email', message: `"${text(v.email)}" is not an e-mail address` });
  const bio = text(v.bio);
  if (bio.length > 20_000) errors.push({ field: 'bio', message: 'is longer than 20,000 characters' });
  const links: Array<{ label: string; url: string }> = [];
  for (const l of Array.isArray(v.links) ? (v.links as unknown[]) : list(v.links)) {
    const obj = typeof l === 'object' && l ? (l as { label?: unknown; url?: unknown }) : undefined;
    const [labelPart, urlPart] = obj ? [text(obj.label), text(obj.url)] : text(l).includes('|') ? text(l).split('|', 2) : ['', text(l)];
    const url = (urlPart ?? '').trim();
    if (!/^https?:\/\/\S+$/i.test(url)) errors.push({ field: 'links', message: `"${url}" is not an http(s) link` });
    else links.push({ label: (labelPart ?? '').trim() || new URL(url).hostname, url });
  }
  const id = text(v.id);
  const existingId = id && getPerson(store, id) ? resolvePersonId(store, id) : null;
  const contact: Partial<Contact> = { email, phone: text(v.phone), address: text(v.address), emergencyContact: text(v.emergencyContact) };
  const person: PersonInput = {
    name,
    stageName: text(v.stageName),
    altNames: list(v.altNames),
    pronouns: text(v.pronouns),
    bio,
    links,
    skills: list(v.skills),
    unions: list(v.unions),
    contact,
  };
  let credit: CheckedRow['credit'] = null;
  const production = text(v.production);
  if (production) {
    const productionId = productionOf(db, production);
    if (!productionId) errors.push({ field: 'production', message: `no production "${production}"` });
    const role = text(v.role);
    if (!role) errors.push({ field: 'role', message: 'is empty (a character or a position is needed with a production)' });
    const dept = department(v.department || 'cast', errors);
    const billingText = text(v.billing);
    const billing = billingText === '' ? undefined : Number(billingText);
    if (billing !== undefined && !(Number.isFinite(billing) && billing > 0)) errors.push({ field: 'billing', message: `"${billingText}" is not a positive number` });
    const startDate = text(v.startDate);
    const endDate = text(v.endDate);
    if (startDate && !DATE.test(startDate)) errors.push({ field: 'startDate', message: 'use YYYY-MM-DD' });
    if (endDate && !DATE.test(endDate)) errors.push({ field: 'endDate', message: 'use YYYY-MM-DD' });
    credit = {
      productionId: productionId ?? production,
      credit: {
        department: dept,
        role,
        ...(billing !== undefined ? { billing } : {}),
        understudy: flag(v.understudy, 'understudy', errors),
        swing: flag(v.swing, 'swing', errors),
        standby: flag(v.standby, 'standby', errors),
        startDate,
        endDate,
      },
    };
  } else if (text(v.role)) {
    errors.push({ field: 'production', message: 'is empty but a role is given' });
  }
  const key = existingId ? `id:${existingId}` : email ? `email:${email}` : `name:${fold(name)}`;
  return { row: raw.row, key, existingId, person, credit, errors };
}

/** Reads and checks a file; writes nothing. `useEmail` false hides matches found by e-mail (callers without contact access). */
export function planImport(
  store: Store,
  format: ImportFormat,
  data: string,
  options: { decisions?: readonly ImportDecision[]; useEmail?: boolean; maxRows?: number } = {},
): ImportPlan {
  const { rows: raw, ignored } = format === 'csv' ? parseCsv(data) : parseJson(data);
  const maxRows = options.maxRows ?? 20_000;
  if (raw.length > maxRows) throw new CallboardError('too_large', `The file has ${raw.length} rows; import at most ${maxRows} at a time`, { field: 'data' });
  if (!raw.length) throw new CallboardError('invalid', 'The file holds no rows', { field: 'data' });
  const db = store.db;
  const decisions = new Map((options.decisions ?? []).map((d) => [d.row, d]));
  const checked = raw.map((r) => checkRow(db, store, r));
  // Group rows describing the same person: by id, then e-mail, then name.
  const firstRowOf = new Map<string, CheckedRow>();
  const reports: ImportRowReport[] = [];
  const work: ImportPlan['work'] = { people: [], credits: [] };
  const groupAction = new Map<number, { action: 'create' | 'link' | 'skip'; personId: string | null }>();
  for (const r of checked) {
    const first = firstRowOf.get(r.key);
    if (!first) firstRowOf.set(r.key, r);
    const lead = first ?? r;
    let report: ImportRowReport = {
      row: r.row,
      name: r.person.name,
      status: 'new',
      personId: null,
      sameAsRow: first ? first.row : null,
      possibleDuplicates: [],
      credit: r.credit ? { productionId: r.credit.productionId, role: r.credit.credit.role, department: r.credit.credit.department } : null,
      errors: r.errors,
    };
    if (!first) {
      const matches = r.existingId
        ? []
        : findMatches(db, r.person.name, options.useEmail === false ? '' : (r.person.contact?.email ?? '')).map((m) => ({ ...m }));
      const byEmail = matches.find((m) => m.reason === 'same email');
      const decision = decisions.get(r.row);
      let action: 'create' | 'link' | 'skip' = r.existingId || byEmail ? 'link' : 'create';
      let personId: string | null = r.existingId ?? byEmail?.id ?? null;
      if (decision) {
        action = decision.action;
        if (decision.action === 'link') {
          const target = decision.personId ?? personId;
          const p = target ? getPerson(store, target) : undefined;
          if (!p) r.errors.push({ field: 'personId', message: `decision for row ${r.row}: no person ${target ?? '(none given)'} to link to` });
          personId = p ? resolvePersonId(store, p.id) : null;
        } else personId = null;
      }
      groupAction.set(r.row, { action, personId });
      report = { ...report, possibleDuplicates: matches.filter((m) => m.id !== personId) };
    }
    const g = groupAction.get(lead.row)!;
    report.status = r.errors.length ? 'error' : g.action === 'skip' ? 'skip' : g.action === 'link' ? 'existing' : 'new';
    report.personId = g.personId;
    reports.push(report);
  }
  const summary = {
    rows: reports.length,
    errors: reports.filter((r) => r.status === 'error').length,
    newPeople: reports.filter((r) => r.status === 'new' && r.sameAsRow === null).length,
    existingPeople: new Set(reports.filter((r) => r.status === 'existing').map((r) => r.personId)).size,
    credits: reports.filter((r) => r.credit && (r.status === 'new' || r.status === 'existing')).length,
    skipped: reports.filter((r) => r.status === 'skip').length,
    possibleDuplicates: reports.filter((r) => r.possibleDuplicates.length > 0).length,
  };
  // The work: people to create (their lead row must be valid) and credits for valid rows.
  const created = new Set<number>();
  checked.forEach((r, i) => {
    const rep = reports[i]!;
    const leadRow = rep.sameAsRow ?? rep.row;
    const g = groupAction.get(leadRow)!;
    if (rep.status === 'error' || g.action === 'skip') return;
    if (g.action === 'create' && !created.has(leadRow)) {
      const lead = checked.find((c) => c.row === leadRow)!;
      if (lead.errors.length) {
        rep.status = 'error';
        rep.errors.push({ field: '(row)', message: `row ${leadRow}, which describes this person, has errors` });
        return;
      }
      created.add(leadRow);
      work.people.push({ row: leadRow, input: lead.person });
    }
    if (r.credit) {
      work.credits.push({
        row: r.row,
        productionId: r.credit.productionId,
        credit: r.credit.credit,
        personRow: g.action === 'create' ? leadRow : null,
        personId: g.action === 'link' ? g.personId : null,
      });
    }
  });
  summary.errors = reports.filter((r) => r.status === 'error').length;
  return { format, rows: reports, ignoredColumns: ignored, summary, work };
}

/** Carries out a plan: creates its people, then its credits, one change per document. */
export function runImport(store: Store, plan: ImportPlan, now: number): { created: string[]; credits: number } {
  return store.transaction(() => {
    const ids = createPeople(store, plan.work.people.map((p) => p.input), now);
    const idOfRow = new Map(plan.work.people.map((p, i) => [p.row, ids[i]!]));
    const byProduction = new Map<string, CreditInput[]>();
    for (const c of plan.work.credits) {
      const personId = c.personRow !== null ? idOfRow.get(c.personRow)! : c.personId!;
      byProduction.set(c.productionId, [...(byProduction.get(c.productionId) ?? []), { ...c.credit, personId }]);
    }
    let credits = 0;
    for (const [pid, inputs] of byProduction) {
      addCredits(store, pid, inputs);
      credits += inputs.length;
    }
    return { created: ids, credits };
  });
}
