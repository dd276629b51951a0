import { createHash, randomBytes } from 'node:crypto';
import * as A from '@automerge/automerge';
import type { Store } from '../store/store.ts';

/**
 * The directory's documents (docs/decisions/0003-directory-documents-and-search.md):
 *
 *   `directory:people:<n>`    type `directory-people`, scope `directory`: at most ~500 people
 *   `directory:contacts:<n>`  type `directory-contacts`, scope `directory`: the same people's
 *                             private contact details (kept apart so a replica or an export
 *                             can leave them out as a whole)
 *   `credits:<productionId>`  type `credits`, scope `production:<productionId>`: one production's
 *                             cast and crew list
 *
 * A person's id names its shard (`p<n>-<random>`), so finding a person's document needs no
 * lookup. New people go to the lowest shard holding fewer than SHARD_CAPACITY people.
 * Shard and credits documents start from a deterministic first change (fixed actor, time 0),
 * so two replicas that create the same shard offline end up with one document, not two.
 */
export const PEOPLE_DOC_TYPE = 'directory-people';
export const CONTACTS_DOC_TYPE = 'directory-contacts';
export const CREDITS_DOC_TYPE = 'credits';
export const DIRECTORY_SCOPE = 'directory';
export const SHARD_CAPACITY = 500;

export const DEPARTMENTS = ['cast', 'creative', 'production', 'crew', 'orchestra', 'front-of-house'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_LABELS: Record<Department, string> = {
  cast: 'Cast',
  creative: 'Creative team',
  production: 'Production team',
  crew: 'Crew',
  orchestra: 'Orchestra',
  'front-of-house': 'Front of house',
};

/** Stored strings: names, ids and enums are ImmutableStrings; the biography is collaborative text. */
export type Str = string | A.ImmutableString;

export interface LinkRecord {
  label: Str;
  url: Str;
}

export interface MergeRecord {
  into: Str;
  at: number;
  by: Str;
  /** Survivor fields that were empty and were filled from this person (field → value). */
  filled: Record<string, Str>;
  /** Names, skills and unions added to the survivor. */
  addedAltNames: Str[];
  addedSkills: Str[];
  addedUnions: Str[];
  /** Contact fields of the survivor that were filled (field → value). */
  contactFilled: Record<string, Str>;
  /** Credits moved to the survivor. */
  movedCredits: Array<{ productionId: Str; creditId: Str }>;
  /** Media assets whose credit (photographer, etc.) moved to the survivor. */
  movedMedia?: Array<{ docId: Str; assetId: Str }>;
}

/** A stored person. Fields other than id, name and times may be absent (empty). */
export interface PersonRecord {
  id: Str;
  name: Str;
  stageName?: Str;
  altNames?: Str[];
  pronouns?: Str;
  /** A media asset id (from the gallery), or null. */
  headshot?: Str | null;
  bio?: string;
  links?: LinkRecord[];
  skills?: Str[];
  unions?: Str[];
  createdAt: number;
  updatedAt: number;
  /** Set when this person was merged into another: the redirect. */
  mergedInto?: Str | null;
  merge?: MergeRecord | null;
  /** People this one was marked "not a duplicate" of. */
  notDuplicates?: Str[];
}

export interface PeopleDoc {
  shard: number;
  people: Record<string, PersonRecord>;
}

export const CONTACT_FIELDS = ['email', 'phone', 'address', 'emergencyContact'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactRecord = Record<ContactField, Str>;

export interface ContactsDoc {
  shard: number;
  contacts: Record<string, ContactRecord>;
}

/**
 * A stored credit, under its id in `credits`; flags and dates are absent when false or unset.
 * `id` and `createdAt` were written by earlier versions and are no longer (the map key is the
 * id, and no one read the time): two ops fewer per credit, ~30% of a cast list's write cost.
 */
export interface CreditRecord {
  id?: Str;
  personId: Str;
  department: Str;
  /** Character for cast; position for everyone else. */
  role: Str;
  billing: number;
  understudy?: boolean;
  swing?: boolean;
  standby?: boolean;
  /** Local dates YYYY-MM-DD. */
  startDate?: Str;
  endDate?: Str;
  createdAt?: number;
}

export interface CreditsDoc {
  productionId: Str;
  credits: Record<string, CreditRecord>;
}

// ---- plain views ---------------------------------------------------------------------

export interface Person {
  id: string;
  name: string;
  stageName: string;
  altNames: string[];
  pronouns: string;
  headshot: string | null;
  bio: string;
  links: Array<{ label: string; url: string }>;
  skills: string[];
  unions: string[];
  createdAt: number;
  updatedAt: number;
  mergedInto: string | null;
}

export type Contact = Record<ContactField, string>;

export interface Credit {
  id: string;
  productionId: string;
  personId: string;
  department: Department;
  role: string;
  billing: number;
  understudy: boolean;
  swing: boolean;
  standby: boolean;
  startDate: string;
  endDate: string;
}

export const str = (v: Str | null | undefined): string => (v == null ? '' : String(v));
export const imm = (v: string): A.ImmutableString => new A.ImmutableString(v);

export function personView(r: PersonRecord): Person {
  return {
    id: str(r.id),
    name: str(r.name),
    stageName: str(r.stageName),
    altNames: (r.altNames ?? []).map(str),
    pronouns: str(r.pronouns),
    headshot: r.headshot == null ? null : str(r.headshot),
    bio: str(r.bio),
    links: (r.links ?? []).map((l) => ({ label: str(l.label), url: str(l.url) })),
    skills: (r.skills ?? []).map(str),
    unions: (r.unions ?? []).map(str),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    mergedInto: r.mergedInto == null ? null : str(r.mergedInto),
  };
}

export function contactView(r: ContactRecord | undefined): Contact {
  return { email: str(r?.email), phone: str(r?.phone), address: str(r?.address), emergencyContact: str(r?.emergencyContact) };
}

export function creditView(productionId: string, id: string, r: CreditRecord): Credit {
  return {
    id,
    productionId,
    personId: str(r.personId),
    department: str(r.department) as Department,
    role: str(r.role),
    billing: r.billing,
    understudy: !!r.understudy,
    swing: !!r.swing,
    standby: !!r.standby,
    startDate: str(r.startDate),
    endDate: str(r.endDate),
  };
}

/** The name a person is billed under. */
export function displayName(p: Pick<Person, 'name' | 'stageName'>): string {
  return p.stageName.trim() || p.name;
}

// ---- ids and documents ------------------------------------------------------------------

const PERSON_ID = /^p(\d{1,6})-[a-z0-9]{6,20}$/;

export function isPersonId(id: string): boolean {
  return PERSON_ID.test(id);
}

/** The shard number a person id names, or undefined for a malformed id. */
export function shardOf(personId: string): number | undefined {
  const m = PERSON_ID.exec(personId);
  return m ? Number(m[1]) : undefined;
}

export const peopleDocId = (shard: number): string => `directory:people:${shard}`;
export const contactsDocId = (shard: number): string => `directory:contacts:${shard}`;
export const creditsDocId = (productionId: string): string => `credits:${productionId}`;
export const creditsScope = (productionId: string): string => `production:${productionId}`;

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export function randomSuffix(length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export const newPersonId = (shard: number): string => `p${shard}-${randomSuffix()}`;
export const newCreditId = (): string => `cr-${randomSuffix()}`;

/**
 * Creates a document from a deterministic first change if it does not exist yet: every
 * replica that creates `id` produces byte-identical history, so their copies merge.
 */
export function ensureDoc<T>(store: Store, id: string, type: string, scope: string, init: (doc: T) => void): void {
  if (store.has(id)) return;
  const actor = createHash('sha256').update(`genesis:${id}`).digest('hex').slice(0, 32);
  const doc = A.change(A.init<T>({ actor }), { message: `create ${type}`, time: 0 }, (d) => init(d as T));
  store.importDocument(id, type, scope, A.save(doc));
}

export function ensurePeopleShard(store: Store, shard: number): void {
  ensureDoc<PeopleDoc>(store, peopleDocId(shard), PEOPLE_DOC_TYPE, DIRECTORY_SCOPE, (d) => {
    d.shard = shard;
    d.people = {};
  });
}

export function ensureContactsShard(store: Store, shard: number): void {
  ensureDoc<ContactsDoc>(store, contactsDocId(shard), CONTACTS_DOC_TYPE, DIRECTORY_SCOPE, (d) => {
    d.shard = shard;
    d.contacts = {};
  });
}

export function ensureCreditsDoc(store: Store, productionId: string): void {
  ensureDoc<CreditsDoc>(store, creditsDocId(productionId), CREDITS_DOC_TYPE, creditsScope(productionId), (d) => {
    d.productionId = imm(productionId);
    d.credits = {};
  });
}
