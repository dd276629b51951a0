import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../core/auth/engine.ts';
import type { PolicyDoc } from '../../../core/auth/model.ts';
import { makePolicy } from './fixtures.ts';

const theater = makePolicy({
  users: {
    ada: ['costume-designer'],
    bob: ['editor'],
    cy: { roles: ['editor'], status: 'suspended', name: 'Cy' },
    dee: ['admin'],
    eve: ['stage-manager', 'no-such-role'],
    nobody: [],
  },
  roles: {
    admin: [],
    viewer: [],
    'section-editor': ['viewer'],
    'costume-designer': ['section-editor'],
    editor: ['section-editor', 'viewer'],
    'stage-manager': [],
  },
  grants: [
    ['admin', '*', '*', 'allow', 'g-admin'],
    ['viewer', 'view', '*', 'allow', 'g-view'],
    ['section-editor', 'content.edit', 'section:costumes', 'allow', 'g-se-costumes'],
    ['costume-designer', 'content.publish', 'section:costumes', 'allow', 'g-cd-publish'],
    ['editor', 'content.edit', 'section:*', 'allow', 'g-ed-edit'],
    ['editor', 'content.publish', 'section:*', 'allow', 'g-ed-publish'],
    ['editor', 'content.publish', 'section:board', 'deny', 'g-ed-deny-board'],
    ['viewer', 'view', 'policy', 'deny', 'g-view-deny-policy'],
    ['stage-manager', 'calendar.schedule', 'production:*', 'allow', 'g-sm-sched'],
    ['stage-manager', 'calendar.schedule', 'production:old', 'deny', 'g-sm-old'],
    ['stage-manager', '*', 'venue:main', 'allow', 'g-sm-venue'],
    ['stage-manager', '*', 'venue:annex', 'deny', 'g-sm-annex'],
    ['ghost-role', '*', '*', 'allow', 'g-ghost'],
  ],
});

const engine = new PolicyEngine(theater);

describe('PolicyEngine.check', () => {
  it('refuses when no grant applies', () => {
    const d = engine.check('nobody', 'view', 'section:costumes');
    expect(d).toEqual({ allowed: false, reason: 'No grant gives NOBODY view on section:costumes' });
    expect(engine.check('ada', 'content.edit', 'section:lobby').allowed).toBe(false);
  });

  it('allows through a direct grant and reports it with its role path', () => {
    const d = engine.check('ada', 'content.publish', 'section:costumes');
    expect(d.allowed).toBe(true);
    expect(d.grant).toEqual({
      id: 'g-cd-publish',
      role: 'costume-designer',
      action: 'content.publish',
      scope: 'section:costumes',
      effect: 'allow',
      path: ['costume-designer'],
    });
    expect(d.reason).toBe('ADA may content.publish on section:costumes: costume-designer allows content.publish on section:costumes');
  });

  it('allows through inherited grants, with the path through inheritance', () => {
    const edit = engine.check('ada', 'content.edit', 'section:costumes');
    expect(edit.allowed).toBe(true);
    expect(edit.grant?.path).toEqual(['costume-designer', 'section-editor']);
    const view = engine.check('ada', 'view', 'section:lobby');
    expect(view.grant?.path).toEqual(['costume-designer', 'section-editor', 'viewer']);
    expect(view.reason).toContain('costume-designer → section-editor → viewer allows view on *');
  });

  it('matches kind wildcards and the universal scope', () => {
    expect(engine.check('bob', 'content.edit', 'section:lobby').grant?.id).toBe('g-ed-edit');
    expect(engine.check('eve', 'calendar.schedule', 'production:hamlet-2026').allowed).toBe(true);
    expect(engine.check('eve', 'calendar.schedule', 'media:hamlet-2026').allowed).toBe(false);
    expect(engine.check('dee', 'tickets.refund', 'boxoffice:p1').grant?.id).toBe('g-admin');
  });

  it('reports the most specific allow', () => {
    // bob holds content.edit on section:costumes (inherited, exact) and on section:* (direct)
    expect(engine.check('bob', 'content.edit', 'section:costumes').grant?.id).toBe('g-se-costumes');
  });

  it('lets any matching deny win over allows, however specific', () => {
    const d = engine.check('bob', 'content.publish', 'section:board');
    expect(d.allowed).toBe(false);
    expect(d.grant?.id).toBe('g-ed-deny-board');
    expect(d.reason).toBe('BOB may not content.publish on section:board: editor denies content.publish on section:board');
    // an inherited deny on a singleton beats the view-everything allow
    expect(engine.check('ada', 'view', 'policy').grant?.id).toBe('g-view-deny-policy');
    expect(engine.check('ada', 'view', 'policy').allowed).toBe(false);
    expect(engine.check('eve', 'calendar.schedule', 'production:old').allowed).toBe(false);
  });

  it('applies `*` action grants to every action, allow and deny', () => {
    expect(engine.check('eve', 'calendar.schedule', 'venue:main').allowed).toBe(true);
    expect(engine.check('eve', 'view', 'venue:main').grant?.id).toBe('g-sm-venue');
    expect(engine.check('eve', 'view', 'venue:annex').grant?.id).toBe('g-sm-annex');
    expect(engine.check('eve', 'view', 'venue:annex').allowed).toBe(false);
  });

  it('refuses unknown and suspended users', () => {
    expect(engine.check('zed', 'view', '*')).toEqual({ allowed: false, reason: 'User zed is unknown' });
    expect(engine.check('cy', 'view', 'section:lobby')).toEqual({ allowed: false, reason: 'Cy is suspended' });
    expect(engine.check('__proto__', 'view', '*').allowed).toBe(false);
    expect(engine.check('toString', 'view', '*').allowed).toBe(false);
  });

  it('refuses unknown actions and malformed scopes even for admins', () => {
    expect(engine.check('dee', 'content.delete', 'section:a')).toEqual({ allowed: false, reason: '"content.delete" is not a known action' });
    expect(engine.check('dee', 'view', 'section:')).toEqual({ allowed: false, reason: '"section:" is not a valid scope' });
  });

  it('ignores grants of roles that do not exist and held roles that do not exist', () => {
    expect(engine.check('eve', 'policy.manage', 'policy').allowed).toBe(false);
  });

  it('answers wildcard questions: allows must cover, denies need only overlap', () => {
    expect(engine.check('bob', 'content.edit', 'section:*').allowed).toBe(true);
    expect(engine.check('ada', 'content.edit', 'section:*').allowed).toBe(false);
    const sched = engine.check('eve', 'calendar.schedule', 'production:*');
    expect(sched.allowed).toBe(false);
    expect(sched.grant?.id).toBe('g-sm-old');
    expect(engine.check('bob', 'content.publish', 'section:*').grant?.id).toBe('g-ed-deny-board');
    expect(engine.check('dee', 'view', '*').allowed).toBe(true);
    expect(engine.check('nobody', 'view', 'section:*').reason).toBe('No grant gives NOBODY view on section:*');
  });

  it('answers action `*` questions: only `*` allows cover it, any deny on the scope refuses', () => {
    expect(engine.check('dee', '*', '*').allowed).toBe(true);
    expect(engine.check('dee', '*', '*').grant?.id).toBe('g-admin');
    expect(engine.check('eve', '*', 'venue:main').allowed).toBe(true);
    expect(engine.check('bob', '*', 'section:a').allowed).toBe(false);
    expect(engine.check('bob', '*', 'section:board').grant?.id).toBe('g-ed-deny-board');
  });

  it('treats a grant with a malformed effect as a deny (fails closed)', () => {
    const p = makePolicy({ users: { u: ['r'] }, roles: { r: [] }, grants: [['r', 'view', '*']] });
    (p.grants.g000 as { effect: string }).effect = 'maybe';
    expect(new PolicyEngine(p).check('u', 'view', 'org')).toMatchObject({ allowed: false, grant: { effect: 'deny' } });
  });

  it('reports a grant reachable through two roles once, through the first path found', () => {
    const e = new PolicyEngine(
      makePolicy({ users: { u: ['a', 'b'] }, roles: { a: ['c'], b: ['c'], c: [] }, grants: [['c', 'view', 'org']] }),
    );
    expect(e.check('u', 'view', 'org').grant?.path).toEqual(['a', 'c']);
    expect(e.explain('u', 'view', 'org').matches).toHaveLength(1);
  });

  it('tolerates a role cycle produced by a merge', () => {
    const e = new PolicyEngine(
      makePolicy({ users: { u: ['a'] }, roles: { a: ['b'], b: ['a'] }, grants: [['b', 'view', 'org']] }),
    );
    expect(e.check('u', 'view', 'org').grant?.path).toEqual(['a', 'b']);
  });

  it('uses the user id when the name is empty, and tolerates missing tables and role lists', () => {
    const p = { users: { u: { id: 'u', name: '', email: '', status: 'active', createdAt: 0 } } } as unknown as PolicyDoc;
    const e = new PolicyEngine(p);
    expect(e.check('u', 'view', 'org').reason).toBe('No grant gives u view on org');
    expect(e.effectiveRoles('u')).toEqual([]);
  });

  it('refuses everyone on an empty document, and skips held roles without grants', () => {
    expect(new PolicyEngine({} as PolicyDoc).check('u', 'view', 'org').reason).toBe('User u is unknown');
    const e = new PolicyEngine(makePolicy({ users: { u: ['bare', 'r'] }, roles: { bare: [], r: [] }, grants: [['r', 'view', 'org']] }));
    expect(e.check('u', 'view', 'org').grant?.path).toEqual(['r']);
  });

  it('caches the compiled user and gives fresh decision objects', () => {
    const a = engine.check('ada', 'content.publish', 'section:costumes');
    const b = engine.check('ada', 'content.publish', 'section:costumes');
    expect(a).toEqual(b);
    a.grant?.path.push('mutated');
    expect(engine.check('ada', 'content.publish', 'section:costumes').grant?.path).toEqual(['costume-designer']);
  });
});

describe('PolicyEngine.explain', () => {
  it('lists every matching grant with its path and marks the decisive one', () => {
    const x = engine.explain('bob', 'content.publish', 'section:board');
    expect(x.decision.allowed).toBe(false);
    expect(x.matches.map((m) => [m.id, m.path, m.decisive])).toEqual([
      ['g-ed-deny-board', ['editor'], true],
      ['g-ed-publish', ['editor'], false],
    ]);
  });

  it('orders matches most specific first and agrees with check', () => {
    const x = engine.explain('bob', 'content.edit', 'section:costumes');
    expect(x.matches.map((m) => m.id)).toEqual(['g-se-costumes', 'g-ed-edit']);
    expect(x.matches.map((m) => m.decisive)).toEqual([true, false]);
    expect(x.decision).toEqual(engine.check('bob', 'content.edit', 'section:costumes'));
    const v = engine.explain('ada', 'view', 'section:x');
    expect(v.matches[0]?.path).toEqual(['costume-designer', 'section-editor', 'viewer']);
  });

  it('explains refusals without grants', () => {
    expect(engine.explain('nobody', 'view', 'org')).toEqual({
      decision: { allowed: false, reason: 'No grant gives NOBODY view on org' },
      matches: [],
    });
    expect(engine.explain('cy', 'view', 'org')).toEqual({ decision: { allowed: false, reason: 'Cy is suspended' }, matches: [] });
  });

  it('includes overlapping denies for wildcard questions', () => {
    const x = engine.explain('eve', 'calendar.schedule', 'production:*');
    expect(x.matches.map((m) => [m.id, m.decisive])).toEqual([
      ['g-sm-old', true],
      ['g-sm-sched', false],
    ]);
  });
});

describe('PolicyEngine.activeUser and effectiveRoles', () => {
  it('returns active users only', () => {
    expect(engine.activeUser('ada')?.id).toBe('ada');
    expect(engine.activeUser('cy')).toBeUndefined();
    expect(engine.activeUser('zed')).toBeUndefined();
  });

  it('lists held and inherited roles with paths', () => {
    expect(engine.effectiveRoles('ada')).toEqual([
      { role: 'costume-designer', path: ['costume-designer'] },
      { role: 'section-editor', path: ['costume-designer', 'section-editor'] },
      { role: 'viewer', path: ['costume-designer', 'section-editor', 'viewer'] },
    ]);
    expect(engine.effectiveRoles('zed')).toEqual([]);
  });
});
