import { SINGLETON_KINDS, ID_KINDS, type ScopeKind } from './scopes.ts';

/**
 * The catalogue of actions a grant can name. `view` (read anything of a scope) applies to
 * every scope kind; `*` in a grant means every action, present and future. A grant's scope
 * must be of a kind its action applies to (or `*`, or a wildcard of such a kind).
 */
export interface ActionInfo {
  name: string;
  description: string;
  /** Scope kinds this action can be granted on. */
  scopes: readonly ScopeKind[];
}

export const ALL_ACTIONS = '*';
export const VIEW = 'view';

const ALL_KINDS: readonly ScopeKind[] = [...SINGLETON_KINDS, ...ID_KINDS];

export const ACTIONS: readonly ActionInfo[] = [
  { name: VIEW, description: 'See what a scope holds (read-only)', scopes: ALL_KINDS },
  { name: 'org.manage', description: 'Edit the company record and its section registry', scopes: ['org'] },
  { name: 'content.edit', description: "Edit a section's pages and blocks", scopes: ['section'] },
  { name: 'content.publish', description: "Publish a section's pages to the website", scopes: ['section'] },
  { name: 'theme.manage', description: 'Set the logo, palette and type scale', scopes: ['theme'] },
  { name: 'calendar.schedule', description: 'Create, move and cancel rehearsals and performances', scopes: ['production', 'venue'] },
  { name: 'calendar.venues', description: "Add venues and edit their spaces, availability and blackout dates", scopes: ['venue'] },
  { name: 'directory.edit', description: 'Add, edit and merge people and credits', scopes: ['directory', 'production'] },
  { name: 'directory.contact.view', description: "See people's phone numbers and e-mail addresses", scopes: ['directory'] },
  { name: 'directory.contact.edit', description: "Change people's phone numbers, e-mail and postal addresses", scopes: ['directory'] },
  { name: 'tickets.sell', description: 'Sell seats and hold them for customers', scopes: ['boxoffice'] },
  { name: 'tickets.refund', description: 'Refund and exchange sold seats', scopes: ['boxoffice'] },
  { name: 'tickets.manage', description: 'Set seating charts, prices and allocations', scopes: ['boxoffice', 'venue'] },
  { name: 'media.upload', description: 'Upload photos, video and documents', scopes: ['media'] },
  { name: 'media.edit', description: 'Edit, tag, arrange and delete media', scopes: ['media'] },
  { name: 'policy.manage', description: 'Manage users, roles, grants and devices', scopes: ['policy'] },
  { name: 'audit.view', description: 'Read the audit trail', scopes: ['audit'] },
  { name: 'system.manage', description: 'Rebuild query tables, back up and restore the store', scopes: ['system'] },
  { name: 'sync.manage', description: 'Manage peers, enrolled devices and sync settings', scopes: ['sync'] },
];

const byName: ReadonlyMap<string, ActionInfo> = new Map(ACTIONS.map((a) => [a.name, a]));

export function actionInfo(name: string): ActionInfo | undefined {
  return byName.get(name);
}

/** A catalogue action or `*`. */
export function isKnownAction(name: string): boolean {
  return name === ALL_ACTIONS || byName.has(name);
}

/**
 * Can `action` be granted on a scope of `kind` (`*` for the universal scope)? Unknown
 * actions apply to nothing.
 */
export function actionAppliesTo(action: string, kind: ScopeKind | '*'): boolean {
  if (action === ALL_ACTIONS || kind === '*') return isKnownAction(action);
  return byName.get(action)?.scopes.includes(kind) ?? false;
}
