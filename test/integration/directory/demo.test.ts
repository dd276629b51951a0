import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectoryDemo } from '../../../core/daemon/demo/directory.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDirectoryDemo(t.app, t.admin);
});
afterAll(() => t.cleanup());
const call = (name: string, input: unknown) => t.app.dispatcher.call(t.admin, name, input);

describe('directory demo', () => {
  it('holds about 120 people with credits across seasons, and a duplicate to merge', async () => {
    const all = (await call('directory.search', { limit: 1 })) as { total: number };
    expect(all.total).toBeGreaterThanOrEqual(115);
    expect(all.total).toBeLessThanOrEqual(130);
    const facets = (await call('directory.facets', {})) as { seasons: string[]; unions: Array<{ value: string }> };
    expect(facets.seasons).toEqual(['2026-27', '2025-26', '2024-25', '2023-24', '2022-23', '2021-22']);
    expect(facets.unions.map((u) => u.value)).toContain('AEA');
    const zoe = (await call('directory.search', { query: 'zoe fontaine' })) as { hits: Array<{ id: string }> };
    const profile = (await call('directory.getPerson', { id: zoe.hits[0]!.id })) as { history: Array<{ title: string; role: string }> };
    expect(profile.history.map((h) => `${h.title}: ${h.role}`)).toEqual(expect.arrayContaining(['Into the Woods: The Witch', 'The Pirates of Penzance: Mabel']));
    const dupes = (await call('directory.suggestDuplicates', {})) as { suggestions: Array<{ a: { name: string }; b: { name: string }; reasons: string[] }> };
    const smith = dupes.suggestions.find((s) => [s.a.name, s.b.name].sort().join('/') === 'John Smith/Jon Smyth');
    expect(smith?.reasons).toContain('same email');
  });
});
