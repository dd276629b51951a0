import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { peerState, VIA_LABELS } from './sync-text.ts';

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** The peers this device has met, with their state, route and what waits in each direction. */
export function PeersPanel() {
  const status = useApiQuery('sync.status', {});
  return (
    <section className="panel" aria-labelledby="peers-heading">
      <h2 id="peers-heading" className="section-title">
        Peers
      </h2>
      <QueryState query={status} what="the sync status">
        {(s) =>
          s.peers.length === 0 ? (
            <p className="muted">No other device has synced with this one yet. Everything is saved here meanwhile.</p>
          ) : (
            <>
              <table className="data-table" aria-label="Peers">
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">User</th>
                    <th scope="col">Last seen</th>
                    <th scope="col">Via</th>
                    <th scope="col">State</th>
                    <th scope="col">To send</th>
                    <th scope="col">To receive</th>
                  </tr>
                </thead>
                <tbody>
                  {s.peers.map((p) => {
                    const st = peerState(p.state);
                    return (
                      <tr key={p.deviceId}>
                        <th scope="row">
                          {p.name} <code className="device-id">{p.deviceId}</code>
                        </th>
                        <td>{p.userName}</td>
                        <td>{when(p.lastSeen)}</td>
                        <td>{VIA_LABELS[p.via] ?? p.via}</td>
                        <td>
                          <span className={`badge badge-${st.tone}`}>{st.label}</span>
                          {st.help && <p className="muted small">{st.help}</p>}
                          {p.detail && <p className="muted small">{p.detail}</p>}
                          {p.progress && p.progress.total > 0 && p.progress.done < p.progress.total && (
                            <progress max={p.progress.total} value={p.progress.done} aria-label={`Catching up with ${p.name}`} />
                          )}
                        </td>
                        <td>{p.pendingOut === 0 ? 'Up to date' : `${p.pendingOut} document${p.pendingOut === 1 ? '' : 's'}`}</td>
                        <td>{p.pendingIn === 0 ? '—' : `${p.pendingIn} document${p.pendingIn === 1 ? '' : 's'}`}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )
        }
      </QueryState>
      {status.data && status.data.pending.length > 0 && (
        <p className="muted">
          Not yet on any other device: {status.data.pending.reduce((n, p) => n + p.changes, 0)} change(s) in {status.data.pending.length} document(s).
        </p>
      )}
    </section>
  );
}
