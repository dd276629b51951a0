import { useMemo, useState } from 'react';
import { QueryState } from '../../shell/QueryState.tsx';
import { ScreenHeader } from '../../shell/ScreenHeader.tsx';
import { Tabs, type TabDef } from '../people/Tabs.tsx';
import { CalendarFiltersBar } from './CalendarFiltersBar.tsx';
import { CalendarView, type ViewId } from './CalendarView.tsx';
import type { Occurrence } from './calendar-model.ts';
import { EventDetail } from './EventDetail.tsx';
import { newDraft, draftFromOccurrence } from './event-draft.ts';
import { EventForm } from './EventForm.tsx';
import { MovePanel } from './MovePanel.tsx';
import { MyCalls } from './MyCalls.tsx';
import { NewProductionForm } from './NewProductionForm.tsx';
import { ProductionConflicts } from './ProductionConflicts.tsx';
import { ProductionLegend } from './ProductionLegend.tsx';
import { useApiQuery } from '../../data/queries.ts';
import { useCalendarBasics, useCalendarFilters, useMoveEvent, useOccurrences, type DateRange } from './use-calendar.ts';
import { VenueAvailability } from './VenueAvailability.tsx';

type TabId = 'calendar' | 'my-calls' | 'venues' | 'conflicts';
const TABS: readonly TabDef<TabId>[] = [
  { id: 'calendar', label: 'Calendar' },
  { id: 'my-calls', label: 'My calls' },
  { id: 'venues', label: 'Venue availability' },
  { id: 'conflicts', label: 'Conflicts' },
];

function localToday(zone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** The stage manager's calendar: every production's schedule, my calls, venue availability and conflicts. */
export function CalendarScreen({ initialDate, initialView = 'dayGridMonth' }: { initialDate?: string; initialView?: ViewId } = {}) {
  const { productions, venues, companyZone, colors } = useCalendarBasics();
  const { filters, setFilters } = useCalendarFilters();
  const [tab, setTab] = useState<TabId>('calendar');
  const [view, setView] = useState<ViewId>(initialView);
  const [range, setRange] = useState<DateRange | undefined>();
  const [selected, setSelected] = useState<Occurrence | null>(null);
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState<'event' | 'production' | null>(null);
  const [newProductionId, setNewProductionId] = useState('');
  const [focusDate, setFocusDate] = useState<string | undefined>();
  const occurrences = useOccurrences(range, filters, companyZone);
  const moving = useMoveEvent();
  const today = localToday(companyZone);
  const productionList = useMemo(() => productions.data ?? [], [productions.data]);
  const venueList = useMemo(() => venues.data ?? [], [venues.data]);
  const titles = useMemo(() => new Map(productionList.map((p) => [p.id, p.title])), [productionList]);
  const shownProductions = useMemo(() => {
    const ids = new Set((occurrences.data ?? []).map((o) => o.productionId));
    return productionList.filter((p) => ids.has(p.id));
  }, [occurrences.data, productionList]);
  const selectedEvent = useApiQuery('calendar.event', { productionId: selected?.productionId ?? '', eventId: selected?.eventId ?? '' }, { enabled: editing && selected !== null });

  const select = (o: Occurrence) => {
    setSelected(o);
    setEditing(false);
    setCreating(null);
  };

  return (
    <section className="screen calendar-screen">
      <ScreenHeader title="Calendar">
        <p>Rehearsals, performances, fittings and venue bookings for every production{companyZone ? `; times are shown in each event’s own time zone (the company’s is ${companyZone})` : ''}.</p>
      </ScreenHeader>
      <div className="button-row calendar-actions">
        <button type="button" className="button button-primary" onClick={() => (setCreating('event'), setSelected(null))}>
          New event
        </button>
        <button type="button" className="button" onClick={() => (setCreating('production'), setSelected(null))}>
          New production
        </button>
      </div>
      {creating === 'production' && (
        <NewProductionForm
          onCreated={(p) => {
            setNewProductionId(p.id);
            setCreating('event');
          }}
          onCancel={() => setCreating(null)}
        />
      )}
      {creating === 'event' && (
        <EventForm
          key={`new-${newProductionId}`}
          initial={newDraft(newProductionId || filters.productionIds[0] || '', range?.from && range.from > today ? range.from : today)}
          productions={productionList}
          venues={venueList}
          companyZone={companyZone}
          onDone={(start) => {
            setCreating(null);
            setFocusDate(start);
          }}
          onCancel={() => setCreating(null)}
        />
      )}
      <Tabs label="Calendar" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'calendar' && (
          <QueryState query={productions} what="productions">
            {() => (
              <>
                <CalendarFiltersBar value={filters} onChange={setFilters} productions={productionList} venues={venueList} />
                <ProductionLegend productions={shownProductions} colors={colors} />
                {moving.move && <MovePanel move={moving.move} busy={moving.busy} onScope={(s) => void moving.setScope(s)} onCancel={moving.cancel} onConfirm={(r) => void moving.confirm(r)} />}
                {selected && !editing && (
                  <EventDetail
                    key={`${selected.productionId}/${selected.eventId}/${selected.recurrenceId ?? ''}`}
                    occurrence={selected}
                    productionTitle={titles.get(selected.productionId) ?? selected.productionId}
                    color={colors.get(selected.productionId)}
                    onEdit={() => setEditing(true)}
                    onMove={(start, end) => void moving.propose(selected, start, end).then(() => setSelected(null))}
                    onClose={() => setSelected(null)}
                  />
                )}
                {selected && editing && selectedEvent.data && (
                  <EventForm
                    key={`edit-${selected.eventId}-${selected.recurrenceId ?? ''}`}
                    initial={draftFromOccurrence(selected, selectedEvent.data)}
                    editing={{ occurrence: selected, recurring: selectedEvent.data.rule !== null }}
                    productions={productionList}
                    venues={venueList}
                    companyZone={companyZone}
                    onDone={() => (setEditing(false), setSelected(null))}
                    onCancel={() => setEditing(false)}
                  />
                )}
                {occurrences.error && <p className="field-error" role="alert">Could not load events: {occurrences.error.message}</p>}
                <CalendarView
                  occurrences={occurrences.data ?? []}
                  colors={colors}
                  productionTitles={titles}
                  view={view}
                  initialDate={initialDate}
                  focusDate={focusDate}
                  onView={setView}
                  onRange={setRange}
                  onSelect={select}
                  onMove={(o, start, end, revert) => void moving.propose(o, start, end, revert)}
                />
              </>
            )}
          </QueryState>
        )}
        {tab === 'my-calls' && <MyCalls today={today} zone={companyZone} colors={colors} productionTitles={titles} />}
        {tab === 'venues' && <VenueAvailability venues={venueList} today={today} colors={colors} productionTitles={titles} />}
        {tab === 'conflicts' && <ProductionConflicts productions={productionList} today={today} zone={companyZone} />}
      </Tabs>
    </section>
  );
}
