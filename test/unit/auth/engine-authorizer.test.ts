import { describe, expect, it } from 'vitest';
import type { Authorizer } from '../../../core/auth/authorizer.ts';
import { EngineAuthorizer } from '../../../core/auth/engine-authorizer.ts';
import type { PolicyDoc } from '../../../core/auth/model.ts';
import { makePolicy } from './fixtures.ts';

describe('EngineAuthorizer', () => {
  const v1 = makePolicy({ users: { ada: ['r'] }, roles: { r: [] }, grants: [['r', 'view', 'org']] });
  const v2 = makePolicy({ users: { ada: ['r'] }, roles: { r: [] }, grants: [['r', 'view', 'org', 'deny']] });

  it('implements Authorizer over the current policy document', () => {
    let current: PolicyDoc | undefined = v1;
    const auth: Authorizer = new EngineAuthorizer(() => current);
    expect(auth.check('ada', 'view', 'org').allowed).toBe(true);
    expect(auth.activeUser('ada')?.id).toBe('ada');
    current = v2;
    expect(auth.check('ada', 'view', 'org').allowed).toBe(false);
  });

  it('rebuilds the engine only when the document object changes', () => {
    let current: PolicyDoc = v1;
    let calls = 0;
    const auth = new EngineAuthorizer(() => (calls++, current));
    const first = auth.engine();
    expect(auth.engine()).toBe(first);
    auth.check('ada', 'view', 'org');
    expect(auth.engine()).toBe(first);
    current = v2;
    const second = auth.engine();
    expect(second).not.toBe(first);
    expect(auth.engine()).toBe(second);
    expect(calls).toBe(6);
  });

  it('refuses everyone while there is no policy document', () => {
    const auth = new EngineAuthorizer(() => undefined);
    expect(auth.check('ada', 'view', 'org')).toEqual({ allowed: false, reason: 'User ada is unknown' });
    expect(auth.activeUser('ada')).toBeUndefined();
    expect(auth.engine()).toBe(auth.engine());
  });

  it('explains through the current engine', () => {
    const auth = new EngineAuthorizer(() => v2);
    const x = auth.explain('ada', 'view', 'org');
    expect(x.decision.allowed).toBe(false);
    expect(x.matches.map((m) => m.id)).toEqual(['g000']);
  });
});
