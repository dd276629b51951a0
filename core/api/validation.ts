import type { z } from 'zod';
import { CallboardError } from '../errors.ts';

export interface FieldIssue {
  field: string;
  message: string;
}

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(input)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Parses `input` with `schema`, or throws `invalid` with a message naming the fields. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what = 'input'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({ field: fieldName(i.path), message: i.message }));
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new CallboardError('invalid', `Invalid ${what}: ${first.field}: ${first.message}${more}`, { issues });
}
