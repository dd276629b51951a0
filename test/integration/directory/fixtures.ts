import type { Authorizer } from '../../../core/auth/authorizer.ts';
import type { Decision, UserRecord } from '../../../core/auth/model.ts';
import { Dispatcher } from '../../../core/api/dispatcher.ts';
import type { Principal } from '../../../core/api/procedure.ts';
import { allProcedures } from '../../../core/api/table.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc, type ProductionInfo } from '../../../core/calendar/production.ts';
import type { Person } from '../../../core/directory/model.ts';
import type { TestApp } from '../../fixtures/app.ts';

/** Creates a production document directly (the calendar's procedures are not there yet). */
export function createProduction(t: TestApp, p: Partial<ProductionInfo> & { id: string; title: string }): void {
  const info: ProductionInfo = {
    season: '2025-26',
    status: 'planning',
    opening: null,
    closing: null,
    description: '',
    createdAt: t.clock.now(),
    ...p,
  };
  t.app.store.create<ProductionDoc>(productionDocId(p.id), PRODUCTION_DOC_TYPE, productionScope(p.id), (d) => {
    d.production = info;
  });
}

/**
 * A dispatcher over the same store whose authorizer allows exactly the listed
 * (user, action, scope) triples, for permission tests while the permission engine is
 * being finished. Everything else goes through the real dispatcher.
 */
export function dispatcherWith(t: TestApp, grants: Record<string, Array<[action: string, scope: string]>>): Dispatcher {
  const users: Record<string, UserRecord> = {};
  const authorizer: Authorizer = {
    activeUser: (id) =>
      grants[id] ? (users[id] ??= { id, name: id, email: `${id}@example.org`, status: 'active', roles: [], createdAt: 0 } as UserRecord) : undefined,
    check: (id, action, scope): Decision =>
      (grants[id] ?? []).some(([a, s]) => a === action && (s === scope || (s.endsWith(':*') && scope.startsWith(s.slice(0, -1)))))
        ? { allowed: true, reason: 'test grant' }
        : { allowed: false, reason: `no test grant for ${action} on ${scope}` },
  };
  return new Dispatcher(allProcedures(), {
    store: t.app.store,
    clock: t.clock,
    authorizer,
    audit: t.app.services.audit,
    services: t.app.services,
  });
}

export function principal(t: TestApp, userId: string): Principal {
  return { userId, deviceId: t.app.store.deviceId, via: 'local' };
}

export async function addPerson(t: TestApp, input: Record<string, unknown>): Promise<Person> {
  return (await t.app.dispatcher.call(t.admin, 'directory.createPerson', input)) as Person;
}

/** The error a call fails with (the test fails if it succeeds). */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}
