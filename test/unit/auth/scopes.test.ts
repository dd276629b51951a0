import { describe, expect, it } from 'vitest';
import { covers, isScopeKind, isValidScope, isWildcardScope, kindWildcard, overlaps, parseScope, scopeKind } from '../../../core/auth/scopes.ts';

describe('parseScope', () => {
  it('parses the universal scope, singletons, ids and kind wildcards', () => {
    expect(parseScope('*')).toEqual({ kind: '*' });
    for (const s of ['org', 'theme', 'policy', 'directory', 'audit', 'sync']) expect(parseScope(s)).toEqual({ kind: s });
    expect(parseScope('section:costumes')).toEqual({ kind: 'section', id: 'costumes' });
    expect(parseScope('production:hamlet-2026')).toEqual({ kind: 'production', id: 'hamlet-2026' });
    expect(parseScope('production:*')).toEqual({ kind: 'production', id: '*' });
    expect(parseScope('boxoffice:hamlet-2026-03-14.mat')).toEqual({ kind: 'boxoffice', id: 'hamlet-2026-03-14.mat' });
    expect(parseScope('media:hamlet')).toEqual({ kind: 'media', id: 'hamlet' });
    expect(parseScope('venue:main_stage')).toEqual({ kind: 'venue', id: 'main_stage' });
  });

  it.each([
    '',
    'section',
    'section:',
    'section:a b',
    'section:-x',
    'section:a:b',
    'section:a*',
    'section:**',
    'unknown:x',
    'directory:x',
    'policy:*',
    '**',
    'Section:costumes',
    `section:${'a'.repeat(129)}`,
  ])('refuses %j', (s) => {
    expect(parseScope(s)).toBeUndefined();
    expect(isValidScope(s)).toBe(false);
  });

  it('accepts ids of 128 characters', () => {
    expect(isValidScope(`section:${'a'.repeat(128)}`)).toBe(true);
  });
});

describe('scope helpers', () => {
  it('knows the scope kinds', () => {
    expect(isScopeKind('section')).toBe(true);
    expect(isScopeKind('org')).toBe(true);
    expect(isScopeKind('*')).toBe(false);
    expect(isScopeKind('sections')).toBe(false);
  });

  it('tells wildcards and kinds', () => {
    expect(isWildcardScope('*')).toBe(true);
    expect(isWildcardScope('production:*')).toBe(true);
    expect(isWildcardScope('production:hamlet')).toBe(false);
    expect(isWildcardScope('directory')).toBe(false);
    expect(scopeKind('media:hamlet')).toBe('media');
    expect(scopeKind('*')).toBe('*');
    expect(scopeKind('nope')).toBeUndefined();
    expect(kindWildcard('section:costumes')).toBe('section:*');
    expect(kindWildcard('directory')).toBeUndefined();
  });
});

describe('covers', () => {
  it.each([
    ['*', 'section:costumes', true],
    ['*', 'directory', true],
    ['*', '*', true],
    ['*', 'production:*', true],
    ['production:*', 'production:hamlet-2026', true],
    ['production:*', 'production:*', true],
    ['production:*', '*', false],
    ['production:*', 'media:hamlet', false],
    ['production:*', 'productions:x', false],
    ['section:costumes', 'section:costumes', true],
    ['section:costumes', 'section:costumes2', false],
    ['section:costumes', 'section:*', false],
    ['production:hamlet', 'media:hamlet', false],
    ['production:hamlet', 'boxoffice:hamlet-1', false],
    ['directory', 'directory', true],
    ['directory', 'org', false],
  ] as const)('%s covers %s: %s', (pattern, scope, expected) => {
    expect(covers(pattern, scope)).toBe(expected);
  });

  it('overlaps in either direction', () => {
    expect(overlaps('production:hamlet', 'production:*')).toBe(true);
    expect(overlaps('production:*', 'production:hamlet')).toBe(true);
    expect(overlaps('section:a', '*')).toBe(true);
    expect(overlaps('section:a', 'section:b')).toBe(false);
    expect(overlaps('section:*', 'production:*')).toBe(false);
  });
});
