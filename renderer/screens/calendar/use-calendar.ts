import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../../api/api-error.ts';
import type { ProcedureInput, ProcedureName } from '../../api/types.ts';
import { useClient } from '../../data/client-context.tsx';
import { useApiQuery } from '../../data/queries.ts';
import { useReportError } from '../../shell/errors.tsx';
import { conflictsOf, productionColors, type Conflict, type EditScope, type EventType, type Occurrence } from './calendar-model.ts';

/** What the calendar shows: productions, a venue, a person, event types (empty = all). */
export interface CalendarFilters {
  productionIds: string[];
  venueId: string;
  person: { id: string; name: string } | null;
  types: EventType[];
}

export const NO_FILTERS: CalendarFilters = { productionIds: [], venueId: '', person: null, types: [] };

export function useCalendarFilters() {
  const [filters, setFilters] = useState<CalendarFilters>(NO_FILTERS);
  return { filters, setFilters, clear: () => setFilters(NO_FILTERS) };
}

/** Productions, venues and the company zone, with each production's colour. */
export function useCalendarBasics() {
  const productions = useApiQuery('productions.list', {});
  const venues = useApiQuery('venues.list', {});
  const org = useApiQuery('org.get', {});
  const colors = useMemo(() => productionColors((productions.data ?? []).map((p) => p.id)), [productions.data]);
  return { productions, venues, companyZone: org.data?.company.timeZone, colors };
}

/** The visible range of a view, as local dates [from, to). */
export interface DateRange {
  from: string;
  to: string;
}

export function useOccurrences(range: DateRange | undefined, filters: CalendarFilters, timeZone: string | undefined) {
  const input: ProcedureInput<'calendar.events'> = {
    from: range?.from ?? '',
    to: range?.to ?? '',
    ...(timeZone ? { timeZone } : {}),
    ...(filters.productionIds.length ? { productionIds: filters.productionIds } : {}),
    ...(filters.venueId ? { venueId: filters.venueId } : {}),
    ...(filters.person ? { personId: filters.person.id } : {}),
    ...(filters.types.length ? { types: filters.types } : {}),
  };
  return useApiQuery('calendar.events', input, { enabled: range !== undefined });
}

type Change = 'calendar.createEvent' | 'calendar.updateEvent' | 'productions.create' | 'calendar.deleteEvent';

/**
 * A scheduling change that may meet conflicts: the API refuses it with the list; the scheduler
 * then cancels, or sends it again with a reason. Other errors go to the app's error display and
 * stay on `error` so the form can mark the field.
 */
export function useScheduleChange<N extends Change>(procedure: N, onDone?: (result: unknown) => void) {
  const client = useClient();
  const queryClient = useQueryClient();
  const report = useReportError();
  const [pending, setPending] = useState<{ input: ProcedureInput<N>; conflicts: Conflict[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const send = useCallback(
    async (input: ProcedureInput<N>) => {
      setBusy(true);
      setError(null);
      try {
        const result = await client.invoke(procedure as ProcedureName, input as never);
        setPending(null);
        onDone?.(result);
        void queryClient.invalidateQueries();
        return true;
      } catch (err) {
        const e = toApiError(err);
        const conflicts = conflictsOf(e);
        if (conflicts) setPending({ input, conflicts });
        else {
          setError(e);
          report(e);
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [client, procedure, queryClient, report, onDone],
  );

  return {
    send,
    busy,
    error,
    pending,
    accept: (reason: string) => (pending ? send({ ...pending.input, acceptConflicts: reason }) : Promise.resolve(false)),
    cancel: () => setPending(null),
  };
}

/** A move proposed by dragging (or by the reschedule fields), waiting for its scope and conflicts. */
export interface PendingMove {
  occurrence: Occurrence;
  start: string;
  end: string;
  scope: EditScope;
  /** undefined while checking. */
  conflicts: Conflict[] | undefined;
}

/**
 * Drag to move: checks conflicts with calendar.checkConflicts before anything changes. A single
 * event without conflicts moves at once; otherwise (conflicts, or a recurring event whose scope
 * must be chosen) the move waits for the scheduler: cancel, or move (with a reason if conflicts).
 */
export function useMoveEvent() {
  const client = useClient();
  const queryClient = useQueryClient();
  const report = useReportError();
  const [move, setMove] = useState<PendingMove | null>(null);
  const revertRef = useRef<(() => void) | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const changeInput = (m: Pick<PendingMove, 'occurrence' | 'start' | 'end' | 'scope'>) => ({
    productionId: m.occurrence.productionId,
    eventId: m.occurrence.eventId,
    scope: m.scope,
    ...(m.occurrence.recurrenceId ? { occurrence: m.occurrence.recurrenceId } : {}),
    patch: { start: m.start, end: m.end },
  });

  const check = useCallback(
    async (m: PendingMove) => {
      try {
        const r = await client.invoke('calendar.checkConflicts', changeInput(m));
        return r.conflicts;
      } catch (err) {
        report(err);
        return undefined;
      }
    },
    [client, report],
  );

  const commit = useCallback(
    async (m: PendingMove, reason?: string) => {
      setBusy(true);
      try {
        await client.invoke('calendar.updateEvent', { ...changeInput(m), ...(reason ? { acceptConflicts: reason } : {}) });
        revertRef.current = undefined;
        setMove(null);
        void queryClient.invalidateQueries();
        return true;
      } catch (err) {
        const e = toApiError(err);
        const conflicts = conflictsOf(e);
        if (conflicts) setMove({ ...m, conflicts });
        else {
          report(e);
          revertRef.current?.();
          revertRef.current = undefined;
          setMove(null);
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [client, queryClient, report],
  );

  /** Proposes moving an occurrence to a new local start and end (in the event's zone). */
  const propose = useCallback(
    async (occurrence: Occurrence, start: string, end: string, revert?: () => void) => {
      revertRef.current = revert;
      const m: PendingMove = { occurrence, start, end, scope: occurrence.recurrenceId ? 'this' : 'all', conflicts: undefined };
      setMove(m);
      const conflicts = await check(m);
      if (conflicts === undefined) {
        revert?.();
        setMove(null);
        return;
      }
      if (conflicts.length === 0 && !occurrence.recurrenceId) {
        await commit({ ...m, conflicts });
        return;
      }
      setMove({ ...m, conflicts });
    },
    [check, commit],
  );

  const setScope = useCallback(
    async (scope: EditScope) => {
      if (!move) return;
      const m = { ...move, scope, conflicts: undefined };
      setMove(m);
      const conflicts = await check(m);
      setMove((cur) => (cur && cur.scope === scope ? { ...cur, conflicts: conflicts ?? [] } : cur));
    },
    [move, check],
  );

  const cancel = useCallback(() => {
    revertRef.current?.();
    revertRef.current = undefined;
    setMove(null);
  }, []);

  return { move, busy, propose, setScope, cancel, confirm: (reason?: string) => (move ? commit(move, reason) : Promise.resolve(false)) };
}
