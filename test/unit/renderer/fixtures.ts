import type { FakeHandlers } from '../../../renderer/api/fake-client.ts';
import type { ProcedureOutput } from '../../../renderer/api/types.ts';

type User = ProcedureOutput<'users.list'>[number];
type AuditEntry = ProcedureOutput<'audit.list'>[number];

const T0 = Date.UTC(2026, 0, 12, 18, 30);

export const company = {
  name: 'Riverside Players',
  shortName: 'Riverside',
  city: 'Millbrook, Oregon',
  timeZone: 'America/Los_Angeles',
  website: 'https://riversideplayers.example.org',
  email: 'hello@riversideplayers.example.org',
};

export const morgan: User = { id: 'u-morgan', name: 'Morgan Reyes', email: 'morgan@example.org', status: 'active', roles: ['admin'], createdAt: T0 };
export const priya: User = { id: 'u-priya', name: 'Priya Natarajan', email: 'priya@example.org', status: 'active', roles: [], createdAt: T0 + 1000 };
export const dev: User = { id: 'u-dev', name: 'Dev Okafor', email: 'dev@example.org', status: 'suspended', roles: ['stage-manager'], createdAt: T0 + 2000 };

export function auditEntry(seq: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    id: `a-${seq}`,
    at: T0 + seq * 60_000,
    deviceId: 'dev-1',
    userId: morgan.id,
    userName: morgan.name,
    action: 'policy.manage',
    procedure: 'users.create',
    scope: 'policy',
    target: undefined,
    summary: `Entry ${seq}`,
    diff: null,
    grant: undefined,
    outcome: 'ok',
    prevHash: '0',
    hash: '1',
    ...over,
  };
}

/** A demo-like company answered by the fake API. */
export function demoHandlers(users: User[] = [morgan, priya, dev]): FakeHandlers {
  return {
    'org.get': () => ({ company: { ...company }, createdAt: T0 }),
    'performances.list': () => [],
    'session.whoami': () => ({ user: { id: morgan.id, name: morgan.name, email: morgan.email, roles: ['admin'], status: 'active' }, deviceId: 'dev-1a2b3c', via: 'token' }),
    'users.list': () => users.map((u) => ({ ...u })),
    'audit.list': () => [
      auditEntry(2, { summary: 'Added user Priya Natarajan <priya@example.org>' }),
      auditEntry(1, { summary: 'Tried to change company details', outcome: 'denied', userId: priya.id, userName: priya.name, procedure: 'org.update' }),
    ],
    'directory.facets': () => ({ skills: [], unions: [], seasons: [], departments: [], productions: [], permissions: { edit: true, contactView: true, contactEdit: true } }),
    'directory.search': () => ({ total: 0, hits: [], fuzzy: false }),
    'system.health': () => ({ ok: true, version: '0.1.0', deviceId: 'dev-1a2b3c', documents: 2, uptimeMs: 90_000 }),
  };
}
