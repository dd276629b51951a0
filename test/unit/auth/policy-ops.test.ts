import * as A from '@automerge/automerge';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { seedPolicy } from '../../../core/auth/builtin-roles.ts';
import { PolicyEngine } from '../../../core/auth/engine.ts';
import type { GrantRecord, PolicyDoc } from '../../../core/auth/model.ts';
import {
  addGrant,
  assignRole,
  createRole,
  createUser,
  defaultGrantId,
  deleteRole,
  deleteUser,
  removeGrant,
  setRoleParents,
  setUserStatus,
  unassignRole,
  updateRole,
  updateUser,
  type PolicyOpContext,
} from '../../../core/auth/policy-ops.ts';
import { CallboardError, type ErrorCode } from '../../../core/errors.ts';

const NOW = 1_767_268_800_000;
const boss: PolicyOpContext = { actorId: 'boss', now: NOW };
const mgr: PolicyOpContext = { actorId: 'mgr', now: NOW };
const exists = () => true;

function grant(id: string, role: string, action: string, scope: string, effect: 'allow' | 'deny' = 'allow'): GrantRecord {
  return { id, role, action, scope, effect, createdAt: 0, createdBy: 'seed' };
}

/** The seeded company, plus a people manager who holds less than admin, and a few roles. */
function company(): PolicyDoc {
  const p = {} as PolicyDoc;
  seedPolicy(p, { adminUser: { id: 'boss', name: 'Boss', email: 'boss@theater.org' }, now: 0 });
  p.roles['people-manager'] = { id: 'people-manager', name: 'People manager', description: '', parents: [], builtIn: false };
  p.roles['no-board'] = { id: 'no-board', name: 'No board', description: '', parents: [], builtIn: false };
  p.roles['no-tickets'] = { id: 'no-tickets', name: 'No tickets', description: '', parents: [], builtIn: false };
  for (const g of [
    grant('pm-policy', 'people-manager', 'policy.manage', 'policy'),
    grant('pm-edit', 'people-manager', 'content.edit', 'section:*'),
    grant('pm-publish', 'people-manager', 'content.publish', 'section:*'),
    grant('pm-view', 'people-manager', 'view', '*'),
    grant('nb-deny', 'no-board', 'content.publish', 'section:board', 'deny'),
    grant('nt-deny', 'no-tickets', 'tickets.sell', 'boxoffice:*', 'deny'),
  ]) {
    p.grants[g.id] = g;
  }
  p.users.mgr = { id: 'mgr', name: 'Mina', email: 'mina@theater.org', status: 'active', roles: ['people-manager'], createdAt: 0 };
  p.users.ada = { id: 'ada', name: 'Ada', email: 'ada@theater.org', status: 'active', roles: ['section-editor'], createdAt: 0 };
  p.devices.d1 = { id: 'd1', userId: 'ada', name: 'laptop', publicKey: 'k1', enrolledAt: 0, revokedAt: null };
  p.devices.d2 = { id: 'd2', userId: 'ada', name: 'old', publicKey: 'k2', enrolledAt: 0, revokedAt: 5 };
  p.devices.d3 = { id: 'd3', userId: 'mgr', name: 'desk', publicKey: 'k3', enrolledAt: 0, revokedAt: null };
  return p;
}

let p: PolicyDoc;
beforeEach(() => {
  p = company();
});

/** Asserts the operation throws a CallboardError with `code` (and message match) and leaves the policy untouched. */
function refuses(fn: () => unknown, code: ErrorCode, message?: RegExp): CallboardError {
  const before = structuredClone(p);
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(CallboardError);
  const err = caught as CallboardError;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  expect(p).toEqual(before);
  return err;
}

describe('createUser', () => {
  it('creates an active user with roles', () => {
    const u = createUser(p, boss, { id: 'bea', name: '  Bea  ', email: 'bea@theater.org', roles: ['editor', 'box-office'] });
    expect(u).toEqual({ id: 'bea', name: 'Bea', email: 'bea@theater.org', status: 'active', roles: ['editor', 'box-office'], createdAt: NOW });
    expect(p.users.bea).toEqual(u);
    expect(createUser(p, boss, { id: 'cal', name: 'Cal', email: 'cal@theater.org' }).roles).toEqual([]);
  });

  it('validates every field', () => {
    expect(refuses(() => createUser(p, boss, { id: 'bad id', name: 'X', email: 'x@y.org' }), 'invalid', /^id /).details).toEqual({ field: 'id' });
    refuses(() => createUser(p, boss, { id: 'x', name: '  ', email: 'x@y.org' }), 'invalid', /name must not be empty/);
    refuses(() => createUser(p, boss, { id: 'x', name: 'a'.repeat(201), email: 'x@y.org' }), 'invalid', /name must be at most 200/);
    refuses(() => createUser(p, boss, { id: 'x', name: 'a\u0007b', email: 'x@y.org' }), 'invalid', /control characters/);
    refuses(() => createUser(p, boss, { id: 'x', name: 42 as unknown as string, email: 'x@y.org' }), 'invalid', /name must be text/);
    refuses(() => createUser(p, boss, { id: 'x', name: 'X', email: 'not-an-address' }), 'invalid', /email must be an e-mail address/);
    refuses(() => createUser(p, boss, { id: 'x', name: 'X', email: 'x@y.org', roles: 'editor' as unknown as string[] }), 'invalid', /roles must be a list/);
    refuses(() => createUser(p, boss, { id: 'x', name: 'X', email: 'x@y.org', roles: ['editor', 'editor'] }), 'invalid', /roles lists editor twice/);
    refuses(() => createUser(p, boss, { id: 'x', name: 'X', email: 'x@y.org', roles: ['Editor!'] }), 'invalid', /roles\[0\] must be a slug/);
    expect(refuses(() => createUser(p, boss, { id: 'x', name: 'X', email: 'x@y.org', roles: ['viewer', 'ghost'] }), 'not_found', /Role ghost/).details).toEqual({ field: 'roles[1]' });
  });

  it('refuses a taken id or e-mail address', () => {
    refuses(() => createUser(p, boss, { id: 'ada', name: 'Ada 2', email: 'ada2@theater.org' }), 'conflict', /User ada already exists/);
    refuses(() => createUser(p, boss, { id: 'ada2', name: 'Ada 2', email: 'ADA@theater.org' }), 'conflict', /already belongs to Ada/);
  });

  it('refuses to hand out roles carrying permissions the actor lacks', () => {
    const err = refuses(() => createUser(p, mgr, { id: 'x', name: 'X', email: 'x@y.org', roles: ['admin'] }), 'forbidden', /which you do not hold yourself/);
    expect(err.details).toMatchObject({ action: '*', scope: '*' });
    expect(createUser(p, mgr, { id: 'ed', name: 'Ed', email: 'ed@y.org', roles: ['editor'] }).roles).toEqual(['editor']);
  });
});

describe('updateUser', () => {
  it('changes name and e-mail, keeping the own address allowed', () => {
    updateUser(p, boss, 'ada', { name: 'Ada L.', email: 'ada@theater.org' });
    expect(p.users.ada).toMatchObject({ name: 'Ada L.', email: 'ada@theater.org' });
    updateUser(p, boss, 'ada', { email: 'lovelace@theater.org' });
    expect(p.users.ada?.email).toBe('lovelace@theater.org');
    updateUser(p, boss, 'ada', {});
    expect(p.users.ada?.name).toBe('Ada L.');
  });

  it('refuses unknown users, bad fields and taken addresses', () => {
    refuses(() => updateUser(p, boss, 'zed', { name: 'Z' }), 'not_found', /User zed does not exist/);
    refuses(() => updateUser(p, boss, 'ada', { name: '' }), 'invalid', /name/);
    refuses(() => updateUser(p, boss, 'ada', { name: 'Ok', email: 'x' }), 'invalid', /email/);
    refuses(() => updateUser(p, boss, 'ada', { email: 'mina@theater.org' }), 'conflict', /Mina/);
  });
});

describe('setUserStatus', () => {
  it('suspends and re-activates, and does nothing when unchanged', () => {
    setUserStatus(p, boss, 'ada', 'suspended');
    expect(p.users.ada?.status).toBe('suspended');
    setUserStatus(p, boss, 'ada', 'suspended');
    expect(p.users.ada?.status).toBe('suspended');
    setUserStatus(p, mgr, 'ada', 'active');
    expect(p.users.ada?.status).toBe('active');
  });

  it('refuses a bad status and unknown users', () => {
    refuses(() => setUserStatus(p, boss, 'ada', 'gone' as never), 'invalid', /status must be/);
    refuses(() => setUserStatus(p, boss, 'zed', 'active'), 'not_found');
  });

  it('refuses to suspend the last active admin, but not one of two', () => {
    // mgr can also manage the policy, so boss may be suspended while mgr stays
    setUserStatus(p, boss, 'boss', 'suspended');
    const err = refuses(() => setUserStatus(p, mgr, 'mgr', 'suspended'), 'conflict', /Mina is the last active admin/);
    expect(err.details).toEqual({ lastAdmins: ['mgr'] });
    // and mgr, holding less than admin, cannot bring an admin back
    refuses(() => setUserStatus(p, mgr, 'boss', 'active'), 'forbidden', /re-activate Boss/);
  });

  it('refuses re-activating a user whose roles carry more than the actor holds', () => {
    p.users.boss2 = { id: 'boss2', name: 'Boss 2', email: 'b2@theater.org', status: 'suspended', roles: ['admin'], createdAt: 0 };
    refuses(() => setUserStatus(p, mgr, 'boss2', 'active'), 'forbidden');
    setUserStatus(p, boss, 'boss2', 'active');
    expect(p.users.boss2?.status).toBe('active');
  });
});

describe('deleteUser', () => {
  it('deletes the user and revokes their enrolled devices', () => {
    deleteUser(p, boss, 'ada');
    expect(p.users.ada).toBeUndefined();
    expect(p.devices.d1?.revokedAt).toBe(NOW);
    expect(p.devices.d2?.revokedAt).toBe(5);
    expect(p.devices.d3?.revokedAt).toBeNull();
  });

  it('refuses unknown users and the last active admin', () => {
    refuses(() => deleteUser(p, boss, 'zed'), 'not_found');
    deleteUser(p, boss, 'mgr');
    refuses(() => deleteUser(p, boss, 'boss'), 'conflict', /last active admin/);
  });

  it('lets a company without any admin still be edited', () => {
    p.users.boss!.status = 'suspended';
    p.users.mgr!.status = 'suspended';
    deleteUser(p, boss, 'mgr');
    expect(p.users.mgr).toBeUndefined();
  });
});

describe('assignRole / unassignRole', () => {
  it('assigns and unassigns', () => {
    assignRole(p, mgr, 'ada', 'editor');
    expect(p.users.ada?.roles).toEqual(['section-editor', 'editor']);
    unassignRole(p, mgr, 'ada', 'section-editor');
    expect(p.users.ada?.roles).toEqual(['editor']);
  });

  it('refuses unknown users and roles, a role already held, a role not held', () => {
    refuses(() => assignRole(p, boss, 'zed', 'editor'), 'not_found', /User zed/);
    refuses(() => assignRole(p, boss, 'ada', 'ghost'), 'not_found', /Role ghost/);
    refuses(() => assignRole(p, boss, 'ada', 'section-editor'), 'conflict', /already holds role section-editor/);
    refuses(() => unassignRole(p, boss, 'ada', 'editor'), 'not_found', /Ada does not hold role editor/);
  });

  it('refuses assigning a role, or an inherited grant, the actor does not hold', () => {
    refuses(() => assignRole(p, mgr, 'ada', 'box-office'), 'forbidden', /tickets.sell on boxoffice:\*/);
    // stage-manager → (through a new child role) is refused just the same
    p.roles.crew = { id: 'crew', name: 'Crew', description: '', parents: ['stage-manager'], builtIn: false };
    refuses(() => assignRole(p, mgr, 'ada', 'crew'), 'forbidden', /calendar.schedule/);
    assignRole(p, boss, 'ada', 'crew');
    expect(new PolicyEngine(p).check('ada', 'calendar.schedule', 'production:x').allowed).toBe(true);
  });

  it('refuses taking away a deny the actor could not grant, unless another role keeps it', () => {
    p.users.ada!.roles = ['section-editor', 'no-tickets', 'no-board'];
    refuses(() => unassignRole(p, mgr, 'ada', 'no-tickets'), 'forbidden', /tickets.sell/);
    unassignRole(p, mgr, 'ada', 'no-board');
    p.roles['no-tickets-2'] = { id: 'no-tickets-2', name: 'x', description: '', parents: ['no-tickets'], builtIn: false };
    p.users.ada!.roles = ['no-tickets', 'no-tickets-2'];
    unassignRole(p, mgr, 'ada', 'no-tickets');
    expect(p.users.ada?.roles).toEqual(['no-tickets-2']);
  });

  it('refuses unassigning admin from the last active admin', () => {
    p.users.mgr!.status = 'suspended';
    refuses(() => unassignRole(p, boss, 'boss', 'admin'), 'conflict', /Boss is the last active admin/);
  });
});

describe('createRole / updateRole', () => {
  it('creates a role with parents and updates it', () => {
    const r = createRole(p, boss, { id: 'costume-designer', name: 'Costume designer', parents: ['section-editor'] });
    expect(r).toEqual({ id: 'costume-designer', name: 'Costume designer', description: '', parents: ['section-editor'], builtIn: false });
    expect(p.roles['costume-designer']).toEqual(r);
    updateRole(p, boss, 'costume-designer', { description: 'Costumes and wigs' });
    updateRole(p, boss, 'costume-designer', { name: 'Costumes' });
    expect(p.roles['costume-designer']).toMatchObject({ name: 'Costumes', description: 'Costumes and wigs' });
    updateRole(p, boss, 'costume-designer', {});
    expect(createRole(p, boss, { id: 'x', name: 'X' }).parents).toEqual([]);
  });

  it('validates', () => {
    refuses(() => createRole(p, boss, { id: 'Costume', name: 'X' }), 'invalid', /id must be a slug/);
    refuses(() => createRole(p, boss, { id: 'a-', name: 'X' }), 'invalid', /slug/);
    refuses(() => createRole(p, boss, { id: 'editor', name: 'X' }), 'conflict', /Role editor already exists/);
    refuses(() => createRole(p, boss, { id: 'x', name: '' }), 'invalid', /name/);
    refuses(() => createRole(p, boss, { id: 'x', name: 'X', description: 'd'.repeat(1001) }), 'invalid', /description/);
    refuses(() => createRole(p, boss, { id: 'x', name: 'X', parents: ['ghost'] }), 'not_found', /Role ghost/);
    refuses(() => updateRole(p, boss, 'ghost', { name: 'X' }), 'not_found');
    refuses(() => updateRole(p, boss, 'editor', { name: ' ' }), 'invalid');
    refuses(() => updateRole(p, boss, 'editor', { description: 7 as unknown as string }), 'invalid');
  });

  it('refuses a role whose parents would close a cycle through a stale reference', () => {
    p.roles.stale = { id: 'stale', name: 's', description: '', parents: ['ghost'], builtIn: false };
    refuses(() => createRole(p, boss, { id: 'ghost', name: 'G', parents: ['stale'] }), 'conflict', /ghost → stale → ghost/);
    refuses(() => createRole(p, boss, { id: 'selfish', name: 'S', parents: ['selfish'] }), 'not_found');
  });
});

describe('setRoleParents', () => {
  it('replaces the parents', () => {
    setRoleParents(p, boss, 'section-editor', ['viewer']);
    expect(p.roles['section-editor']?.parents).toEqual(['viewer']);
    setRoleParents(p, boss, 'section-editor', []);
    expect(p.roles['section-editor']?.parents).toEqual([]);
  });

  it('refuses a cycle, naming the path', () => {
    const err = refuses(() => setRoleParents(p, boss, 'viewer', ['editor']), 'conflict', /viewer → editor → viewer would be a cycle/);
    expect(err.details).toEqual({ field: 'parents', cycle: ['viewer', 'editor', 'viewer'] });
    refuses(() => setRoleParents(p, boss, 'viewer', ['viewer']), 'conflict', /viewer → viewer/);
  });

  it('refuses unknown roles and duplicates', () => {
    refuses(() => setRoleParents(p, boss, 'ghost', []), 'not_found');
    refuses(() => setRoleParents(p, boss, 'viewer', ['ghost']), 'not_found', /Role ghost/);
    refuses(() => setRoleParents(p, boss, 'section-editor', ['viewer', 'viewer']), 'invalid', /twice/);
  });

  it("needs authority over what the new parents add and the old parents' denies it drops", () => {
    refuses(() => setRoleParents(p, mgr, 'section-editor', ['box-office']), 'forbidden', /tickets/);
    setRoleParents(p, mgr, 'section-editor', ['editor']);
    p.roles['section-editor']!.parents = ['no-tickets'];
    refuses(() => setRoleParents(p, mgr, 'section-editor', []), 'forbidden', /tickets.sell/);
    setRoleParents(p, boss, 'section-editor', []);
  });

  it('refuses cutting the last admin off the admin role', () => {
    p.roles.chief = { id: 'chief', name: 'Chief', description: '', parents: ['admin'], builtIn: false };
    p.users.boss!.roles = ['chief'];
    p.users.mgr!.status = 'suspended';
    refuses(() => setRoleParents(p, boss, 'chief', []), 'conflict', /last active admin/);
  });
});

describe('deleteRole', () => {
  it('deletes an unused role and its grants', () => {
    deleteRole(p, boss, 'no-board');
    expect(p.roles['no-board']).toBeUndefined();
    expect(p.grants['nb-deny']).toBeUndefined();
    expect(Object.keys(p.grants)).toContain('nt-deny');
  });

  it('refuses admin, unknown roles, held roles and inherited roles', () => {
    refuses(() => deleteRole(p, boss, 'admin'), 'conflict', /admin role cannot be deleted/);
    refuses(() => deleteRole(p, boss, 'ghost'), 'not_found');
    expect(refuses(() => deleteRole(p, boss, 'section-editor'), 'conflict', /held by Ada/).details).toMatchObject({ holders: ['ada'] });
    expect(refuses(() => deleteRole(p, boss, 'viewer'), 'conflict', /inherited by editor/).details).toMatchObject({ children: ['editor'] });
  });
});

describe('addGrant', () => {
  it('adds an allow grant with a deterministic id', () => {
    const g = addGrant(p, mgr, { role: 'section-editor', action: 'content.edit', scope: 'section:costumes', effect: 'allow' }, exists);
    expect(g).toEqual({
      id: 'grant-section-editor-allow-content.edit-section:costumes',
      role: 'section-editor',
      action: 'content.edit',
      scope: 'section:costumes',
      effect: 'allow',
      createdAt: NOW,
      createdBy: 'mgr',
    });
    expect(p.grants[g.id]).toEqual(g);
    expect(defaultGrantId(g)).toBe(g.id);
    expect(new PolicyEngine(p).check('ada', 'content.edit', 'section:costumes').allowed).toBe(true);
  });

  it('accepts an explicit id, and deny grants from anyone who manages the policy', () => {
    addGrant(p, mgr, { id: 'g-1', role: 'viewer', action: 'tickets.sell', scope: 'boxoffice:p1', effect: 'deny' }, exists);
    expect(p.grants['g-1']?.effect).toBe('deny');
  });

  it('asks scopeExists about concrete scopes only', () => {
    const seen = vi.fn(() => false);
    refuses(() => addGrant(p, boss, { role: 'viewer', action: 'view', scope: 'section:nowhere', effect: 'allow' }, seen), 'not_found', /Scope section:nowhere does not exist/);
    expect(seen).toHaveBeenCalledWith('section:nowhere');
    addGrant(p, boss, { role: 'section-editor', action: 'view', scope: 'production:*', effect: 'allow' }, seen);
    addGrant(p, boss, { role: 'section-editor', action: 'view', scope: 'directory', effect: 'allow' }, seen);
    addGrant(p, boss, { role: 'section-editor', action: 'audit.view', scope: '*', effect: 'allow' }, seen);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('validates role, action, scope, effect and id', () => {
    const base = { role: 'viewer', action: 'view', scope: 'org', effect: 'allow' as const };
    refuses(() => addGrant(p, boss, { ...base, role: 'ghost' }, exists), 'not_found', /Role ghost/);
    refuses(() => addGrant(p, boss, { ...base, action: 'content.delete' }, exists), 'invalid', /"content.delete" is not a known action/);
    refuses(() => addGrant(p, boss, { ...base, scope: 'section:' }, exists), 'invalid', /"section:" is not a valid scope/);
    refuses(() => addGrant(p, boss, { ...base, scope: 3 as unknown as string }, exists), 'invalid', /not a valid scope/);
    refuses(() => addGrant(p, boss, { ...base, action: 'tickets.sell', scope: 'section:a' }, exists), 'invalid', /tickets.sell cannot be granted on section:a/);
    refuses(() => addGrant(p, boss, { ...base, effect: 'maybe' as never }, exists), 'invalid', /effect must be/);
    refuses(() => addGrant(p, boss, { ...base, id: ' ' }, exists), 'invalid', /id must not be empty/);
  });

  it('refuses duplicates', () => {
    refuses(() => addGrant(p, boss, { id: 'pm-view', role: 'viewer', action: 'view', scope: 'org', effect: 'allow' }, exists), 'conflict', /Grant pm-view already exists/);
    refuses(() => addGrant(p, boss, { id: 'other', role: 'viewer', action: 'view', scope: '*', effect: 'allow' }, exists), 'conflict', /already has this grant/);
  });

  it('refuses allowing what the actor does not hold, on a wildcard as on a concrete scope', () => {
    refuses(() => addGrant(p, mgr, { role: 'viewer', action: 'tickets.sell', scope: 'boxoffice:p1', effect: 'allow' }, exists), 'forbidden', /tickets.sell on boxoffice:p1/);
    refuses(() => addGrant(p, mgr, { role: 'viewer', action: 'content.edit', scope: '*', effect: 'allow' }, exists), 'forbidden');
    refuses(() => addGrant(p, mgr, { role: 'viewer', action: '*', scope: 'section:a', effect: 'allow' }, exists), 'forbidden');
    addGrant(p, mgr, { role: 'viewer', action: 'content.edit', scope: 'section:*', effect: 'allow' }, exists);
    // a deny on one section keeps mgr from granting every section
    p.grants['pm-deny'] = grant('pm-deny', 'people-manager', 'content.publish', 'section:board', 'deny');
    refuses(() => addGrant(p, mgr, { role: 'viewer', action: 'content.publish', scope: 'section:*', effect: 'allow' }, exists), 'forbidden');
  });

  it('refuses a deny that would lock the company out', () => {
    p.users.mgr!.status = 'suspended';
    refuses(() => addGrant(p, boss, { role: 'admin', action: 'policy.manage', scope: 'policy', effect: 'deny' }, exists), 'conflict', /last active admin/);
    addGrant(p, boss, { role: 'admin', action: 'tickets.sell', scope: 'boxoffice:*', effect: 'deny' }, exists);
  });
});

describe('removeGrant', () => {
  it('removes allow grants and denies the actor could grant', () => {
    removeGrant(p, mgr, 'pm-publish');
    expect(p.grants['pm-publish']).toBeUndefined();
    removeGrant(p, boss, 'nt-deny');
    expect(p.grants['nt-deny']).toBeUndefined();
  });

  it('refuses unknown grants and removing a deny the actor could not grant', () => {
    refuses(() => removeGrant(p, boss, 'nope'), 'not_found', /Grant nope/);
    refuses(() => removeGrant(p, mgr, 'nt-deny'), 'forbidden', /remove grant nt-deny/);
  });

  it('refuses stripping the last admin of policy.manage', () => {
    p.users.mgr!.status = 'suspended';
    removeGrant(p, boss, 'grant-admin-allow-policy.manage-policy');
    refuses(() => removeGrant(p, boss, 'grant-admin-allow-*-*'), 'conflict', /last active admin/);
  });
});

describe('inside Automerge change callbacks', () => {
  it('mutates the draft, and a refused operation leaves no change', () => {
    let doc = A.from(company() as unknown as Record<string, unknown>) as unknown as A.Doc<PolicyDoc>;
    doc = A.change(doc, (d) => {
      createRole(d, boss, { id: 'costume-designer', name: 'Costume designer', parents: ['section-editor'] });
      addGrant(d, boss, { role: 'costume-designer', action: 'content.edit', scope: 'section:costumes', effect: 'allow' }, exists);
      assignRole(d, boss, 'ada', 'costume-designer');
      setRoleParents(d, boss, 'costume-designer', ['section-editor', 'viewer']);
      unassignRole(d, boss, 'ada', 'section-editor');
      deleteUser(d, boss, 'mgr');
    });
    const e = new PolicyEngine(doc);
    expect(e.check('ada', 'content.edit', 'section:costumes').grant?.path).toEqual(['costume-designer']);
    expect(e.check('ada', 'view', 'org').grant?.path).toEqual(['costume-designer', 'viewer']);
    expect(doc.devices.d3?.revokedAt).toBe(NOW);

    const heads = A.getHeads(doc);
    expect(() =>
      A.change(doc, (d) => {
        setUserStatus(d, boss, 'boss', 'suspended');
      }),
    ).toThrow(/last active admin/);
    expect(A.getHeads(doc)).toEqual(heads);

    doc = A.change(doc, (d) => {
      removeGrant(d, boss, 'grant-costume-designer-allow-content.edit-section:costumes');
      unassignRole(d, boss, 'ada', 'costume-designer');
      deleteRole(d, boss, 'costume-designer');
      updateUser(d, boss, 'ada', { name: 'Ada L.' });
      updateRole(d, boss, 'viewer', { description: 'Sees all' });
    });
    expect(doc.roles['costume-designer']).toBeUndefined();
    expect(doc.users.ada?.name).toBe('Ada L.');
  });
});
