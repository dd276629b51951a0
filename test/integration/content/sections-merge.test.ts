import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { sectionDocId } from '../../../core/content/model.ts';
import { ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, initOrg } from '../../../core/content/org.ts';
import { createPage, getPage } from '../../../core/content/pages.ts';
import { contentPagesProjection, listPages } from '../../../core/content/projection.ts';
import { createSection } from '../../../core/content/sections.ts';
import { Store } from '../../../core/store/store.ts';
import { tempDir } from '../../fixtures/app.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

async function replica(clock: TestClock, orgBytes?: Uint8Array): Promise<Store> {
  const s = await Store.open(`${tempDir('cb-section-merge-')}/store`, { clock });
  s.registerProjections([contentPagesProjection]);
  stores.push(s);
  if (orgBytes) s.importDocument(ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, orgBytes);
  else s.create(ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, (d: Parameters<typeof initOrg>[0]) => initOrg(d, { name: 'Riverside Players', shortName: 'Riverside', city: 'Millbrook', timeZone: 'UTC', website: '', email: '' }, clock.now()));
  return s;
}

describe('section documents', () => {
  it('two replicas creating the same section while apart end with one document holding both pages', async () => {
    const clock = new TestClock('2026-03-01T18:00:00Z');
    const a = await replica(clock);
    const b = await replica(clock, A.save(a.doc(ORG_DOC_ID)));
    const who = { userId: 'usr-morgan', now: clock.now() };
    createSection(a, { id: 'education', title: 'Education' }, who);
    createSection(b, { id: 'education', title: 'Youth education' }, who);
    const DOC = sectionDocId('education');
    // Identical roots: the same first change on both sides.
    expect(A.getHeads(a.doc(DOC))).toEqual(A.getHeads(b.doc(DOC)));
    const camp = createPage(a, 'education', { title: 'Summer camp' }, who);
    const workshops = createPage(b, 'education', { title: 'Saturday workshops' }, who);
    for (const id of [ORG_DOC_ID, DOC]) {
      const fromA = A.getAllChanges(a.doc(id));
      const fromB = A.getAllChanges(b.doc(id));
      b.applyChanges(id, fromA);
      a.applyChanges(id, fromB);
    }
    for (const s of [a, b]) {
      expect(getPage(s, 'education', camp.id).title).toBe('Summer camp');
      expect(getPage(s, 'education', workshops.id).title).toBe('Saturday workshops');
      expect(listPages(s.db, { sectionId: 'education' }).map((p) => p.title)).toEqual(['Saturday workshops', 'Summer camp']);
    }
    expect(A.getHeads(a.doc(DOC)).sort()).toEqual(A.getHeads(b.doc(DOC)).sort());
  });
});
