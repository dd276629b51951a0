import { formatClock, formatDay, type Conflict } from './calendar-model.ts';

const KIND_LABELS: Record<Conflict['kind'], string> = {
  venue: 'Venue double-booked',
  person: 'Person called twice',
  group: 'Group called twice',
  blackout: 'Venue closed',
  availability: 'Outside the venue’s hours',
};

/** The conflicts the API reported, each with its kind in words and the API's message. */
export function ConflictList({ conflicts, label }: { conflicts: Conflict[]; label: string }) {
  return (
    <ul className="conflict-list" aria-label={label}>
      {conflicts.map((c, i) => (
        <li key={`${c.kind}-${c.eventId}-${c.recurrenceId ?? ''}-${c.other?.eventId ?? ''}-${c.personId ?? ''}-${i}`}>
          <strong>{KIND_LABELS[c.kind]}</strong>
          <span className="muted">
            {' '}
            {formatDay(c.start)}, {formatClock(c.start)}–{formatClock(c.end)} ({c.timeZone})
          </span>
          <p>{c.message}</p>
        </li>
      ))}
    </ul>
  );
}
