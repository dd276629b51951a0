import { useApiQuery } from '../../data/queries.ts';
import { KINDS, type Filters } from './types.ts';

/** The grid's filters: production, category, tag, kind, dates, text and "needs attention". */
export function MediaFilters({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const productions = useApiQuery('productions.list', {});
  const categories = useApiQuery('media.categories', {});
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  return (
    <form className="media-filters" role="search" aria-label="Filter media" onSubmit={(e) => e.preventDefault()}>
      <label>
        Production
        <select value={value.production} onChange={set('production')}>
          <option value="">All productions</option>
          {(productions.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.title} ({p.season})
            </option>
          ))}
        </select>
      </label>
      <label>
        Category
        <select value={value.category} onChange={set('category')}>
          <option value="">All categories</option>
          {(categories.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select value={value.kind} onChange={set('kind')}>
          <option value="">Any kind</option>
          {KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tag
        <input value={value.tag} onChange={set('tag')} placeholder="Act 2" />
      </label>
      <label>
        From
        <input type="date" value={value.from} onChange={set('from')} />
      </label>
      <label>
        To
        <input type="date" value={value.to} onChange={set('to')} />
      </label>
      <label>
        Search
        <input type="search" value={value.text} onChange={set('text')} placeholder="Title, caption, people…" />
      </label>
      <label>
        <input type="checkbox" checked={value.needsAttention} onChange={(e) => onChange({ ...value, needsAttention: e.target.checked })} /> Needs attention
      </label>
    </form>
  );
}
