import { stringify } from 'csv-stringify/sync';
import type { Store } from '../store/store.ts';
import { PEOPLE_DOC_TYPE, contactView, contactsDocId, personView, type Contact, type ContactsDoc, type PeopleDoc, type Person } from './model.ts';
import { personHistory, type HistoryEntry } from './queries.ts';

export interface ExportedPerson extends Omit<Person, 'createdAt' | 'updatedAt' | 'mergedInto' | 'headshot'> {
  contact?: Contact;
  credits: Array<Pick<HistoryEntry, 'productionId' | 'title' | 'department' | 'role' | 'billing' | 'understudy' | 'swing' | 'standby'> & { startDate: string; endDate: string }>;
}

/** The CSV columns: the same the import reads, one row per credit (one row for people without any). */
const PUBLIC_COLUMNS = ['id', 'name', 'stage_name', 'alt_names', 'pronouns', 'skills', 'unions', 'bio', 'links'];
const CONTACT_COLUMNS = ['email', 'phone', 'address', 'emergency_contact'];
const CREDIT_COLUMNS = ['production', 'role', 'department', 'billing', 'understudy', 'swing', 'standby', 'start_date', 'end_date'];

/**
 * Every current (not merged-away) person with their credits. Contact details are included
 * only when `includeContact` is true; the caller decides that from the caller's grants.
 */
export function exportPeople(store: Store, options: { includeContact: boolean; productionId?: string }): ExportedPerson[] {
  const out: ExportedPerson[] = [];
  const only = options.productionId
    ? new Set(
        (store.db.prepare(
          `SELECT DISTINCT COALESCE(r.to_id, c.person_id) AS id FROM directory_credits c LEFT JOIN directory_redirects r ON r.from_id = c.person_id WHERE c.production_id = ?`,
        ).all(options.productionId) as Array<{ id: string }>).map((r) => r.id),
      )
    : undefined;
  for (const info of store.list({ type: PEOPLE_DOC_TYPE })) {
    const doc = store.doc<PeopleDoc>(info.id);
    const contacts = options.includeContact && store.has(contactsDocId(doc.shard)) ? store.doc<ContactsDoc>(contactsDocId(doc.shard)).contacts : undefined;
    for (const rec of Object.values(doc.people)) {
      const p = personView(rec);
      if (p.mergedInto || (only && !only.has(p.id))) continue;
      const credits = personHistory(store.db, p.id)
        .filter((h) => !options.productionId || h.productionId === options.productionId)
        .map((h) => {
          const row = store.db.prepare('SELECT start_date, end_date FROM directory_credits WHERE id = ?').get(h.creditId) as { start_date: string; end_date: string };
          return {
            productionId: h.productionId,
            title: h.title,
            department: h.department,
            role: h.role,
            billing: h.billing,
            understudy: h.understudy,
            swing: h.swing,
            standby: h.standby,
            startDate: row.start_date,
            endDate: row.end_date,
          };
        });
      out.push({
        id: p.id,
        name: p.name,
        stageName: p.stageName,
        altNames: p.altNames,
        pronouns: p.pronouns,
        bio: p.bio,
        links: p.links,
        skills: p.skills,
        unions: p.unions,
        ...(contacts ? { contact: contactView(contacts[p.id]) } : {}),
        credits,
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function exportDirectory(
  store: Store,
  options: { format: 'csv' | 'json'; includeContact: boolean; productionId?: string; exportedAt: string },
): { format: 'csv' | 'json'; people: number; data: string } {
  const people = exportPeople(store, options);
  if (options.format === 'json') {
    return { format: 'json', people: people.length, data: JSON.stringify({ exportedAt: options.exportedAt, people }, null, 2) };
  }
  const columns = [...PUBLIC_COLUMNS, ...(options.includeContact ? CONTACT_COLUMNS : []), ...CREDIT_COLUMNS];
  const rows: string[][] = [];
  for (const p of people) {
    const base = [
      p.id,
      p.name,
      p.stageName,
      p.altNames.join('; '),
      p.pronouns,
      p.skills.join('; '),
      p.unions.join('; '),
      p.bio,
      p.links.map((l) => `${l.label}|${l.url}`).join('; '),
      ...(options.includeContact ? [p.contact?.email ?? '', p.contact?.phone ?? '', p.contact?.address ?? '', p.contact?.emergencyContact ?? ''] : []),
    ];
    const yes = (b: boolean) => (b ? 'yes' : '');
    if (!p.credits.length) rows.push([...base, ...CREDIT_COLUMNS.map(() => '')]);
    for (const c of p.credits) {
      rows.push([...base, c.productionId, c.role, c.department, String(c.billing), yes(c.understudy), yes(c.swing), yes(c.standby), c.startDate, c.endDate]);
    }
  }
  return { format: 'csv', people: people.length, data: stringify(rows, { header: true, columns }) };
}
