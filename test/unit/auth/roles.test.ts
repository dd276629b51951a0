import { describe, expect, it } from 'vitest';
import { ancestors, childRoles, findCycle, formatRolePath, rolePaths, type RoleTable } from '../../../core/auth/roles.ts';

const r = (parents: Record<string, string[]>): RoleTable => Object.fromEntries(Object.entries(parents).map(([id, p]) => [id, { parents: p }]));

const graph = r({
  'costume-designer': ['section-editor'],
  'section-editor': ['viewer'],
  editor: ['section-editor', 'viewer'],
  viewer: [],
  lonely: ['gone'],
});

describe('rolePaths', () => {
  it('gives each reachable role its shortest path, breadth first', () => {
    const paths = rolePaths(graph, ['costume-designer']);
    expect([...paths.entries()]).toEqual([
      ['costume-designer', ['costume-designer']],
      ['section-editor', ['costume-designer', 'section-editor']],
      ['viewer', ['costume-designer', 'section-editor', 'viewer']],
    ]);
    expect(rolePaths(graph, ['editor']).get('viewer')).toEqual(['editor', 'viewer']);
  });

  it('skips unknown roles, repeated held roles and dangling parents', () => {
    expect([...rolePaths(graph, ['nope', 'lonely', 'lonely']).keys()]).toEqual(['lonely']);
    expect(rolePaths(graph, ['__proto__', 'constructor']).size).toBe(0);
  });

  it('terminates on cycles', () => {
    const cyclic = r({ a: ['b'], b: ['c'], c: ['a'] });
    expect([...rolePaths(cyclic, ['a']).keys()]).toEqual(['a', 'b', 'c']);
  });

  it('tolerates a role without a parents list', () => {
    const odd = { a: { parents: undefined as unknown as string[] } };
    expect([...rolePaths(odd, ['a']).keys()]).toEqual(['a']);
  });
});

describe('ancestors and children', () => {
  it('lists ancestors nearest first, without the role itself', () => {
    expect(ancestors(graph, 'costume-designer')).toEqual(['section-editor', 'viewer']);
    expect(ancestors(graph, 'viewer')).toEqual([]);
    expect(ancestors(graph, 'nope')).toEqual([]);
  });

  it('lists direct children', () => {
    expect(childRoles(graph, 'section-editor')).toEqual(['costume-designer', 'editor']);
    expect(childRoles(graph, 'viewer')).toEqual(['editor', 'section-editor']);
    expect(childRoles(graph, 'editor')).toEqual([]);
  });
});

describe('findCycle', () => {
  it('returns the path that would close a cycle', () => {
    const g = r({ editor: [], 'section-editor': ['editor'] });
    expect(findCycle(g, 'editor', ['section-editor'])).toEqual(['editor', 'section-editor', 'editor']);
    expect(formatRolePath(['editor', 'section-editor', 'editor'])).toBe('editor → section-editor → editor');
  });

  it('finds long cycles and self-parenting', () => {
    const g = r({ a: [], b: ['a'], c: ['b'], d: ['c'] });
    expect(findCycle(g, 'a', ['d'])).toEqual(['a', 'd', 'c', 'b', 'a']);
    expect(findCycle(g, 'a', ['a'])).toEqual(['a', 'a']);
  });

  it('returns undefined when the graph stays a DAG', () => {
    expect(findCycle(graph, 'costume-designer', ['editor', 'viewer'])).toBeUndefined();
    expect(findCycle(graph, 'viewer', [])).toBeUndefined();
    expect(findCycle(graph, 'viewer', ['missing'])).toBeUndefined();
  });
});
