import { CallboardError, invalid } from '../errors.ts';
import { actionAppliesTo, isKnownAction } from './actions.ts';
import type { Effect, UserStatus } from './model.ts';
import { parseScope, type ParsedScope } from './scopes.ts';

/** Field checks shared by the policy operations; each throws `invalid` naming the field. */

const ROLE_ID_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const USER_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

export function roleId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string' || !ROLE_ID_RE.test(value)) {
    throw invalid(`${field} must be a slug: lowercase letters, digits and inner hyphens, at most 64 characters`, { field });
  }
  return value;
}

export function userId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string' || !USER_ID_RE.test(value)) {
    throw invalid(`${field} must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`, { field });
  }
  return value;
}

export function text(value: unknown, field: string, max: number, required: boolean): string {
  if (typeof value !== 'string') throw invalid(`${field} must be text`, { field });
  const trimmed = value.trim();
  if (required && trimmed === '') throw invalid(`${field} must not be empty`, { field });
  if (trimmed.length > max) throw invalid(`${field} must be at most ${max} characters`, { field });
  if (CONTROL_RE.test(trimmed)) throw invalid(`${field} must not contain control characters`, { field });
  return trimmed;
}

export function email(value: unknown, field = 'email'): string {
  const v = text(value, field, 254, true);
  if (!EMAIL_RE.test(v)) throw invalid(`${field} must be an e-mail address`, { field });
  return v;
}

export function status(value: unknown, field = 'status'): UserStatus {
  if (value !== 'active' && value !== 'suspended') throw invalid(`${field} must be "active" or "suspended"`, { field });
  return value;
}

export function effect(value: unknown, field = 'effect'): Effect {
  if (value !== 'allow' && value !== 'deny') throw invalid(`${field} must be "allow" or "deny"`, { field });
  return value;
}

export function action(value: unknown, field = 'action'): string {
  if (typeof value !== 'string' || !isKnownAction(value)) throw invalid(`${field}: "${String(value)}" is not a known action`, { field });
  return value;
}

export function scope(value: unknown, field = 'scope'): ParsedScope {
  const parsed = typeof value === 'string' ? parseScope(value) : undefined;
  if (!parsed) throw invalid(`${field}: "${String(value)}" is not a valid scope (e.g. section:costumes, production:*, directory, *)`, { field });
  return parsed;
}

export function actionOnScope(act: string, parsed: ParsedScope, scopeText: string): void {
  if (!actionAppliesTo(act, parsed.kind)) {
    throw invalid(`action ${act} cannot be granted on ${scopeText}`, { field: 'scope' });
  }
}

/** A list of distinct ids, each checked by `check`. */
export function idList(value: unknown, field: string, check: (v: unknown, f: string) => string): string[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be a list`, { field });
  const out = value.map((v, i) => check(v, `${field}[${i}]`));
  const dup = out.find((v, i) => out.indexOf(v) !== i);
  if (dup !== undefined) throw invalid(`${field} lists ${dup} twice`, { field });
  return out;
}

export const forbidden = (message: string, details?: Record<string, unknown>) => new CallboardError('forbidden', message, details);
