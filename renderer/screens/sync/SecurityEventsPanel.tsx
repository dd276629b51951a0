import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { reasonLabel } from './sync-text.ts';

/** Changes and peers this replica refused, newest first. */
export function SecurityEventsPanel() {
  const events = useApiQuery('sync.securityEvents', { limit: 50 });
  return (
    <section className="panel" aria-labelledby="security-heading">
      <h2 id="security-heading" className="section-title">
        Security events
      </h2>
      <QueryState query={events} what="security events">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Nothing refused: every change received so far was signed by an enrolled device and within its author’s rights.</p>
          ) : (
            <ul className="event-list" aria-label="Refused changes and peers">
              {list.map((e) => (
                <li key={e.id}>
                  <strong>{reasonLabel(e.reason)}</strong> <span className="muted">{new Date(e.at).toLocaleString()}</span>
                  <p>{e.summary}</p>
                  {e.target && (
                    <p className="muted small">
                      {e.target}
                      {e.deviceId ? ` · device ${e.deviceId}` : ''}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
