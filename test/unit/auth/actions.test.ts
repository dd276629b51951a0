import { describe, expect, it } from 'vitest';
import { ACTIONS, actionAppliesTo, actionInfo, isKnownAction } from '../../../core/auth/actions.ts';
import { ID_KINDS, SINGLETON_KINDS } from '../../../core/auth/scopes.ts';

describe('action catalogue', () => {
  it('holds every action the issue names, once each, with a description and scope kinds', () => {
    const names = ACTIONS.map((a) => a.name);
    for (const n of [
      'view',
      'content.edit',
      'content.publish',
      'theme.manage',
      'calendar.schedule',
      'directory.edit',
      'directory.contact.view',
      'tickets.sell',
      'tickets.refund',
      'tickets.manage',
      'media.upload',
      'media.edit',
      'policy.manage',
      'audit.view',
      'sync.manage',
    ]) {
      expect(names).toContain(n);
    }
    expect(new Set(names).size).toBe(names.length);
    for (const a of ACTIONS) {
      expect(a.description.length).toBeGreaterThan(5);
      expect(a.scopes.length).toBeGreaterThan(0);
    }
  });

  it('every scope kind has at least one action besides view', () => {
    for (const kind of [...SINGLETON_KINDS, ...ID_KINDS]) {
      expect(ACTIONS.some((a) => a.name !== 'view' && a.scopes.includes(kind))).toBe(true);
    }
  });

  it('knows actions and `*`', () => {
    expect(isKnownAction('*')).toBe(true);
    expect(isKnownAction('content.edit')).toBe(true);
    expect(isKnownAction('content.delete')).toBe(false);
    expect(actionInfo('tickets.sell')?.scopes).toEqual(['boxoffice']);
    expect(actionInfo('nope')).toBeUndefined();
  });

  it('says which scope kinds an action applies to', () => {
    expect(actionAppliesTo('content.edit', 'section')).toBe(true);
    expect(actionAppliesTo('content.edit', 'production')).toBe(false);
    expect(actionAppliesTo('content.edit', '*')).toBe(true);
    expect(actionAppliesTo('view', 'boxoffice')).toBe(true);
    expect(actionAppliesTo('*', 'media')).toBe(true);
    expect(actionAppliesTo('*', '*')).toBe(true);
    expect(actionAppliesTo('nope', '*')).toBe(false);
    expect(actionAppliesTo('nope', 'section')).toBe(false);
    expect(actionAppliesTo('policy.manage', 'policy')).toBe(true);
  });
});
