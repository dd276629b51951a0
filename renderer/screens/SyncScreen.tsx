import { useClient, useClientStatus } from '../data/client-context.tsx';
import { useApiQuery } from '../data/queries.ts';
import { connectionLabel } from '../shell/connection-text.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';
import { DevicesPanel } from './sync/DevicesPanel.tsx';
import { PeersPanel } from './sync/PeersPanel.tsx';
import { SecurityEventsPanel } from './sync/SecurityEventsPanel.tsx';

function formatUptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function SyncScreen() {
  const client = useClient();
  const status = useClientStatus();
  const whoami = useApiQuery('session.whoami', {});
  const health = useApiQuery('system.health', {});
  const desktop = client.mode === 'desktop';

  return (
    <>
      <ScreenHeader title="Sync">
        {desktop
          ? 'This computer keeps a full copy of the company’s data and works with no network at all.'
          : 'This browser works on the copy of the company’s data held by the Callboard daemon it is connected to.'}
      </ScreenHeader>
      <section className="panel" aria-labelledby="device-heading">
        <h2 id="device-heading" className="section-title">
          This device
        </h2>
        <QueryState query={whoami} what="this device">
          {(me) => (
            <dl className="facts">
              <div>
                <dt>Device id</dt>
                <dd>
                  <code className="device-id">{me.deviceId}</code>
                </dd>
              </div>
              <div>
                <dt>Connection</dt>
                <dd>
                  <span className={`conn conn-${status.connection}`} aria-live="polite">
                    {connectionLabel(status)}
                  </span>
                  {status.connection === 'offline' && status.lastError && <span className="muted"> ({status.lastError.message})</span>}
                </dd>
              </div>
              <div>
                <dt>Signed in as</dt>
                <dd>
                  {me.user.name} <span className="muted">({me.via === 'token' ? 'with a sign-in token' : me.via})</span>
                </dd>
              </div>
              {health.data && (
                <>
                  <div>
                    <dt>Documents in this replica</dt>
                    <dd>{health.data.documents}</dd>
                  </div>
                  <div>
                    <dt>Running for</dt>
                    <dd>{formatUptime(health.data.uptimeMs)}</dd>
                  </div>
                  <div>
                    <dt>Callboard version</dt>
                    <dd>{health.data.version}</dd>
                  </div>
                </>
              )}
            </dl>
          )}
        </QueryState>
        {status.connection === 'offline' && (
          <button type="button" className="button" onClick={() => client.reconnect()}>
            Reconnect now
          </button>
        )}
      </section>
      <PeersPanel />
      <SecurityEventsPanel />
      <DevicesPanel />
    </>
  );
}
