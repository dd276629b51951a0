import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../api/api-error.ts';
import type { ProcedureInput, ProcedureOutput } from '../../api/types.ts';
import { useApiMutation } from '../../data/queries.ts';

type Person = ProcedureOutput<'directory.getPerson'>['person'];
type Contact = NonNullable<ProcedureOutput<'directory.getPerson'>['contact']>;

/** Comma- or line-separated values, trimmed, empty ones dropped. */
const splitList = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** One link a line: `Label | https://…` (or just the URL, labelled by its host). */
function parseLinks(s: string): Array<{ label: string; url: string }> {
  return s
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.lastIndexOf('|');
      const url = (bar >= 0 ? line.slice(bar + 1) : line).trim();
      let label = bar >= 0 ? line.slice(0, bar).trim() : '';
      if (!label) {
        try {
          label = new URL(url).host;
        } catch {
          label = url;
        }
      }
      return { label, url };
    });
}

const formatLinks = (links: Person['links']) => links.map((l) => `${l.label} | ${l.url}`).join('\n');

function fieldOf(error: ApiError | null): string {
  const f = error?.details?.field;
  if (typeof f === 'string') return f;
  const issues = error?.details?.issues;
  const first = Array.isArray(issues) ? (issues[0] as { field?: unknown } | undefined)?.field : undefined;
  return typeof first === 'string' ? first : '';
}

const CONTACT_LABELS: Array<[keyof Contact, string, string]> = [
  ['email', 'E-mail', 'email'],
  ['phone', 'Phone', 'tel'],
  ['address', 'Address', 'text'],
  ['emergencyContact', 'Emergency contact', 'text'],
];

/**
 * Adds a person to the directory, or edits one (`person` given). Contact details are private:
 * their fields appear only when `contact` is given, i.e. to callers holding
 * directory.contact.view (the API leaves `contact` out for everyone else). A new person's
 * details go with directory.createPerson; changing someone's existing details is
 * directory.setContact (directory.contact.edit), so without that grant they are read-only.
 */
export function PersonForm({
  person,
  contact,
  contactEditable = true,
  onDone,
  onCancel,
}: {
  person?: Person;
  contact: Contact | null;
  /** Whether existing contact details may be changed (directory.contact.edit); a new person's always may. */
  contactEditable?: boolean;
  onDone: (person: Person) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(person?.name ?? '');
  const [stageName, setStageName] = useState(person?.stageName ?? '');
  const [altNames, setAltNames] = useState(person?.altNames.join('\n') ?? '');
  const [pronouns, setPronouns] = useState(person?.pronouns ?? '');
  const [bio, setBio] = useState(person?.bio ?? '');
  const [links, setLinks] = useState(formatLinks(person?.links ?? []));
  const [skills, setSkills] = useState(person?.skills.join(', ') ?? '');
  const [unions, setUnions] = useState(person?.unions.join(', ') ?? '');
  const [priv, setPriv] = useState<Contact>(contact ?? { email: '', phone: '', address: '', emergencyContact: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const queryClient = useQueryClient();
  // Errors show in the form, next to the field they name, not in the app's error region.
  const inForm = { onError: () => undefined };
  const create = useApiMutation('directory.createPerson', inForm);
  const update = useApiMutation('directory.updatePerson', inForm);
  const setContact = useApiMutation('directory.setContact', inForm);
  const busy = create.isPending || update.isPending || setContact.isPending;
  const field = fieldOf(error);
  const contactLocked = person !== undefined && !contactEditable;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const fields = {
      name,
      stageName,
      altNames: splitList(altNames),
      pronouns,
      bio,
      links: parseLinks(links),
      skills: splitList(skills),
      unions: splitList(unions),
    };
    try {
      let saved: Person;
      if (person) {
        saved = await update.mutateAsync({ id: person.id, ...fields } as ProcedureInput<'directory.updatePerson'>);
        const contactChanged = contact !== null && CONTACT_LABELS.some(([key]) => priv[key] !== contact[key]);
        if (contactChanged && !contactLocked) await setContact.mutateAsync({ id: person.id, contact: priv });
      } else {
        saved = await create.mutateAsync({ ...fields, ...(contact !== null ? { contact: priv } : {}) } as ProcedureInput<'directory.createPerson'>);
      }
      void queryClient.invalidateQueries();
      onDone(saved);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const invalid = (f: string) => field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`);
  const id = (f: string) => `person-form-${f}`;

  return (
    <form className="person-form" onSubmit={(e) => void submit(e)} aria-label={person ? `Edit ${person.name}` : 'Add a person'}>
      <h2>{person ? `Edit ${person.stageName || person.name}` : 'Add a person'}</h2>
      <div className="field">
        <label htmlFor={id('name')}>Name</label>
        <input id={id('name')} value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" aria-invalid={invalid('name')} />
      </div>
      <div className="field">
        <label htmlFor={id('stage')}>Stage name</label>
        <input id={id('stage')} value={stageName} onChange={(e) => setStageName(e.target.value)} autoComplete="off" aria-invalid={invalid('stageName')} />
      </div>
      <div className="field">
        <label htmlFor={id('alt')}>Other names (one a line: maiden name, earlier stage names)</label>
        <textarea id={id('alt')} rows={2} value={altNames} onChange={(e) => setAltNames(e.target.value)} aria-invalid={invalid('altNames')} />
      </div>
      <div className="field">
        <label htmlFor={id('pronouns')}>Pronouns</label>
        <input id={id('pronouns')} value={pronouns} onChange={(e) => setPronouns(e.target.value)} autoComplete="off" aria-invalid={invalid('pronouns')} />
      </div>
      <div className="field">
        <label htmlFor={id('bio')}>Biography</label>
        <textarea id={id('bio')} rows={4} value={bio} onChange={(e) => setBio(e.target.value)} aria-invalid={invalid('bio')} />
      </div>
      <div className="field">
        <label htmlFor={id('links')}>Public links (one a line: Label | https://…)</label>
        <textarea id={id('links')} rows={2} value={links} onChange={(e) => setLinks(e.target.value)} aria-invalid={invalid('links')} />
      </div>
      <div className="field">
        <label htmlFor={id('skills')}>Skills (comma-separated)</label>
        <input id={id('skills')} value={skills} onChange={(e) => setSkills(e.target.value)} autoComplete="off" aria-invalid={invalid('skills')} />
      </div>
      <div className="field">
        <label htmlFor={id('unions')}>Unions (comma-separated)</label>
        <input id={id('unions')} value={unions} onChange={(e) => setUnions(e.target.value)} autoComplete="off" aria-invalid={invalid('unions')} />
      </div>
      {contact !== null && (
        <fieldset className="private">
          <legend>Private contact details (seen only by people allowed to see contact details)</legend>
          {contactLocked && <p className="hint">You may see these details but not change them.</p>}
          {CONTACT_LABELS.map(([key, label, type]) => (
            <div className="field" key={key}>
              <label htmlFor={id(key)}>{label}</label>
              <input
                id={id(key)}
                type={type}
                value={priv[key]}
                onChange={(e) => setPriv({ ...priv, [key]: e.target.value })}
                readOnly={contactLocked}
                autoComplete="off"
                aria-invalid={invalid(`contact.${key}`) || invalid('contact')}
              />
            </div>
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
          {field ? ` (${field})` : ''}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {person ? 'Save' : 'Add person'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
