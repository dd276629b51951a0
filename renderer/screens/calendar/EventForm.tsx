import { useId, useMemo, useState, type FormEvent } from 'react';
import { ConflictDecision } from './ConflictDecision.tsx';
import { errorField, EVENT_TYPES, localMinutes, TYPE_LABELS, zoneAbbreviation, type EditScope, type EventType, type Occurrence, type Production, type Venue } from './calendar-model.ts';
import { draftProblems, toNewEvent, toPatch, type EventDraft } from './event-draft.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import { RecurrenceEditor } from './RecurrenceEditor.tsx';
import { defaultRule } from './rule-draft.ts';
import { ScopeChooser } from './ScopeChooser.tsx';
import { useScheduleChange } from './use-calendar.ts';

/**
 * Create an event, or change one (with the three scopes for a recurring event). Times are local
 * wall times in the venue's zone (the company's without a venue), and the zone is named.
 */
export function EventForm({
  initial,
  editing,
  productions,
  venues,
  companyZone,
  onDone,
  onCancel,
}: {
  initial: EventDraft;
  /** The occurrence being changed; absent when creating. */
  editing?: { occurrence: Occurrence; recurring: boolean } | undefined;
  productions: Production[];
  venues: Venue[];
  companyZone: string | undefined;
  /** Called with the saved event's local start date. */
  onDone: (start: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<EventDraft>(initial);
  const [scope, setScope] = useState<EditScope>(editing?.recurring ? 'this' : 'all');
  const [shown, setShown] = useState(false);
  const done = () => onDone(draft.start.slice(0, 10));
  const create = useScheduleChange('calendar.createEvent', done);
  const update = useScheduleChange('calendar.updateEvent', done);
  const change = editing ? update : create;
  const problems = useMemo(() => draftProblems(draft, venues, editing ? scope : undefined, initial), [draft, venues, editing, scope, initial]);
  const visible = shown ? problems : {};
  const apiField = errorField(change.error);
  const set = <K extends keyof EventDraft>(k: K, v: EventDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const venue = venues.find((v) => v.id === draft.venueId);
  const zone = editing?.occurrence.timeZone ?? venue?.timeZone ?? companyZone ?? 'UTC';
  const zoneNote = `${zoneAbbreviation(zone, (localMinutes(draft.start) ?? 0) * 60_000)}, ${zone}${editing ? ', the event’s time zone' : venue ? `, the time zone of ${venue.name}` : ', the company’s time zone'}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(problems).length > 0) return;
    if (editing) {
      const patch = toPatch(draft, initial, scope);
      if (Object.keys(patch).length === 0) return onCancel();
      void update.send({
        productionId: editing.occurrence.productionId,
        eventId: editing.occurrence.eventId,
        scope,
        ...(editing.occurrence.recurrenceId ? { occurrence: editing.occurrence.recurrenceId } : {}),
        patch,
      });
    } else {
      void create.send({ productionId: draft.productionId, event: toNewEvent(draft) });
    }
  };

  const invalid = (field: string) => visible[field] !== undefined || apiField === field || apiField === `event.${field}` || apiField === `patch.${field}`;
  const err = (field: string) =>
    visible[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {visible[field]}
      </p>
    ) : null;
  const described = (field: string) => (visible[field] ? `${id}-${field}-error` : undefined);
  const ruleProblemsShown = Object.fromEntries(Object.entries(visible).filter(([k]) => k.startsWith('rule.')).map(([k, v]) => [k.slice(5), v]));
  const count = Object.keys(visible).length;

  return (
    <section className="panel event-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section-title">
        {editing ? `Change “${initial.title}”` : 'New event'}
      </h2>
      <form onSubmit={submit} noValidate aria-label={editing ? 'Change the event' : 'New event'}>
        {count > 0 && (
          <p className="alert alert-error" role="alert">
            {count === 1 ? 'One thing to fix' : `${count} things to fix`} before saving: {Object.values(visible).join(' ')}
          </p>
        )}
        {editing?.recurring && <ScopeChooser value={scope} onChange={setScope} />}
        {err('scope')}
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-type`}>Type</label>
            <select id={`${id}-type`} value={draft.type} onChange={(e) => set('type', e.target.value as EventType)}>
              {EVENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={draft.title} onChange={(e) => set('title', e.target.value)} aria-invalid={invalid('title')} aria-describedby={described('title')} maxLength={200} />
            {err('title')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-production`}>Production</label>
            <select
              id={`${id}-production`}
              value={draft.productionId}
              disabled={editing !== undefined}
              onChange={(e) => set('productionId', e.target.value)}
              aria-invalid={invalid('productionId')}
              aria-describedby={described('productionId')}
            >
              <option value="">Choose…</option>
              {productions.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} ({p.season})
                </option>
              ))}
            </select>
            {err('productionId')}
          </div>
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-venue`}>Venue</label>
            <select id={`${id}-venue`} value={draft.venueId} onChange={(e) => setDraft((d) => ({ ...d, venueId: e.target.value, spaceId: '' }))} aria-invalid={invalid('venueId')}>
              <option value="">No venue</option>
              {venues.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-space`}>Space</label>
            <select id={`${id}-space`} value={draft.spaceId} disabled={!venue} onChange={(e) => set('spaceId', e.target.value)} aria-invalid={invalid('spaceId')} aria-describedby={described('spaceId')}>
              <option value="">{venue ? 'The whole venue' : 'Choose a venue first'}</option>
              {venue?.spaces.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.capacity ? ` (${s.capacity})` : ''}
                </option>
              ))}
            </select>
            {err('spaceId')}
          </div>
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-start`}>Starts</label>
            <input
              id={`${id}-start`}
              type="datetime-local"
              value={draft.start}
              onChange={(e) => set('start', e.target.value)}
              aria-invalid={invalid('start')}
              aria-describedby={[`${id}-zone`, described('start')].filter(Boolean).join(' ')}
            />
            {err('start')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>Ends</label>
            <input
              id={`${id}-end`}
              type="datetime-local"
              value={draft.end}
              onChange={(e) => set('end', e.target.value)}
              aria-invalid={invalid('end')}
              aria-describedby={[`${id}-zone`, described('end')].filter(Boolean).join(' ')}
            />
            {err('end')}
          </div>
        </div>
        <p id={`${id}-zone`} className="hint zone-note">
          Times are local: {zoneNote}.
        </p>
        <PeoplePicker label="People called" value={draft.people} onChange={(p) => set('people', p)} />
        <div className="field">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <textarea id={`${id}-notes`} value={draft.notes} onChange={(e) => set('notes', e.target.value)} rows={2} />
        </div>
        <div className="choice-group">
          <label className="checkbox">
            <input type="checkbox" checked={draft.public} onChange={(e) => set('public', e.target.checked)} />
            Public (on the website and the public calendar)
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={!draft.blocksVenue} onChange={(e) => set('blocksVenue', !e.target.checked)} />
            Does not block the venue
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={draft.repeats} disabled={editing !== undefined && scope === 'this'} onChange={(e) => setDraft((d) => ({ ...d, repeats: e.target.checked, ...(e.target.checked && !initial.repeats ? { rule: defaultRule(d.start) } : {}) }))} />
            Repeats
          </label>
        </div>
        {draft.repeats && scope !== 'this' && (
          <RecurrenceEditor
            rule={draft.rule}
            onChange={(r) => set('rule', r)}
            exdates={draft.exdates}
            onExdates={(x) => set('exdates', x)}
            startTime={draft.start.slice(11, 16)}
            problems={ruleProblemsShown}
          />
        )}
        {!change.pending && (
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={change.busy}>
              {editing ? 'Save changes' : 'Create event'}
            </button>
            <button type="button" className="button" onClick={onCancel} disabled={change.busy}>
              Cancel
            </button>
          </div>
        )}
      </form>
      {change.pending && (
        <ConflictDecision
          title={editing ? 'This change has conflicts' : 'This event has conflicts'}
          conflicts={change.pending.conflicts}
          busy={change.busy}
          onCancel={change.cancel}
          onAccept={(reason) => void change.accept(reason)}
        />
      )}
    </section>
  );
}
