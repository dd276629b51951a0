import { useId } from 'react';
import { EVENT_TYPES, TYPE_LABELS, type EventType, type Production, type Venue } from './calendar-model.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import type { CalendarFilters } from './use-calendar.ts';

/** Production, venue, person and event type. Every choice applies at once. */
export function CalendarFiltersBar({
  value,
  onChange,
  productions,
  venues,
}: {
  value: CalendarFilters;
  onChange: (next: CalendarFilters) => void;
  productions: Production[];
  venues: Venue[];
}) {
  const id = useId();
  const filtered = value.productionIds.length > 0 || value.venueId !== '' || value.person !== null || value.types.length > 0;
  return (
    <form className="filters calendar-filters" role="search" aria-label="Filter the calendar" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-production`}>Production</label>
        <select
          id={`${id}-production`}
          value={value.productionIds[0] ?? ''}
          onChange={(e) => onChange({ ...value, productionIds: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All productions</option>
          {productions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title} ({p.season})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-venue`}>Venue</label>
        <select id={`${id}-venue`} value={value.venueId} onChange={(e) => onChange({ ...value, venueId: e.target.value })}>
          <option value="">All venues</option>
          {venues.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Event type</label>
        <select id={`${id}-type`} value={value.types[0] ?? ''} onChange={(e) => onChange({ ...value, types: e.target.value ? [e.target.value as EventType] : [] })}>
          <option value="">All types</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <PeoplePicker label="Person called" single value={value.person ? [value.person] : []} onChange={(p) => onChange({ ...value, person: p[0] ?? null })} />
      {filtered && (
        <div className="filter-actions">
          <button type="button" className="button button-quiet" onClick={() => onChange({ productionIds: [], venueId: '', person: null, types: [] })}>
            Clear filters
          </button>
        </div>
      )}
    </form>
  );
}
