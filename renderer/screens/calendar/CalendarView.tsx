import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatClock, localMinutes, placeOf, typeLabel, wallTime, zoneAbbreviation, type Occurrence } from './calendar-model.ts';
import type { DateRange } from './use-calendar.ts';

export const VIEWS = [
  { id: 'dayGridMonth', label: 'Month' },
  { id: 'timeGridWeek', label: 'Week' },
  { id: 'timeGridDay', label: 'Day' },
  { id: 'listMonth', label: 'Agenda' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];

/** Where a dragged (or resized) event landed, as local wall times in the event's own zone. */
export function moveFromDrop(event: { start: Date | null; end: Date | null; extendedProps: Record<string, unknown> }): { occurrence: Occurrence; start: string; end: string } | undefined {
  const occurrence = event.extendedProps['occurrence'] as Occurrence | undefined;
  if (!occurrence || !event.start) return undefined;
  const start = wallTime(event.start);
  const duration = (localMinutes(occurrence.end) ?? 0) - (localMinutes(occurrence.start) ?? 0);
  const end = event.end ? wallTime(event.end) : wallTime(new Date(event.start.getTime() + duration * 60_000));
  return { occurrence, start, end };
}

/**
 * Month, week, day and agenda views (FullCalendar). Every event is placed at its local wall time
 * in its own zone (FullCalendar runs in UTC mode on zone-less times), and shows that zone's name.
 */
export function CalendarView({
  occurrences,
  colors,
  productionTitles,
  view,
  initialDate,
  focusDate,
  onView,
  onRange,
  onSelect,
  onMove,
}: {
  occurrences: Occurrence[];
  colors: Map<string, string>;
  productionTitles: Map<string, string>;
  view: ViewId;
  initialDate?: string | undefined;
  /** Shows this date when it changes (e.g. the first date of an event just created). */
  focusDate?: string | undefined;
  onView: (view: ViewId) => void;
  onRange: (range: DateRange) => void;
  onSelect: (occurrence: Occurrence) => void;
  onMove: (occurrence: Occurrence, start: string, end: string, revert: () => void) => void;
}) {
  const ref = useRef<FullCalendar>(null);
  const [title, setTitle] = useState('');
  const api = () => ref.current?.getApi();
  useEffect(() => {
    if (focusDate) ref.current?.getApi().gotoDate(focusDate);
  }, [focusDate]);

  const events: EventInput[] = useMemo(
    () =>
      occurrences.map((o) => {
        const color = colors.get(o.productionId) ?? '#5b5650';
        return {
          // The time is part of the id: a moved event is mounted anew, so its label (set on mount) stays true.
          id: `${o.productionId}/${o.eventId}/${o.recurrenceId ?? ''}/${o.start}/${o.end}/${o.title}`,
          title: o.title,
          start: `${o.start}:00`,
          end: `${o.end}:00`,
          backgroundColor: color,
          borderColor: color,
          textColor: '#ffffff',
          extendedProps: { occurrence: o, production: productionTitles.get(o.productionId) ?? o.productionId },
        };
      }),
    [occurrences, colors, productionTitles],
  );

  const datesSet = (arg: DatesSetArg) => {
    setTitle(arg.view.title);
    onRange({ from: arg.startStr.slice(0, 10), to: arg.endStr.slice(0, 10) });
    if (arg.view.type !== view) onView(arg.view.type as ViewId);
  };
  const drop = (arg: EventDropArg | EventResizeDoneArg) => {
    const m = moveFromDrop(arg.event);
    if (!m) return arg.revert();
    onMove(m.occurrence, m.start, m.end, arg.revert);
  };

  return (
    <div className="calendar-view">
      <div className="calendar-toolbar">
        <div className="button-row" role="group" aria-label="Go to">
          <button type="button" className="button" onClick={() => api()?.prev()}>
            ‹ Previous
          </button>
          <button type="button" className="button" onClick={() => api()?.today()}>
            Today
          </button>
          <button type="button" className="button" onClick={() => api()?.next()}>
            Next ›
          </button>
        </div>
        <h2 className="calendar-title" aria-live="polite">
          {title}
        </h2>
        <div className="button-row" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className={`button${v.id === view ? ' button-primary' : ''}`}
              aria-pressed={v.id === view}
              onClick={() => {
                onView(v.id);
                api()?.changeView(v.id);
              }}
            >
              {v.label}
            </button>
          ))}
        </div>
      </div>
      <FullCalendar
        ref={ref}
        plugins={PLUGINS}
        initialView={view}
        {...(initialDate ? { initialDate } : {})}
        timeZone="UTC"
        headerToolbar={false}
        height="auto"
        firstDay={1}
        nowIndicator={false}
        dayMaxEvents={4}
        eventDisplay="block"
        scrollTime="08:00:00"
        slotMinTime="07:00:00"
        eventTimeFormat={{ hour: 'numeric', minute: '2-digit', meridiem: 'short' }}
        editable
        eventDurationEditable
        events={events}
        datesSet={datesSet}
        eventDrop={drop}
        eventResize={drop}
        eventClick={(arg: EventClickArg) => {
          arg.jsEvent.preventDefault();
          const o = arg.event.extendedProps['occurrence'] as Occurrence | undefined;
          if (o) onSelect(o);
        }}
        eventContent={(arg: EventContentArg) => <EventChip arg={arg} />}
        eventDidMount={(arg) => {
          const o = arg.event.extendedProps['occurrence'] as Occurrence;
          arg.el.setAttribute('aria-label', describe(o, arg.event.extendedProps['production'] as string));
        }}
      />
    </div>
  );
}

function describe(o: Occurrence, production: string): string {
  const where = placeOf(o);
  return `${o.title}, ${typeLabel(o.type)}, ${production}, ${o.start.slice(0, 10)} ${formatClock(o.start)}–${formatClock(o.end)} ${o.timeZone}${where ? `, ${where}` : ''}`;
}

function EventChip({ arg }: { arg: EventContentArg }) {
  const o = arg.event.extendedProps['occurrence'] as Occurrence;
  const production = arg.event.extendedProps['production'] as string;
  const zone = zoneAbbreviation(o.timeZone, o.startUtc);
  const list = arg.view.type.startsWith('list');
  if (list) {
    return (
      <span className="event-chip-list">
        <strong>{o.title}</strong> <span className="event-type">{typeLabel(o.type)}</span> · {production}
        {placeOf(o) && <> · {placeOf(o)}</>} <span className="event-zone">({zone}, {o.timeZone})</span>
      </span>
    );
  }
  return (
    <span className="event-chip">
      <span className="event-time">
        {formatClock(arg.event.start ? wallTime(arg.event.start) : o.start)} {zone}
      </span>{' '}
      <strong className="event-title">{o.title}</strong> <span className="event-production">{production}</span>
    </span>
  );
}
