import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addPerson, createProduction, failure } from './fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  createProduction(t, { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10' });
  createProduction(t, { id: 'carol-2025', title: 'A Christmas Carol', season: '2025-26', opening: '2025-12-05' });
});
afterEach(() => t.cleanup());

const call = (name: string, input: unknown) => t.app.dispatcher.call(t.admin, name, input);
type CreditRow = { id: string; personName: string; role: string; department: string; billing: number; understudy: boolean };

describe('credits', () => {
  it('adds credits in billing order, reorders them, and derives each person’s history', async () => {
    const jose = await addPerson(t, { name: 'José Álvarez' });
    const siobhan = await addPerson(t, { name: "Siobhán O'Neill" });
    const a = (await call('directory.addCredit', { productionId: 'earnest-2026', personId: jose.id, department: 'cast', role: 'John Worthing' })) as CreditRow;
    const b = (await call('directory.addCredit', { productionId: 'earnest-2026', personId: siobhan.id, department: 'cast', role: 'Lady Bracknell' })) as CreditRow;
    const c = (await call('directory.addCredit', { productionId: 'earnest-2026', personId: siobhan.id, department: 'creative', role: 'Dialect coach' })) as CreditRow;
    await call('directory.addCredit', { productionId: 'carol-2025', personId: jose.id, department: 'cast', role: 'Bob Cratchit', understudy: true });
    expect([a.billing, b.billing, c.billing]).toEqual([1, 2, 1]);

    await call('directory.reorderCredits', { productionId: 'earnest-2026', department: 'cast', order: [b.id, a.id] });
    const list = (await call('directory.listCredits', { productionId: 'earnest-2026' })) as { credits: CreditRow[] };
    expect(list.credits.map((x) => `${x.department}:${x.role}:${x.personName}`)).toEqual([
      "cast:Lady Bracknell:Siobhán O'Neill",
      'cast:John Worthing:José Álvarez',
      "creative:Dialect coach:Siobhán O'Neill",
    ]);

    const profile = (await call('directory.getPerson', { id: jose.id })) as { history: Array<{ title: string; role: string; understudy: boolean }> };
    expect(profile.history.map((h) => `${h.title}: ${h.role}${h.understudy ? ' (u/s)' : ''}`)).toEqual([
      'The Importance of Being Earnest: John Worthing',
      'A Christmas Carol: Bob Cratchit (u/s)',
    ]);

    await call('directory.updateCredit', { productionId: 'earnest-2026', creditId: a.id, role: 'Jack Worthing', standby: true });
    await call('directory.removeCredit', { productionId: 'earnest-2026', creditId: c.id });
    const after = (await call('directory.listCredits', { productionId: 'earnest-2026' })) as { credits: CreditRow[] };
    expect(after.credits.map((x) => x.role)).toEqual(['Lady Bracknell', 'Jack Worthing']);
  });

  it('refuses credits for a missing person or production, and bad billing orders, changing nothing', async () => {
    const jose = await addPerson(t, { name: 'José Álvarez' });
    const credit = (await call('directory.addCredit', { productionId: 'earnest-2026', personId: jose.id, department: 'cast', role: 'Algernon' })) as CreditRow;
    const heads = () => t.app.store.list().map((d) => `${d.id}@${d.heads.join(',')}`);
    const before = heads();
    const cases: Array<[string, unknown, string, string]> = [
      ['directory.addCredit', { productionId: 'hamlet-1999', personId: jose.id, department: 'cast', role: 'Hamlet' }, 'not_found', 'productionId'],
      ['directory.addCredit', { productionId: 'earnest-2026', personId: 'p0-nobodyhere', department: 'cast', role: 'Lane' }, 'not_found', 'personId'],
      ['directory.addCredit', { productionId: 'earnest-2026', personId: jose.id, department: 'ushers', role: 'Lane' }, 'invalid', 'department'],
      ['directory.addCredit', { productionId: 'earnest-2026', personId: jose.id, department: 'cast', role: '' }, 'invalid', 'role'],
      ['directory.addCredit', { productionId: 'earnest-2026', personId: jose.id, department: 'cast', role: 'Lane', startDate: '2026-05-01', endDate: '2026-04-01' }, 'invalid', 'endDate'],
      ['directory.reorderCredits', { productionId: 'earnest-2026', department: 'cast', order: ['cr-unknown1'] }, 'invalid', 'order'],
      ['directory.updateCredit', { productionId: 'earnest-2026', creditId: 'cr-unknown1', role: 'X' }, 'not_found', 'creditId'],
      ['directory.removeCredit', { productionId: 'carol-2025', creditId: credit.id }, 'not_found', 'creditId'],
    ];
    for (const [name, input, code, field] of cases) {
      const err = await failure(call(name, input));
      expect(err.code, `${name} ${JSON.stringify(input)}`).toBe(code);
      expect(JSON.stringify(err.details) + err.message).toContain(field);
    }
    expect(heads()).toEqual(before);
  });
});
