import { describe, expect, it } from 'vitest';
import { dayStart, isFiltered, NO_FILTER, toApiFilters } from '../../../renderer/screens/audit/audit-filter.ts';
import { asDiff, diffRows, fieldLabel, formatValue } from '../../../renderer/screens/audit/diff.ts';

const ctx = { roleName: (id: string) => ({ admin: 'Admin', 'section-editor': 'Section editor' })[id] ?? id, timeZone: 'America/Los_Angeles' };

describe('audit diff', () => {
  it('recognises a diff only when it has a side', () => {
    expect(asDiff(undefined)).toBeUndefined();
    expect(asDiff({ before: undefined, after: undefined })).toBeUndefined();
    expect(asDiff({ after: { a: 1 } })).toEqual({ before: undefined, after: { a: 1 } });
  });

  it('lists only changed fields for a change, every field for a creation or removal', () => {
    expect(diffRows({ before: { name: 'A', email: 'a@x' }, after: { name: 'B', email: 'a@x' } })).toEqual([{ field: 'name', before: 'A', after: 'B', changed: true }]);
    expect(diffRows({ before: undefined, after: { name: 'B', roles: [] } }).map((r) => r.field)).toEqual(['name', 'roles']);
    expect(diffRows({ before: { status: 'active' }, after: undefined })).toEqual([{ field: 'status', before: 'active', after: undefined, changed: true }]);
    expect(diffRows({ before: { roles: ['a'] }, after: { roles: ['a'] } })).toEqual([]);
    expect(diffRows({ before: 1, after: 2 })).toEqual([{ field: 'value', before: 1, after: 2, changed: true }]);
  });

  it('reads values the way a person would', () => {
    expect(fieldLabel('createdAt')).toBe('Created at');
    expect(formatValue('roles', ['admin', 'section-editor'], ctx)).toBe('Admin, Section editor');
    expect(formatValue('roles', [], ctx)).toBe('none');
    expect(formatValue('role', 'admin', ctx)).toBe('Admin');
    expect(formatValue('name', undefined, ctx)).toBe('—');
    expect(formatValue('builtIn', true, ctx)).toBe('yes');
    expect(formatValue('createdAt', Date.UTC(2026, 0, 12, 20), ctx)).toMatch(/Jan 12, 2026.*12:00/);
    expect(formatValue('meta', { a: 1 }, ctx)).toBe('{"a":1}');
  });
});

describe('audit filters', () => {
  it('turns days into the company’s midnights, across daylight saving', () => {
    expect(dayStart('2026-01-12', 'America/Los_Angeles')).toBe(Date.UTC(2026, 0, 12, 8));
    expect(dayStart('2026-03-08', 'America/Los_Angeles')).toBe(Date.UTC(2026, 2, 8, 8));
    expect(dayStart('2026-03-09', 'America/Los_Angeles')).toBe(Date.UTC(2026, 2, 9, 7));
    expect(dayStart('2026-07-01', 'Europe/Berlin')).toBe(Date.UTC(2026, 5, 30, 22));
    expect(dayStart('not a day', 'UTC')).toBeUndefined();
  });

  it('sends only the filters that are set; the end day is inclusive', () => {
    expect(toApiFilters(NO_FILTER, 'UTC')).toEqual({});
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(toApiFilters({ ...NO_FILTER, toDay: '2026-12-31', scope: '  ' }, 'UTC')).toEqual({ to: Date.UTC(2027, 0, 1) });
  });
});
