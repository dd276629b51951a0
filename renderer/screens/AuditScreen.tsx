import { useState } from 'react';
import { useApiQuery } from '../data/queries.ts';
import { humanize } from '../format.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';
import { isFiltered, NO_FILTER, toApiFilters, type AuditFilterState } from './audit/audit-filter.ts';
import { AuditFilters } from './audit/AuditFilters.tsx';
import { AuditTable } from './audit/AuditTable.tsx';
import { ExportButtons } from './audit/ExportButtons.tsx';
import { useAuditPages } from './audit/use-audit.ts';

export function AuditScreen() {
  const [filter, setFilter] = useState<AuditFilterState>(NO_FILTER);
  const org = useApiQuery('org.get', {});
  const users = useApiQuery('users.list', {});
  const policy = useApiQuery('policy.get', {});
  const zone = org.data?.company.timeZone;
  const filters = toApiFilters(filter, zone);
  const pages = useAuditPages(filters);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const roleNames = new Map((policy.data?.roles ?? []).map((r) => [r.id, r.name]));
  const ctx = { roleName: (id: string) => roleNames.get(id) ?? humanize(id), timeZone: zone };
  const entries = pages.data?.pages.flat();
  const query = { data: entries, error: pages.error, isPending: pages.isPending, refetch: pages.refetch };

  return (
    <>
      <ScreenHeader title="Audit log">
        Every change made through Callboard and every refused attempt, newest first, with who did it, what changed and the grant that allowed
        it. Entries are chained by hash so none can be removed unnoticed.
      </ScreenHeader>
      <AuditFilters value={filter} onChange={setFilter} users={users.data} policy={policy.data} />
      <ExportButtons filters={filters} />
      <QueryState query={query} what="the audit log">
        {(list) =>
          list.length === 0 ? (
            <p className="empty-inline">
              {!isFiltered(filter)
                ? 'No audit entries yet.'
                : filter.outcome && Object.keys(filters).length === 1
                  ? `No ${filter.outcome === 'ok' ? 'allowed' : 'denied'} entries.`
                  : 'No entries match these filters.'}
            </p>
          ) : (
            <>
              <AuditTable entries={list} names={names} ctx={ctx} />
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
