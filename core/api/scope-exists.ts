import { parseScope } from '../auth/scopes.ts';
import type { Store } from '../store/store.ts';

/**
 * Whether a concrete scope names something that exists in this store, for grants: a
 * singleton scope always exists; `<kind>:<id>` exists when some document has that scope
 * (a section, production, venue or performance document), and `media:<production>` when
 * the production does (its media documents are created with the first upload).
 */
export function scopeExists(store: Store, scope: string): boolean {
  const parsed = parseScope(scope);
  if (!parsed) return false;
  if (!('id' in parsed) || parsed.id === undefined || parsed.id === '*') return true;
  if (store.list({ scope }).length > 0) return true;
  if (parsed.kind === 'media') return store.list({ scope: `production:${parsed.id}` }).length > 0;
  return false;
}
