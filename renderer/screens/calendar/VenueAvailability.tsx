import { useId, useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { addDays, formatDay, type Venue } from './calendar-model.ts';
import { OccurrenceList } from './OccurrenceList.tsx';
import { WEEKDAY_LABELS, type Weekday } from './rule-draft.ts';
import { WindowFields, windowOk } from './WindowFields.tsx';

/** A venue's open hours, blackout dates and bookings (other productions' show as "Busy"). */
export function VenueAvailability({ venues, today, colors, productionTitles }: { venues: Venue[]; today: string; colors: Map<string, string>; productionTitles: Map<string, string> }) {
  const id = useId();
  const [venueId, setVenueId] = useState(venues[0]?.id ?? '');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 60));
  const chosen = venueId || venues[0]?.id || '';
  const data = useApiQuery('calendar.venueAvailability', { venueId: chosen, from, to }, { enabled: Boolean(chosen) && windowOk(from, to) });
  if (venues.length === 0) return <p className="muted">No venues yet.</p>;
  return (
    <section className="venue-availability" aria-label="Venue availability">
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-venue`}>Venue</label>
          <select id={`${id}-venue`} value={chosen} onChange={(e) => setVenueId(e.target.value)}>
            {venues.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <WindowFields
        from={from}
        to={to}
        onChange={(f, t) => {
          setFrom(f);
          setTo(t);
        }}
      />
      {windowOk(from, to) && (
        <QueryState query={data} what="the venue's availability">
          {(d) => (
            <div className="venue-grid">
              <div>
                <h3>Open hours ({d.venue.timeZone})</h3>
                {d.availability.length === 0 ? (
                  <p>Always available.</p>
                ) : (
                  <ul className="plain-list" aria-label="Open hours">
                    {d.availability.map((w) => (
                      <li key={`${w.days.join()}-${w.from}`}>
                        {w.days.map((x) => WEEKDAY_LABELS[x as Weekday] ?? x).join(', ')}: {w.from}–{w.to}
                      </li>
                    ))}
                  </ul>
                )}
                <h3>Closed</h3>
                {d.blackouts.length === 0 ? (
                  <p>No blackout dates between these dates.</p>
                ) : (
                  <ul className="plain-list" aria-label="Blackout dates">
                    {d.blackouts.map((b) => (
                      <li key={b.id}>
                        {formatDay(b.start)}
                        {b.end !== b.start && ` – ${formatDay(b.end)}`}: {b.reason || 'closed'}
                      </li>
                    ))}
                  </ul>
                )}
                <h3>Spaces</h3>
                <ul className="plain-list">
                  {d.venue.spaces.map((s) => (
                    <li key={s.id}>
                      {s.name}
                      {s.capacity ? ` (${s.capacity} seats)` : ''}
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>Bookings</h3>
                <OccurrenceList occurrences={d.bookings} label={`Bookings of ${d.venue.name}`} colors={colors} productionTitles={productionTitles} empty="Nothing booked between these dates." />
              </div>
            </div>
          )}
        </QueryState>
      )}
    </section>
  );
}
