import { useClientStatus } from '../data/client-context.tsx';
import { useApiQuery } from '../data/queries.ts';
import { connectionLabel, pendingLabel } from './connection-text.ts';

/** Connection, calls in flight and the signed-in user, always visible at the bottom. */
export function StatusBar() {
  const status = useClientStatus();
  const whoami = useApiQuery('session.whoami', {});
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`conn conn-${status.connection}`} role="status" aria-live="polite">
        <span className="conn-dot" aria-hidden="true" />
        {connectionLabel(status)}
      </span>
      <span className="pending" title="Requests sent to Callboard and not yet answered">
        {pendingLabel(status.pending)}
      </span>
      <span className="status-user">{whoami.data ? `Signed in as ${whoami.data.user.name}` : ''}</span>
    </footer>
  );
}
