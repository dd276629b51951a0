/**
 * Scopes: the units a permission is granted on, and the one rule that says which grant
 * scope covers which requested scope.
 *
 *   `*`                       every scope
 *   `org` `theme` `policy` `directory` `audit` `sync` `system`
 *                             singletons: the company record, the brand, users/roles/grants,
 *                             the cast-and-crew directory, the audit trail, devices and sync,
 *                             the store itself (reindex, backups)
 *   `section:<id>`            one website section           `section:*` every section
 *   `production:<id>`         one production (its schedule, credits)  `production:*`
 *   `venue:<id>`              one venue                      `venue:*`
 *   `media:<production>`      one production's media         `media:*`
 *   `boxoffice:<performance>` one performance's tickets      `boxoffice:*`
 *
 * Matching is deliberately flat: a pattern covers a scope when it is `*`, equal to it, or
 * `<kind>:*` for a scope of the same kind. Kinds never contain each other:
 * `production:hamlet` does NOT cover `media:hamlet` nor any `boxoffice:` scope; grant
 * `media:hamlet` explicitly. (A boxoffice scope names a performance, not a production, so
 * containment could not be applied uniformly anyway, and explicit grants keep `explain`
 * readable.)
 *
 * A requested scope may itself be a wildcard (`production:*`, asked when someone grants a
 * wildcard): an allow must *cover* it, and a deny only has to *overlap* it to refuse, so
 * "may X do A on every production" is refused if X is denied A on any one production.
 */

export const SINGLETON_KINDS = ['org', 'theme', 'policy', 'directory', 'audit', 'sync', 'system'] as const;
export const ID_KINDS = ['section', 'production', 'venue', 'media', 'boxoffice'] as const;

export type SingletonKind = (typeof SINGLETON_KINDS)[number];
export type IdKind = (typeof ID_KINDS)[number];
export type ScopeKind = SingletonKind | IdKind;

export type ParsedScope =
  | { kind: '*' }
  | { kind: SingletonKind }
  | { kind: IdKind; id: string }
  | { kind: IdKind; id: '*' };

/** Ids inside scopes: letters, digits, `.`, `_`, `-`; starting with a letter or digit; at most 128. */
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const singletons: ReadonlySet<string> = new Set(SINGLETON_KINDS);
const idKinds: ReadonlySet<string> = new Set(ID_KINDS);

export function isScopeKind(kind: string): kind is ScopeKind {
  return singletons.has(kind) || idKinds.has(kind);
}

/** Parses a scope or scope pattern; undefined when it is not valid syntax. */
export function parseScope(scope: string): ParsedScope | undefined {
  if (scope === '*') return { kind: '*' };
  if (singletons.has(scope)) return { kind: scope as SingletonKind };
  const colon = scope.indexOf(':');
  if (colon < 0) return undefined;
  const kind = scope.slice(0, colon);
  const id = scope.slice(colon + 1);
  if (!idKinds.has(kind)) return undefined;
  if (id !== '*' && !ID_RE.test(id)) return undefined;
  return { kind: kind as IdKind, id };
}

export function isValidScope(scope: string): boolean {
  return parseScope(scope) !== undefined;
}

/** True for `*` and `<kind>:*`. */
export function isWildcardScope(scope: string): boolean {
  return scope === '*' || scope.endsWith(':*');
}

/** The kind of a valid scope (`*` for the universal pattern). */
export function scopeKind(scope: string): ScopeKind | '*' | undefined {
  return parseScope(scope)?.kind;
}

/** The `<kind>:*` pattern for an id scope, undefined for `*` and singletons. */
export function kindWildcard(scope: string): string | undefined {
  const colon = scope.indexOf(':');
  return colon < 0 ? undefined : `${scope.slice(0, colon)}:*`;
}

/**
 * Does grant scope `pattern` cover every scope `scope` stands for? Both are assumed valid;
 * for a concrete `scope` this is plain matching.
 */
export function covers(pattern: string, scope: string): boolean {
  if (pattern === '*' || pattern === scope) return true;
  return pattern.endsWith(':*') && scope.startsWith(pattern.slice(0, -1));
}

/** Do the two patterns share at least one concrete scope? */
export function overlaps(a: string, b: string): boolean {
  return covers(a, b) || covers(b, a);
}
