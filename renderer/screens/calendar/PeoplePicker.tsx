import { useId, useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';

export interface PersonRef {
  id: string;
  name: string;
}

/** Directory search as you type; choosing a person adds them (multiple) or selects them (single). */
export function PeoplePicker({
  label,
  value,
  onChange,
  single,
}: {
  label: string;
  value: PersonRef[];
  onChange: (people: PersonRef[]) => void;
  single?: boolean;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const search = useApiQuery('directory.search', { query: query.trim(), limit: 8 }, { enabled: query.trim().length > 0 });
  const hits = (search.data?.hits ?? []).filter((h) => !value.some((p) => p.id === h.id));
  const add = (p: PersonRef) => {
    onChange(single ? [p] : [...value, p]);
    setQuery('');
  };
  return (
    <div className="field people-picker">
      <label htmlFor={`${id}-q`}>{label}</label>
      {value.length > 0 && (
        <ul className="chips" aria-label={`${label}: chosen`}>
          {value.map((p) => (
            <li key={p.id} className="chip">
              {p.name}
              <button type="button" className="chip-remove" aria-label={`Remove ${p.name}`} onClick={() => onChange(value.filter((x) => x.id !== p.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input id={`${id}-q`} value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search the directory by name" autoComplete="off" />
      {query.trim() && (
        <ul className="picker-results" aria-label={`Directory matches for “${query.trim()}”`}>
          {search.isPending && <li className="muted">Searching…</li>}
          {search.error && <li className="field-error">{search.error.message}</li>}
          {search.data && hits.length === 0 && <li className="muted">Nobody in the directory matches “{query.trim()}”.</li>}
          {hits.map((h) => (
            <li key={h.id}>
              <button type="button" className="button button-small" onClick={() => add({ id: h.id, name: h.name })}>
                {single ? 'Choose' : 'Call'} {h.name}
              </button>
              {h.skills.length > 0 && <span className="muted"> {h.skills.slice(0, 2).join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
