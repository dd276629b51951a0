import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES, seedPolicy } from '../../../core/auth/builtin-roles.ts';
import { PolicyEngine } from '../../../core/auth/engine.ts';
import type { PolicyDoc } from '../../../core/auth/model.ts';
import { actionAppliesTo } from '../../../core/auth/actions.ts';
import { scopeKind } from '../../../core/auth/scopes.ts';
import { CallboardError } from '../../../core/errors.ts';

const admin = { id: 'usr-1', name: 'Morgan', email: 'morgan@theater.org' };

function seeded(): PolicyDoc {
  const draft: Partial<PolicyDoc> = {};
  seedPolicy(draft, { adminUser: admin, now: 42 });
  return draft as PolicyDoc;
}

function withUser(p: PolicyDoc, role: string): PolicyEngine {
  return new PolicyEngine({ ...p, users: { ...p.users, u: { id: 'u', name: 'U', email: 'u@x.org', status: 'active', roles: [role], createdAt: 0 } } });
}

describe('built-in roles', () => {
  it('only use known actions on scopes they apply to, and existing parents', () => {
    const ids = new Set(BUILTIN_ROLES.map((b) => b.role.id));
    for (const b of BUILTIN_ROLES) {
      for (const p of b.role.parents) expect(ids.has(p)).toBe(true);
      for (const g of b.grants) expect(actionAppliesTo(g.action, scopeKind(g.scope) as never), `${b.role.id} ${g.action} ${g.scope}`).toBe(true);
    }
  });

  it('seedPolicy creates the roles, their grants and the first admin', () => {
    const p = seeded();
    expect(Object.keys(p.roles).sort()).toEqual(['admin', 'box-office', 'editor', 'photographer', 'section-editor', 'stage-manager', 'viewer']);
    expect(Object.values(p.roles).every((r) => r.builtIn)).toBe(true);
    expect(p.users['usr-1']).toEqual({ ...admin, status: 'active', roles: ['admin'], createdAt: 42 });
    expect(p.devices).toEqual({});
    expect(Object.values(p.grants).every((g) => g.createdAt === 42 && g.createdBy === 'usr-1')).toBe(true);
    const e = new PolicyEngine(p);
    expect(e.check('usr-1', 'policy.manage', 'policy').allowed).toBe(true);
    expect(e.check('usr-1', '*', '*').allowed).toBe(true);
  });

  it('gives each role what its description says', () => {
    const p = seeded();
    const editor = withUser(p, 'editor');
    expect(editor.check('u', 'content.publish', 'section:news').allowed).toBe(true);
    expect(editor.check('u', 'view', 'directory').grant?.path).toEqual(['editor', 'viewer']);
    expect(editor.check('u', 'policy.manage', 'policy').allowed).toBe(false);
    const se = withUser(p, 'section-editor');
    expect(se.check('u', 'view', 'section:news').allowed).toBe(true);
    expect(se.check('u', 'content.edit', 'section:news').allowed).toBe(false);
    const sm = withUser(p, 'stage-manager');
    expect(sm.check('u', 'calendar.schedule', 'production:hamlet').allowed).toBe(true);
    expect(sm.check('u', 'directory.contact.view', 'directory').allowed).toBe(true);
    expect(sm.check('u', 'tickets.sell', 'boxoffice:p1').allowed).toBe(false);
    const bo = withUser(p, 'box-office');
    expect(bo.check('u', 'tickets.refund', 'boxoffice:p1').allowed).toBe(true);
    expect(bo.check('u', 'tickets.manage', 'boxoffice:p1').allowed).toBe(false);
    const ph = withUser(p, 'photographer');
    expect(ph.check('u', 'media.upload', 'media:hamlet').allowed).toBe(true);
    expect(ph.check('u', 'media.upload', 'production:hamlet').allowed).toBe(false);
    const vw = withUser(p, 'viewer');
    expect(vw.check('u', 'view', 'boxoffice:p1').allowed).toBe(true);
    expect(vw.check('u', 'content.edit', 'section:news').allowed).toBe(false);
  });

  it('works inside an Automerge change on an empty document', () => {
    const doc = A.change(A.init<PolicyDoc>(), (d) => seedPolicy(d, { adminUser: admin, now: 1 }));
    expect(new PolicyEngine(doc).check('usr-1', 'policy.manage', 'policy').allowed).toBe(true);
    expect(doc.roles.editor?.parents).toEqual(['viewer']);
  });

  it('refuses a document that already has content, and a bad admin', () => {
    const p = seeded();
    expect(() => seedPolicy(p, { adminUser: admin, now: 1 })).toThrow(/already holds users/);
    const draft: Partial<PolicyDoc> = { users: {}, roles: {}, grants: { x: {} as never } };
    expect(() => seedPolicy(draft, { adminUser: admin, now: 1 })).toThrow(CallboardError);
    expect(draft.roles).toEqual({});
    expect(() => seedPolicy({}, { adminUser: { ...admin, email: 'nope' }, now: 1 })).toThrow(/adminUser.email/);
    expect(() => seedPolicy({}, { adminUser: { ...admin, name: ' ' }, now: 1 })).toThrow(/adminUser.name/);
    expect(() => seedPolicy({}, { adminUser: { ...admin, id: '' }, now: 1 })).toThrow(/adminUser.id/);
    const kept = { devices: { d: {} as never } };
    seedPolicy(kept, { adminUser: admin, now: 1 });
    expect(Object.keys(kept.devices)).toEqual(['d']);
  });
});
