import { useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { PersonForm } from './PersonForm.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';

const PAGE = 25;
type Sort = 'relevance' | 'name';

/** Search as you type with filters, sorted and paged; a selected person opens their profile. */
export function SearchTab() {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<{ department?: string; productionId?: string; season?: string; skill?: string; union?: string }>({});
  const [sort, setSort] = useState<Sort>('relevance');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const facets = useApiQuery('directory.facets', {});
  const input = { query, sort, limit: PAGE, offset, ...filters } as Parameters<typeof useApiQuery<'directory.search'>>[1];
  const results = useApiQuery('directory.search', input, { placeholderData: (prev) => prev });
  const setFilter = (key: keyof typeof filters, value: string) => {
    setOffset(0);
    setFilters((f) => {
      const next = { ...f };
      if (value) next[key] = value;
      else delete next[key];
      return next;
    });
  };
  const f = facets.data;
  return (
    <div className="directory-search">
      <div className="directory-controls" role="search">
        <label>
          Search
          <input
            type="search"
            value={query}
            placeholder="Name, alternative name or words from a biography"
            onChange={(e) => {
              setQuery(e.target.value);
              setOffset(0);
            }}
          />
        </label>
        <label>
          Department
          <select value={filters.department ?? ''} onChange={(e) => setFilter('department', e.target.value)}>
            <option value="">Any</option>
            {f?.departments.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
          </select>
        </label>
        <label>
          Production
          <select value={filters.productionId ?? ''} onChange={(e) => setFilter('productionId', e.target.value)}>
            <option value="">Any</option>
            {f?.productions.map((p) => <option key={p.id} value={p.id}>{p.title} ({p.season})</option>)}
          </select>
        </label>
        <label>
          Season
          <select value={filters.season ?? ''} onChange={(e) => setFilter('season', e.target.value)}>
            <option value="">Any</option>
            {f?.seasons.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Skill
          <select value={filters.skill ?? ''} onChange={(e) => setFilter('skill', e.target.value)}>
            <option value="">Any</option>
            {f?.skills.map((s) => <option key={s.value} value={s.value}>{s.value} ({s.count})</option>)}
          </select>
        </label>
        <label>
          Union
          <select value={filters.union ?? ''} onChange={(e) => setFilter('union', e.target.value)}>
            <option value="">Any</option>
            {f?.unions.map((s) => <option key={s.value} value={s.value}>{s.value} ({s.count})</option>)}
          </select>
        </label>
        {facets.data?.permissions.edit && (
          <button type="button" onClick={() => setAdding(true)}>
            Add person
          </button>
        )}
        <label>
          Sort
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="relevance">Best match</option>
            <option value="name">Name</option>
          </select>
        </label>
      </div>
      <div className="directory-split">
        <QueryState query={results} what="the directory">
          {(r) =>
            r.total === 0 && !query.trim() && Object.keys(filters).length === 0 ? (
              <div className="empty-state">
                <p className="empty-title">No one in the directory yet.</p>
                <p>Add people one by one with “Add person”, or bring in a cast list from the Import tab.</p>
              </div>
            ) : (
            <div className="directory-results">
              <p role="status">
                {r.total === 1 ? '1 person' : `${r.total} people`}
                {r.fuzzy ? ' (including close spellings)' : ''}
              </p>
              <ul aria-label="People">
                {r.hits.map((h) => (
                  <li key={h.id}>
                    <button type="button" className={selected === h.id ? 'selected' : ''} aria-pressed={selected === h.id} onClick={() => setSelected(h.id)}>
                      <span className="person-name">{h.stageName || h.name}</span>
                      {h.stageName && <span className="muted"> ({h.name})</span>}
                      {h.pronouns && <span className="muted"> · {h.pronouns}</span>}
                      {h.fuzzy && <span className="muted"> · close match</span>}
                      {h.skills.length > 0 && <span className="tags"> {h.skills.join(', ')}</span>}
                    </button>
                  </li>
                ))}
              </ul>
              <div className="pager">
                <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                  Previous
                </button>
                <span>
                  {r.total ? `${offset + 1}–${Math.min(offset + PAGE, r.total)} of ${r.total}` : ''}
                </span>
                <button type="button" disabled={offset + PAGE >= r.total} onClick={() => setOffset(offset + PAGE)}>
                  Next
                </button>
              </div>
            </div>
            )
          }
        </QueryState>
        {adding ? (
          <PersonForm
            contact={f?.permissions.contactView ? { email: '', phone: '', address: '', emergencyContact: '' } : null}
            onDone={(p) => {
              setAdding(false);
              setSelected(p.id);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          selected && <ProfilePanel key={selected} id={selected} onOpen={setSelected} />
        )}
      </div>
    </div>
  );
}
