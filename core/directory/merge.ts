import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import {
  CONTACT_FIELDS,
  contactsDocId,
  creditsDocId,
  ensureContactsShard,
  imm,
  peopleDocId,
  shardOf,
  str,
  type Contact,
  type ContactsDoc,
  type CreditsDoc,
  type MergeRecord,
  type PeopleDoc,
  type Person,
  type Str,
} from './model.ts';
import { getContact, personRecord, requirePerson } from './people.ts';
import { fold } from './text.ts';

export interface MergeSummary {
  sourceId: string;
  targetId: string;
  filled: string[];
  addedAltNames: string[];
  addedSkills: string[];
  addedUnions: string[];
  contactFilled: string[];
  movedCredits: number;
  /** Media assets credited to the source, now credited to the target. */
  movedMedia: number;
  /** The old id keeps resolving (directory.resolve, directory_redirects) for links and for media added concurrently. */
  mediaRedirected: true;
}

/** The media documents as far as the directory touches them: an asset's credited person. */
interface MediaAssetsView {
  assets?: Record<string, { credit?: { personId: Str | null } | null }>;
}

/** Media assets credited to a person, from the media module's projection when it is there. */
function mediaCreditsOf(store: Store, personId: string): Array<{ docId: string; assetId: string }> {
  const has = store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'media_assets'").get();
  if (!has) return [];
  return store.db.prepare('SELECT doc_id AS docId, id AS assetId FROM media_assets WHERE credit_person = ? ORDER BY doc_id, id').all(personId) as Array<{
    docId: string;
    assetId: string;
  }>;
}

function moveMedia(store: Store, items: Array<{ docId: string; assetId: string }>, from: string, to: string, message: string): number {
  let moved = 0;
  const byDoc = new Map<string, string[]>();
  for (const m of items) byDoc.set(m.docId, [...(byDoc.get(m.docId) ?? []), m.assetId]);
  for (const [docId, ids] of byDoc) {
    if (!store.has(docId)) continue;
    store.change<MediaAssetsView>(docId, (d) => {
      for (const id of ids) {
        const credit = d.assets?.[id]?.credit;
        if (credit && str(credit.personId) === from) {
          credit.personId = imm(to);
          moved++;
        }
      }
    }, { message });
  }
  return moved;
}

const FILLABLE = ['stageName', 'pronouns', 'headshot', 'bio', 'links'] as const;

function valueOf(p: Person, field: (typeof FILLABLE)[number]): string {
  if (field === 'links') return p.links.length ? JSON.stringify(p.links) : '';
  return p[field] ?? '';
}

/**
 * Merges `sourceId` into `targetId`: every credit of the source moves to the target, the
 * target's empty fields are filled from the source, the source's names become alternative
 * names, skills and unions are combined, and the source keeps its record with a redirect
 * (`mergedInto`) and what the merge did, so `unmergePerson` can undo it.
 */
export function mergePeople(store: Store, sourceId: string, targetId: string, now: number, by: string): MergeSummary {
  if (sourceId === targetId) throw new CallboardError('invalid', 'A person cannot be merged into themselves', { field: 'targetId' });
  const source = requirePerson(store, sourceId, 'sourceId');
  const target = requirePerson(store, targetId, 'targetId');
  if (source.mergedInto) {
    throw new CallboardError('invalid', `${source.name} was already merged into ${source.mergedInto}`, { field: 'sourceId', mergedInto: source.mergedInto });
  }
  if (target.mergedInto) {
    throw new CallboardError('invalid', `${target.name} (${targetId}) was merged into ${target.mergedInto}; merge into that person instead`, {
      field: 'targetId',
      mergedInto: target.mergedInto,
    });
  }

  const filled: Record<string, string> = {};
  for (const f of FILLABLE) {
    const mine = valueOf(target, f);
    const theirs = valueOf(source, f);
    if (!mine.trim() && theirs.trim()) filled[f] = theirs;
  }
  const known = new Set([target.name, target.stageName, ...target.altNames].filter(Boolean).map(fold));
  const addedAltNames: string[] = [];
  for (const n of [source.name, source.stageName, ...source.altNames]) {
    if (n.trim() && !known.has(fold(n))) {
      known.add(fold(n));
      addedAltNames.push(n);
    }
  }
  const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const targetSkills = lower(target.skills);
  const addedSkills = source.skills.filter((s) => !targetSkills.has(s.toLowerCase()));
  const targetUnions = lower(target.unions);
  const addedUnions = source.unions.filter((u) => !targetUnions.has(u.toLowerCase()));
  const sourceContact = getContact(store, sourceId);
  const targetContact = getContact(store, targetId);
  const contactFilled: Partial<Contact> = {};
  for (const f of CONTACT_FIELDS) if (!targetContact[f] && sourceContact[f]) contactFilled[f] = sourceContact[f];

  const credits = store.db
    .prepare('SELECT id, production_id FROM directory_credits WHERE person_id = ? ORDER BY production_id, id')
    .all(sourceId) as Array<{ id: string; production_id: string }>;
  const media = mediaCreditsOf(store, sourceId);
  let movedMedia = 0;

  store.transaction(() => {
    const byProduction = new Map<string, string[]>();
    for (const c of credits) byProduction.set(c.production_id, [...(byProduction.get(c.production_id) ?? []), c.id]);
    for (const [pid, ids] of byProduction) {
      store.change<CreditsDoc>(creditsDocId(pid), (d) => {
        for (const id of ids) if (d.credits[id]) d.credits[id]!.personId = imm(targetId);
      }, { message: `merge ${sourceId} into ${targetId}` });
    }
    movedMedia = moveMedia(store, media, sourceId, targetId, `merge ${sourceId} into ${targetId}`);
    const tShard = shardOf(targetId)!;
    store.change<PeopleDoc>(peopleDocId(tShard), (d) => {
      const t = d.people[targetId]!;
      for (const [f, v] of Object.entries(filled)) {
        if (f === 'bio') {
          if (typeof t.bio === 'string') A.updateText(d, ['people', targetId, 'bio'], v);
          else t.bio = v;
        }
        else if (f === 'links') t.links = (JSON.parse(v) as Person['links']).map((l) => ({ label: imm(l.label), url: imm(l.url) }));
        else if (f === 'headshot') t.headshot = imm(v);
        else (t as unknown as Record<string, A.ImmutableString>)[f] = imm(v);
      }
      const append = (key: 'altNames' | 'skills' | 'unions', values: string[]) => {
        if (!values.length) return;
        if (!t[key]) t[key] = [];
        for (const v of values) t[key]!.push(imm(v));
      };
      append('altNames', addedAltNames);
      append('skills', addedSkills);
      append('unions', addedUnions);
      t.updatedAt = now;
    }, { message: `merge ${sourceId} into ${targetId}` });
    if (Object.keys(contactFilled).length) {
      ensureContactsShard(store, tShard);
      store.change<ContactsDoc>(contactsDocId(tShard), (d) => {
        const c = d.contacts[targetId] ?? (d.contacts[targetId] = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, imm('')])) as ContactsDoc['contacts'][string]);
        for (const [f, v] of Object.entries(contactFilled)) c[f as keyof Contact] = imm(v);
      }, { message: `merge ${sourceId} into ${targetId}` });
    }
    const record: MergeRecord = {
      into: imm(targetId),
      at: now,
      by: imm(by),
      filled: Object.fromEntries(Object.entries(filled).map(([k, v]) => [k, imm(v)])),
      addedAltNames: addedAltNames.map(imm),
      addedSkills: addedSkills.map(imm),
      addedUnions: addedUnions.map(imm),
      contactFilled: Object.fromEntries(Object.entries(contactFilled).map(([k, v]) => [k, imm(v)])),
      movedCredits: credits.map((c) => ({ productionId: imm(c.production_id), creditId: imm(c.id) })),
      movedMedia: media.map((m) => ({ docId: imm(m.docId), assetId: imm(m.assetId) })),
    };
    store.change<PeopleDoc>(peopleDocId(shardOf(sourceId)!), (d) => {
      const s = d.people[sourceId]!;
      s.mergedInto = imm(targetId);
      s.merge = record;
      s.updatedAt = now;
    }, { message: `merged into ${targetId}` });
  });

  return {
    sourceId,
    targetId,
    filled: Object.keys(filled),
    addedAltNames,
    addedSkills,
    addedUnions,
    contactFilled: Object.keys(contactFilled),
    movedCredits: credits.length,
    movedMedia,
    mediaRedirected: true,
  };
}

/** Undoes a merge: credits go back, filled fields and added names are removed where unchanged since. */
export function unmergePerson(store: Store, sourceId: string, now: number): { sourceId: string; targetId: string; restoredCredits: number } {
  const rec = personRecord(store, sourceId);
  if (!rec) throw new CallboardError('not_found', `No person ${sourceId} in the directory`, { field: 'id' });
  if (rec.mergedInto == null || !rec.merge) throw new CallboardError('invalid', `${str(rec.name)} is not merged into anyone`, { field: 'id' });
  const targetId = str(rec.mergedInto);
  const target = personRecord(store, targetId);
  if (!target) throw new CallboardError('not_found', `The survivor ${targetId} no longer exists`, { field: 'id' });
  if (target.mergedInto != null) {
    throw new CallboardError('conflict', `${str(target.name)} was since merged into ${str(target.mergedInto)}; unmerge that first`, {
      field: 'id',
      mergedInto: str(target.mergedInto),
    });
  }
  const m = rec.merge;
  const filled = Object.fromEntries(Object.entries(m.filled).map(([k, v]) => [k, str(v)]));
  const strs = (xs: readonly unknown[]) => new Set(xs.map((x) => str(x as string)));
  const addedAlt = strs(m.addedAltNames);
  const addedSkills = strs(m.addedSkills);
  const addedUnions = strs(m.addedUnions);
  const contactFilled = Object.fromEntries(Object.entries(m.contactFilled).map(([k, v]) => [k, str(v)]));
  const moved = m.movedCredits.map((c) => ({ productionId: str(c.productionId), creditId: str(c.creditId) }));
  const movedMedia = (m.movedMedia ?? []).map((x) => ({ docId: str(x.docId), assetId: str(x.assetId) }));
  let restored = 0;

  store.transaction(() => {
    const byProduction = new Map<string, string[]>();
    for (const c of moved) byProduction.set(c.productionId, [...(byProduction.get(c.productionId) ?? []), c.creditId]);
    for (const [pid, ids] of byProduction) {
      if (!store.has(creditsDocId(pid))) continue;
      store.change<CreditsDoc>(creditsDocId(pid), (d) => {
        for (const id of ids) {
          const c = d.credits[id];
          if (c && str(c.personId) === targetId) {
            c.personId = imm(sourceId);
            restored++;
          }
        }
      }, { message: `unmerge ${sourceId} from ${targetId}` });
    }
    moveMedia(store, movedMedia, targetId, sourceId, `unmerge ${sourceId} from ${targetId}`);
    const tShard = shardOf(targetId)!;
    store.change<PeopleDoc>(peopleDocId(tShard), (d) => {
      const t = d.people[targetId]!;
      for (const [f, v] of Object.entries(filled)) {
        if (f === 'bio') {
          if (str(t.bio) === v) A.updateText(d, ['people', targetId, 'bio'], '');
        } else if (f === 'links') {
          if (JSON.stringify((t.links ?? []).map((l) => ({ label: str(l.label), url: str(l.url) }))) === v) t.links = [];
        } else if (f === 'headshot') {
          if (str(t.headshot) === v) t.headshot = null;
        } else {
          const rt = t as unknown as Record<string, A.ImmutableString>;
          if (str(rt[f]) === v) rt[f] = imm('');
        }
      }
      const drop = (list: unknown[] | undefined, remove: Set<string>) => {
        for (let i = (list?.length ?? 0) - 1; i >= 0; i--) if (remove.has(str(list![i] as string))) list!.splice(i, 1);
      };
      drop(t.altNames, addedAlt);
      drop(t.skills, addedSkills);
      drop(t.unions, addedUnions);
      t.updatedAt = now;
    }, { message: `unmerge ${sourceId} from ${targetId}` });
    if (Object.keys(contactFilled).length && store.has(contactsDocId(tShard))) {
      store.change<ContactsDoc>(contactsDocId(tShard), (d) => {
        const c = d.contacts[targetId];
        if (!c) return;
        for (const [f, v] of Object.entries(contactFilled)) if (str(c[f as keyof Contact]) === v) c[f as keyof Contact] = imm('');
      }, { message: `unmerge ${sourceId} from ${targetId}` });
    }
    store.change<PeopleDoc>(peopleDocId(shardOf(sourceId)!), (d) => {
      const s = d.people[sourceId]!;
      s.mergedInto = null;
      s.merge = null;
      s.updatedAt = now;
    }, { message: `unmerged from ${targetId}` });
  });
  return { sourceId, targetId, restoredCredits: restored };
}
