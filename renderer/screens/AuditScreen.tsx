import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ProcedureOutput } from '../api/types.ts';
import { useClient } from '../data/client-context.tsx';
import { useApiQuery } from '../data/queries.ts';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';

type Entry = ProcedureOutput<'audit.list'>[number];
type Outcome = 'all' | 'ok' | 'denied';
/** audit.list's input (the API's ProcedureInput types are `unknown` for now, so it is spelled out here). */
interface AuditFilter {
  limit: number;
  outcome?: 'ok' | 'denied';
  before?: number;
}

const PAGE = 50;

function useAuditPages(outcome: Outcome) {
  const client = useClient();
  const filter: AuditFilter = outcome === 'all' ? { limit: PAGE } : { limit: PAGE, outcome };
  return useInfiniteQuery({
    queryKey: ['audit.list', filter, 'pages'] as const,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => client.invoke('audit.list', pageParam === undefined ? filter : { ...filter, before: pageParam }),
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.seq : undefined),
  });
}

export function AuditScreen() {
  const [outcome, setOutcome] = useState<Outcome>('all');
  const pages = useAuditPages(outcome);
  const users = useApiQuery('users.list', {});
  const org = useApiQuery('org.get', {});
  const filterId = useId();
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const entries = pages.data?.pages.flat();
  const query = { data: entries, error: pages.error, isPending: pages.isPending, refetch: pages.refetch };

  return (
    <>
      <ScreenHeader title="Audit log">
        Every change made through Callboard and every refused attempt, newest first, with who did it. Entries are chained by hash so none
        can be removed unnoticed.
      </ScreenHeader>
      <div className="toolbar">
        <label htmlFor={filterId}>Outcome</label>
        <select id={filterId} value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
          <option value="all">All outcomes</option>
          <option value="ok">Allowed</option>
          <option value="denied">Denied</option>
        </select>
      </div>
      <QueryState query={query} what="the audit log">
        {(list) =>
          list.length === 0 ? (
            <p className="empty-inline">{outcome === 'all' ? 'No audit entries yet.' : `No ${outcome === 'ok' ? 'allowed' : 'denied'} entries.`}</p>
          ) : (
            <>
              <AuditTable entries={list} names={names} timeZone={org.data?.company.timeZone} />
              {pages.hasNextPage && (
                <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                  {pages.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
                </button>
              )}
            </>
          )
        }
      </QueryState>
    </>
  );
}

function AuditTable({ entries, names, timeZone }: { entries: Entry[]; names: Map<string, string>; timeZone: string | undefined }) {
  return (
    <div className="table-wrap">
      <table className="data-table audit-table">
        <caption className="visually-hidden">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td data-label="Time">
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, timeZone)}</time>
              </td>
              <td data-label="Who">{names.get(e.userId) ?? e.userId}</td>
              <td data-label="What">
                <span className="audit-summary">{e.summary}</span>
                <span className="audit-procedure">{e.procedure}</span>
              </td>
              <td data-label="Outcome">
                <span className={`status-pill outcome-${e.outcome}`}>{e.outcome === 'ok' ? 'Allowed' : 'Denied'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
