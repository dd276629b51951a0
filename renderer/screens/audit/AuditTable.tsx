import { Fragment, useState } from 'react';
import { formatDateTime } from '../../format.ts';
import { AuditEntryDetail } from './AuditEntryDetail.tsx';
import type { ValueContext } from './diff.ts';
import type { AuditEntry } from './use-audit.ts';

/** One row per entry; "Details" opens a row under it with the before/after and the grant that allowed it. */
export function AuditTable({ entries, names, ctx }: { entries: AuditEntry[]; names: Map<string, string>; ctx: ValueContext }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
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
          {entries.map((e) => {
            const expanded = open.has(e.id);
            const who = e.userName && e.userName !== e.userId ? e.userName : (names.get(e.userId) ?? e.userId);
            return (
              <Fragment key={e.id}>
                <tr className={expanded ? 'audit-row-open' : undefined}>
                  <td data-label="Time">
                    <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, ctx.timeZone)}</time>
                  </td>
                  <td data-label="Who">{who}</td>
                  <td data-label="What">
                    <span className="audit-summary">{e.summary}</span>
                    <span className="audit-procedure">{e.procedure}</span>
                    <button
                      type="button"
                      className="button button-small audit-toggle"
                      aria-expanded={expanded}
                      aria-controls={`audit-detail-${e.id}`}
                      onClick={() => toggle(e.id)}
                      aria-label={`Details of “${e.summary}”`}
                    >
                      Details <span aria-hidden="true">{expanded ? '▴' : '▾'}</span>
                    </button>
                  </td>
                  <td data-label="Outcome">
                    <span className={`status-pill outcome-${e.outcome}`}>{e.outcome === 'ok' ? 'Allowed' : 'Denied'}</span>
                  </td>
                </tr>
                {expanded && (
                  <tr className="audit-detail-row" id={`audit-detail-${e.id}`}>
                    <td colSpan={4}>
                      <AuditEntryDetail entry={e} ctx={ctx} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
