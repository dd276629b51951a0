import { AuditDiff } from './AuditDiff.tsx';
import { asDiff, type ValueContext } from './diff.ts';
import type { AuditEntry } from './use-audit.ts';

/** What an entry changed (before/after), the grant that allowed it, and where it came from. */
export function AuditEntryDetail({ entry, ctx }: { entry: AuditEntry; ctx: ValueContext }) {
  const diff = asDiff(entry.diff);
  const g = entry.grant;
  return (
    <div className="audit-detail">
      {diff ? <AuditDiff diff={diff} ctx={ctx} /> : <p className="muted">{entry.outcome === 'denied' ? 'Refused: nothing was changed.' : 'No before/after recorded for this entry.'}</p>}
      <dl className="facts audit-facts">
        <div>
          <dt>{entry.outcome === 'ok' ? 'Allowed by' : 'Refused by'}</dt>
          <dd>
            {g ? (
              <>
                {g.effect} <code>{g.action}</code> on <code>{g.scope}</code>, through {g.path.map(ctx.roleName).join(' → ')}
              </>
            ) : entry.outcome === 'ok' ? (
              'No grant needed (any signed-in person may do this)'
            ) : (
              'No grant allows it'
            )}
          </dd>
        </div>
        <div>
          <dt>Permission asked</dt>
          <dd>
            <code>{entry.action}</code> on <code>{entry.scope}</code>
          </dd>
        </div>
        {entry.target && (
          <div>
            <dt>Target</dt>
            <dd>
              <code>{entry.target}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>Device</dt>
          <dd>
            <code>{entry.deviceId}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}
