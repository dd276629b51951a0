import { conflict } from '../errors.ts';
import { ADMIN_ROLE, type Effect, type GrantRecord, type PolicyDoc, type RoleRecord } from './model.ts';
import { defaultGrantId } from './policy-ops.ts';
import * as v from './policy-validate.ts';

/**
 * The roles a new company starts with. They are ordinary roles (marked builtIn): a company
 * copies and changes them with the policy operations. Section editor carries only `view`
 * on sections; a company grants it (or a role inheriting from it, such as costume-designer)
 * content.edit on its own sections.
 */
export interface BuiltinRole {
  role: Omit<RoleRecord, 'builtIn'>;
  grants: ReadonlyArray<{ action: string; scope: string; effect: Effect }>;
}

const allow = (action: string, scope: string) => ({ action, scope, effect: 'allow' as const });

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    role: { id: ADMIN_ROLE, name: 'Admin', description: 'May do everything, including managing people, roles and grants', parents: [] },
    grants: [allow('*', '*'), allow('policy.manage', 'policy')],
  },
  {
    role: { id: 'viewer', name: 'Viewer', description: 'Sees everything, changes nothing', parents: [] },
    grants: [allow('view', '*')],
  },
  {
    role: { id: 'editor', name: 'Editor', description: 'Edits and publishes every website section', parents: ['viewer'] },
    grants: [allow('content.edit', 'section:*'), allow('content.publish', 'section:*')],
  },
  {
    role: { id: 'section-editor', name: 'Section editor', description: 'Edits the sections granted to them; sees every section', parents: [] },
    grants: [allow('view', 'section:*')],
  },
  {
    role: { id: 'stage-manager', name: 'Stage manager', description: 'Builds rehearsal and performance schedules and calls people', parents: [] },
    grants: [
      allow('calendar.schedule', 'production:*'),
      allow('view', 'production:*'),
      allow('view', 'venue:*'),
      allow('view', 'directory'),
      allow('directory.contact.view', 'directory'),
    ],
  },
  {
    role: { id: 'box-office', name: 'Box office', description: 'Sells and refunds seats', parents: [] },
    grants: [allow('tickets.sell', 'boxoffice:*'), allow('tickets.refund', 'boxoffice:*'), allow('view', 'boxoffice:*'), allow('view', 'production:*')],
  },
  {
    role: { id: 'photographer', name: 'Photographer', description: 'Uploads and organizes production media', parents: [] },
    grants: [allow('media.upload', 'media:*'), allow('media.edit', 'media:*'), allow('view', 'media:*'), allow('view', 'production:*')],
  },
];

export interface SeedOptions {
  adminUser: { id: string; name: string; email: string };
  now: number;
}

/**
 * Fills an empty policy document (draft) with the built-in roles and grants and the first
 * admin. Refused if the document already holds users, roles or grants.
 */
export function seedPolicy(draft: Partial<PolicyDoc>, opts: SeedOptions): void {
  const filled = ['users', 'roles', 'grants'].find((k) => Object.keys(draft[k as keyof PolicyDoc] ?? {}).length > 0);
  if (filled) throw conflict(`The policy document already holds ${filled}`, { field: filled });
  const id = v.userId(opts.adminUser.id, 'adminUser.id');
  const name = v.text(opts.adminUser.name, 'adminUser.name', 200, true);
  const email = v.email(opts.adminUser.email, 'adminUser.email');
  const roles: Record<string, RoleRecord> = {};
  const grants: Record<string, GrantRecord> = {};
  for (const b of BUILTIN_ROLES) {
    roles[b.role.id] = { ...b.role, parents: [...b.role.parents], builtIn: true };
    for (const g of b.grants) {
      const gid = defaultGrantId({ role: b.role.id, ...g });
      grants[gid] = { id: gid, role: b.role.id, ...g, createdAt: opts.now, createdBy: id };
    }
  }
  draft.roles = roles;
  draft.grants = grants;
  draft.users = { [id]: { id, name, email, status: 'active', roles: [ADMIN_ROLE], createdAt: opts.now } };
  draft.devices ??= {};
}
