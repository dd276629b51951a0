import { describe, expect, it } from 'vitest';
import { buildRoleTree, descendantsOf, slugify } from '../../../renderer/screens/people/role-tree.ts';
import { describeScope, scopeSuggestions, scopeSyntaxError } from '../../../renderer/screens/people/scope-text.ts';
import { policyState } from './policy-fixtures.ts';

const names = (nodes: ReturnType<typeof buildRoleTree>): unknown => nodes.map((n) => (n.children.length ? [n.role.name, names(n.children)] : n.role.name));

describe('role tree', () => {
  it('puts each role under every parent, sorted by name, roots first', () => {
    expect(names(buildRoleTree(policyState().roles))).toEqual([
      'Admin',
      ['Section editor', ['Costume designer', 'Lead editor']],
      'Stage manager',
      ['Viewer', [['Editor', ['Lead editor']]]],
    ]);
  });

  it('survives a cycle (never from the API, but a tree must not loop) and an unknown parent', () => {
    const [a, b] = policyState().roles;
    const roles = [
      { ...a!, id: 'a', name: 'A', parents: ['b', 'ghost'] },
      { ...b!, id: 'b', name: 'B', parents: ['a'] },
      { ...b!, id: 'c', name: 'C', parents: ['ghost'] },
    ];
    expect(names(buildRoleTree(roles))).toEqual(['C']);
    expect([...descendantsOf(roles, 'a')].sort()).toEqual(['a', 'b']);
  });

  it('lists descendants (roles that would close a loop as parents)', () => {
    expect([...descendantsOf(policyState().roles, 'viewer')].sort()).toEqual(['editor', 'lead-editor']);
  });

  it('makes role ids from names', () => {
    expect(slugify('Costume designer')).toBe('costume-designer');
    expect(slugify('  Tomás’ Photo Crew!! ')).toBe('tomas-photo-crew');
    expect(slugify('x'.repeat(70))).toHaveLength(64);
  });
});

describe('scopes in words', () => {
  it('describes scopes and checks their spelling', () => {
    expect(describeScope('*')).toBe('everything');
    expect(describeScope('section:*')).toBe('every website section');
    expect(describeScope('production:earnest-2026')).toBe('production “earnest-2026”');
    expect(describeScope('policy')).toBe('people, roles and grants');
    expect(scopeSyntaxError('section:costumes')).toBeUndefined();
    expect(scopeSyntaxError('*')).toBeUndefined();
    expect(scopeSyntaxError('')).toMatch(/Enter a scope/);
    expect(scopeSyntaxError('section:')).toMatch(/is not a scope/);
    expect(scopeSuggestions(['section', 'directory'], ['directory'])).toEqual(['*', 'section:*', 'directory']);
  });
});
