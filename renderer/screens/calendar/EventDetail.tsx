import { useId, useState, type FormEvent } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { formatSpan, localMinutes, placeOf, typeLabel, type EditScope, type Occurrence } from './calendar-model.ts';
import { ScopeChooser } from './ScopeChooser.tsx';
import { useScheduleChange } from './use-calendar.ts';

/** One occurrence: when (in its zone), where, who; change it, move it, or cancel it. */
export function EventDetail({
  occurrence: o,
  productionTitle,
  color,
  onEdit,
  onMove,
  onClose,
}: {
  occurrence: Occurrence;
  productionTitle: string;
  color: string | undefined;
  onEdit: () => void;
  onMove: (start: string, end: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const event = useApiQuery('calendar.event', { productionId: o.productionId, eventId: o.eventId });
  const [start, setStart] = useState(o.start);
  const [problem, setProblem] = useState<string | undefined>();
  const [cancelling, setCancelling] = useState(false);
  const [scope, setScope] = useState<EditScope>(o.recurrenceId ? 'this' : 'all');
  const remove = useScheduleChange('calendar.deleteEvent', onClose);
  const overrides = event.data?.conflictOverrides ?? [];

  const move = (e: FormEvent) => {
    e.preventDefault();
    const s = localMinutes(start);
    if (s === undefined) return setProblem('Give the new start date and time.');
    if (start === o.start) return setProblem('That is when it already starts.');
    const duration = (localMinutes(o.end) ?? 0) - (localMinutes(o.start) ?? 0);
    setProblem(undefined);
    onMove(start, new Date((s + duration) * 60_000).toISOString().slice(0, 16));
  };

  return (
    <section className="panel event-detail" aria-labelledby={`${id}-title`} style={{ borderLeftColor: color }}>
      <div className="panel-head">
        <h2 id={`${id}-title`} className="section-title">
          {o.title}
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="event-facts">
        <dt>Production</dt>
        <dd>
          <span className="legend-swatch" style={{ background: color }} aria-hidden="true" /> {productionTitle}
        </dd>
        <dt>Type</dt>
        <dd>{typeLabel(o.type)}</dd>
        <dt>When</dt>
        <dd>{formatSpan(o)}</dd>
        {o.recurrenceId && (
          <>
            <dt>Repeats</dt>
            <dd>{o.changed ? `Yes; this date was changed on its own (originally ${o.recurrenceId.replace('T', ' ')})` : 'Yes, part of a series'}</dd>
          </>
        )}
        <dt>Where</dt>
        <dd>{placeOf(o) || 'No venue'}{!o.blocksVenue && ' (does not block the venue)'}</dd>
        <dt>Called</dt>
        <dd>{o.peopleNames.length ? o.peopleNames.join(', ') : 'Nobody called'}</dd>
        <dt>Visibility</dt>
        <dd>{o.public ? 'Public' : 'Internal'}</dd>
        {o.notes && (
          <>
            <dt>Notes</dt>
            <dd>{o.notes}</dd>
          </>
        )}
        {overrides.length > 0 && (
          <>
            <dt>Kept despite conflicts</dt>
            <dd>
              <ul className="plain-list">
                {overrides.map((x) => (
                  <li key={`${x.at}-${x.reason}`}>“{x.reason}” ({x.conflicts.length} conflict{x.conflicts.length === 1 ? '' : 's'})</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onEdit} disabled={!event.data}>
          Change…
        </button>
        <button type="button" className="button button-danger-outline" onClick={() => setCancelling((c) => !c)}>
          Cancel event…
        </button>
      </div>
      <form className="inline-form reschedule" onSubmit={move} aria-label="Reschedule">
        <div className="field">
          <label htmlFor={`${id}-start`}>Move to (start, {o.timeZone})</label>
          <input id={`${id}-start`} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-invalid={problem !== undefined} />
          {problem && <p className="field-error">{problem}</p>}
        </div>
        <button type="submit" className="button">
          Move
        </button>
      </form>
      {cancelling && (
        <div className="cancel-event" role="group" aria-label="Cancel the event">
          {o.recurrenceId && <ScopeChooser value={scope} onChange={setScope} />}
          <div className="button-row">
            <button
              type="button"
              className="button button-danger"
              disabled={remove.busy}
              onClick={() => void remove.send({ productionId: o.productionId, eventId: o.eventId, scope, ...(o.recurrenceId ? { occurrence: o.recurrenceId } : {}) })}
            >
              {o.recurrenceId ? `Cancel ${scope === 'this' ? 'this date' : scope === 'following' ? 'this and later dates' : 'the whole series'}` : 'Cancel this event'}
            </button>
            <button type="button" className="button" onClick={() => setCancelling(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
