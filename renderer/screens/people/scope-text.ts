/** Scopes and actions in words a company manager reads, beside their exact spelling. */

const SINGLETONS: Record<string, string> = {
  org: 'the company record',
  theme: 'the brand (logo, colours, type)',
  policy: 'people, roles and grants',
  directory: 'the cast and crew directory',
  audit: 'the audit log',
  sync: 'devices and sync',
  system: 'the data store itself',
};

const KINDS: Record<string, [one: string, every: string]> = {
  section: ['website section', 'every website section'],
  production: ['production', 'every production'],
  venue: ['venue', 'every venue'],
  media: ['media of production', "every production's media"],
  boxoffice: ['box office of performance', "every performance's box office"],
};

export function describeScope(scope: string): string {
  if (scope === '*') return 'everything';
  const single = SINGLETONS[scope];
  if (single) return single;
  const colon = scope.indexOf(':');
  const kind = colon < 0 ? undefined : KINDS[scope.slice(0, colon)];
  if (!kind) return scope;
  const id = scope.slice(colon + 1);
  return id === '*' ? kind[1] : `${kind[0]} “${id}”`;
}

export function describeAction(action: string): string {
  return action === '*' ? 'every action' : action;
}

/** Syntax only (the API decides whether the scope exists and suits the action). */
const SCOPE_RE = /^(\*|[a-z]+|[a-z]+:(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,127}))$/;

export function scopeSyntaxError(scope: string): string | undefined {
  const s = scope.trim();
  if (s === '') return 'Enter a scope, such as section:costumes, production:* or directory.';
  if (!SCOPE_RE.test(s)) return `“${s}” is not a scope: write a kind and an id (section:costumes), a kind and * (production:*), a single scope such as directory, or * for everything.`;
  return undefined;
}

/** Scope suggestions for an action: `*`, the single scopes and `<kind>:*` of the kinds it applies to. */
export function scopeSuggestions(kinds: readonly string[], singletons: readonly string[]): string[] {
  const out = ['*'];
  for (const k of kinds) out.push(singletons.includes(k) ? k : `${k}:*`);
  return out;
}
