import { formatDateTime } from '../../format.ts';

export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  /** False for fields shown only because the entry has a single side (created or removed). */
  changed: boolean;
}

export interface Diff {
  before: unknown;
  after: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `{before, after}` an audit entry carries, if it carries one. */
export function asDiff(value: unknown): Diff | undefined {
  if (!isRecord(value) || !('before' in value || 'after' in value)) return undefined;
  if (value.before === undefined && value.after === undefined) return undefined;
  return { before: value.before, after: value.after };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Field by field: for a change, only the fields that differ; for a creation (no before) or
 * removal (no after), every field of the side there is.
 */
export function diffRows(diff: Diff): DiffRow[] {
  const { before, after } = diff;
  if (!isRecord(before) && !isRecord(after)) return same(before, after) ? [] : [{ field: 'value', before, after, changed: true }];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const oneSided = !isRecord(before) || !isRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: b[field], after: a[field], changed: !same(b[field], a[field]) }))
    .filter((r) => oneSided || r.changed);
}

/** `createdAt` → `Created at`. */
export function fieldLabel(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ValueContext {
  roleName: (id: string) => string;
  timeZone: string | undefined;
}

/** A value as a person reads it: lists joined, role ids as role names, times in the company's zone. */
export function formatValue(field: string, value: unknown, ctx: ValueContext): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    const roleList = field === 'roles' || field === 'parents';
    return value.map((v) => (roleList && typeof v === 'string' ? ctx.roleName(v) : formatValue('', v, ctx))).join(', ');
  }
  if (typeof value === 'number' && /At$/.test(field)) return formatDateTime(value, ctx.timeZone);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (field === 'role' && typeof value === 'string') return ctx.roleName(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
