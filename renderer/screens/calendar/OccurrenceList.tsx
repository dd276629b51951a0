import { formatClock, formatDay, placeOf, typeLabel, zoneAbbreviation, type Occurrence } from './calendar-model.ts';

/** Occurrences grouped by local day, each with time and zone, production (colour and name), place. */
export function OccurrenceList({
  occurrences,
  label,
  colors,
  productionTitles,
  empty,
}: {
  occurrences: (Occurrence & { hidden?: boolean })[];
  label: string;
  colors: Map<string, string>;
  productionTitles: Map<string, string>;
  empty: string;
}) {
  if (occurrences.length === 0) return <p className="muted">{empty}</p>;
  const days = new Map<string, typeof occurrences>();
  for (const o of [...occurrences].sort((a, b) => a.startUtc - b.startUtc)) {
    const day = o.start.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), o]);
  }
  return (
    <ol className="occurrence-days" aria-label={label}>
      {[...days].map(([day, list]) => (
        <li key={day}>
          <h3 className="occurrence-day">{formatDay(day)}</h3>
          <ul className="occurrence-list">
            {list.map((o) => (
              <li key={`${o.productionId}/${o.eventId}/${o.recurrenceId ?? ''}`} style={{ borderLeftColor: o.hidden ? undefined : colors.get(o.productionId) }}>
                <span className="occurrence-time">
                  {formatClock(o.start)}–{formatClock(o.end)} {zoneAbbreviation(o.timeZone, o.startUtc)}
                </span>
                <strong>{o.title}</strong>
                {!o.hidden && (
                  <span className="muted">
                    {typeLabel(o.type)} · {productionTitles.get(o.productionId) ?? o.productionId}
                  </span>
                )}
                {placeOf(o) && <span className="muted">{placeOf(o)}</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
