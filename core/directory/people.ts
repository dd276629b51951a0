import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import {
  CONTACT_FIELDS,
  PEOPLE_DOC_TYPE,
  SHARD_CAPACITY,
  contactView,
  contactsDocId,
  ensureContactsShard,
  ensurePeopleShard,
  imm,
  newPersonId,
  peopleDocId,
  personView,
  shardOf,
  str,
  type Contact,
  type ContactsDoc,
  type PeopleDoc,
  type Person,
  type PersonRecord,
} from './model.ts';

export interface PersonInput {
  name: string;
  stageName?: string;
  altNames?: string[];
  pronouns?: string;
  headshot?: string | null;
  bio?: string;
  links?: Array<{ label: string; url: string }>;
  skills?: string[];
  unions?: string[];
  contact?: Partial<Contact>;
}

export type PersonPatch = Partial<PersonInput>;

/**
 * Picks shards for `count` new people: the lowest shards with room, then new ones. Counts come
 * from the `directory_people` projection (updated in the same transaction as every change).
 */
export function allocateShards(store: Store, count: number): number[] {
  const used = new Map<number, number>();
  for (const info of store.list({ type: PEOPLE_DOC_TYPE })) {
    const n = Number(info.id.slice(info.id.lastIndexOf(':') + 1));
    if (Number.isInteger(n)) used.set(n, 0);
  }
  const rows = store.db.prepare('SELECT shard, COUNT(*) AS n FROM directory_people GROUP BY shard').all() as Array<{ shard: number; n: number }>;
  for (const r of rows) used.set(r.shard, r.n);
  const out: number[] = [];
  let shard = 0;
  while (out.length < count) {
    const have = used.get(shard) ?? 0;
    const room = SHARD_CAPACITY - have;
    for (let i = 0; i < room && out.length < count; i++) out.push(shard);
    used.set(shard, Math.max(have, SHARD_CAPACITY));
    shard++;
  }
  return out;
}

function cleanList(values: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values ?? []) {
    const t = v.trim();
    if (t && !seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out;
}

/**
 * A new person's record. Empty lists and unset fields are left out (readers default them):
 * every empty list is an Automerge object, and leaving them out makes creating people about
 * 2.5x faster (docs/decisions/0003).
 */
function newRecord(id: string, input: PersonInput, now: number): PersonRecord {
  const rec: Partial<PersonRecord> = { id: imm(id), name: imm(input.name.trim()), createdAt: now, updatedAt: now };
  const set = (key: 'stageName' | 'pronouns', v: string | undefined) => {
    if (v?.trim()) rec[key] = imm(v.trim());
  };
  set('stageName', input.stageName);
  set('pronouns', input.pronouns);
  if (input.headshot) rec.headshot = imm(input.headshot);
  if (input.bio) rec.bio = input.bio;
  const lists = { altNames: cleanList(input.altNames), skills: cleanList(input.skills), unions: cleanList(input.unions) };
  for (const [k, v] of Object.entries(lists)) if (v.length) (rec as Record<string, unknown>)[k] = v.map(imm);
  if (input.links?.length) rec.links = input.links.map((l) => ({ label: imm(l.label), url: imm(l.url) }));
  return rec as PersonRecord;
}

function hasContact(c: Partial<Contact> | undefined): c is Partial<Contact> {
  return !!c && CONTACT_FIELDS.some((f) => (c[f] ?? '').trim() !== '');
}

/** Creates people, one change per shard document. Returns their ids in input order. */
export function createPeople(store: Store, inputs: readonly PersonInput[], now: number): string[] {
  const shards = allocateShards(store, inputs.length);
  const ids = shards.map((s) => newPersonId(s));
  const byShard = new Map<number, number[]>();
  shards.forEach((s, i) => byShard.set(s, [...(byShard.get(s) ?? []), i]));
  store.transaction(() => {
    for (const [shard, idx] of byShard) {
      ensurePeopleShard(store, shard);
      store.change<PeopleDoc>(peopleDocId(shard), (d) => {
        for (const i of idx) d.people[ids[i]!] = newRecord(ids[i]!, inputs[i]!, now);
      }, { message: `add ${idx.length} people` });
      const withContact = idx.filter((i) => hasContact(inputs[i]!.contact));
      if (withContact.length) {
        ensureContactsShard(store, shard);
        store.change<ContactsDoc>(contactsDocId(shard), (d) => {
          for (const i of withContact) {
            const c = inputs[i]!.contact!;
            // Only the fields given: an empty field is absent (readers default it), one op less each.
            d.contacts[ids[i]!] = Object.fromEntries(
              CONTACT_FIELDS.filter((f) => (c[f] ?? '').trim() !== '').map((f) => [f, imm(c[f]!.trim())]),
            ) as ContactsDoc['contacts'][string];
          }
        }, { message: 'add contact details' });
      }
    }
  });
  return ids;
}

/** The stored record of a person (merged-away people included), or undefined. */
export function personRecord(store: Store, id: string): PersonRecord | undefined {
  const shard = shardOf(id);
  if (shard === undefined || !store.has(peopleDocId(shard))) return undefined;
  return store.doc<PeopleDoc>(peopleDocId(shard)).people[id];
}

export function getPerson(store: Store, id: string): Person | undefined {
  const r = personRecord(store, id);
  return r ? personView(r) : undefined;
}

export function requirePerson(store: Store, id: string, field = 'personId'): Person {
  const p = getPerson(store, id);
  if (!p) throw new CallboardError('not_found', `No person ${id} in the directory`, { field, id });
  return p;
}

/** Follows merge redirects to the surviving person (at most 20 hops). */
export function resolvePersonId(store: Store, id: string): string {
  let current = id;
  for (let i = 0; i < 20; i++) {
    const r = personRecord(store, current);
    if (!r || r.mergedInto == null) return current;
    current = str(r.mergedInto);
  }
  return current;
}

export function getContact(store: Store, id: string): Contact {
  const shard = shardOf(id);
  if (shard === undefined || !store.has(contactsDocId(shard))) return contactView(undefined);
  return contactView(store.doc<ContactsDoc>(contactsDocId(shard)).contacts[id]);
}

/** Applies a patch to one person; returns the fields that changed (before/after). */
export function updatePerson(
  store: Store,
  id: string,
  patch: PersonPatch,
  now: number,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const shard = shardOf(id)!;
  const current = requirePerson(store, id, 'id');
  const currentContact = patch.contact ? getContact(store, id) : undefined;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const next: Record<string, unknown> = {
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.stageName !== undefined ? { stageName: patch.stageName.trim() } : {}),
    ...(patch.pronouns !== undefined ? { pronouns: patch.pronouns.trim() } : {}),
    ...(patch.headshot !== undefined ? { headshot: patch.headshot } : {}),
    ...(patch.bio !== undefined ? { bio: patch.bio } : {}),
    ...(patch.altNames !== undefined ? { altNames: cleanList(patch.altNames) } : {}),
    ...(patch.skills !== undefined ? { skills: cleanList(patch.skills) } : {}),
    ...(patch.unions !== undefined ? { unions: cleanList(patch.unions) } : {}),
    ...(patch.links !== undefined ? { links: patch.links } : {}),
  };
  for (const [k, v] of Object.entries(next)) {
    const old = current[k as keyof Person];
    if (JSON.stringify(old) !== JSON.stringify(v)) {
      before[k] = old;
      after[k] = v;
    }
  }
  const contactChanges: Partial<Contact> = {};
  if (patch.contact && currentContact) {
    for (const f of CONTACT_FIELDS) {
      const v = patch.contact[f];
      if (v !== undefined && v.trim() !== currentContact[f]) contactChanges[f] = v.trim();
    }
  }
  store.transaction(() => {
    if (Object.keys(after).length) {
      store.change<PeopleDoc>(peopleDocId(shard), (d) => {
        const p = d.people[id]!;
        for (const [k, v] of Object.entries(after)) {
          switch (k) {
            case 'bio':
              if (typeof p.bio === 'string') A.updateText(d, ['people', id, 'bio'], v as string);
              else p.bio = v as string;
              break;
            case 'headshot':
              p.headshot = v ? imm(v as string) : null;
              break;
            case 'altNames':
            case 'skills':
            case 'unions':
              p[k] = (v as string[]).map(imm);
              break;
            case 'links':
              p.links = (v as Array<{ label: string; url: string }>).map((l) => ({ label: imm(l.label), url: imm(l.url) }));
              break;
            default:
              (p as unknown as Record<string, A.ImmutableString>)[k] = imm(v as string);
          }
        }
        p.updatedAt = now;
      }, { message: `edit ${Object.keys(after).join(', ')}` });
    }
    if (Object.keys(contactChanges).length) {
      ensureContactsShard(store, shard);
      store.change<ContactsDoc>(contactsDocId(shard), (d) => {
        const c = d.contacts[id] ?? (d.contacts[id] = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, imm('')])) as ContactsDoc['contacts'][string]);
        for (const [f, v] of Object.entries(contactChanges)) c[f as keyof Contact] = imm(v);
      }, { message: 'edit contact details' });
      // Contact values are private: the audit records which fields changed, never their values.
      before.contact = Object.keys(contactChanges);
      after.contact = Object.keys(contactChanges);
    }
  });
  return { before, after };
}

/** Records that two people are different people, so they are not suggested as duplicates again. */
export function markNotDuplicates(store: Store, a: string, b: string): void {
  store.transaction(() => {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const shard = shardOf(x)!;
      store.change<PeopleDoc>(peopleDocId(shard), (d) => {
        const p = d.people[x]!;
        if (!p.notDuplicates) p.notDuplicates = [imm(y)];
        else if (!p.notDuplicates.some((v) => str(v) === y)) p.notDuplicates.push(imm(y));
      }, { message: 'mark not duplicates' });
    }
  });
}
