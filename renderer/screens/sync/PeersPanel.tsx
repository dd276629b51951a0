import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { peerState, VIA_LABELS } from './sync-text.ts';

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** The peers this device has met, with their state, route and what waits in each direction. */
export function PeersPanel() {
  const status = useApiQuery('sync.status', {});
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['sync.status'] });
  const forget = useApiMutation('sync.peers.forget', { onSuccess: refresh });
  // Its error shows under the form (a refused peer names its reason), not as a global report.
  const connect = useApiMutation('sync.connect', { onSuccess: () => (setAddress(''), refresh()), onError: () => undefined });
  const [address, setAddress] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (address.trim()) connect.mutate({ url: address.trim(), stay: true });
  };
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
      {status.data && status.data.remembered.length > 0 && (
        <>
          <h3>Reconnects to</h3>
          <p className="muted small">Peers reached by address: this device reconnects to them when it starts and after a connection drops.</p>
          <table className="data-table" aria-label="Remembered peers">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Last seen</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {status.data.remembered.map((r) => (
                <tr key={r.url}>
                  <th scope="row">
                    <code>{r.url}</code>
                  </th>
                  <td>{r.lastSeen === null ? 'Never' : when(r.lastSeen)}</td>
                  <td>
                    {r.connected ? (
                      <span className="badge badge-ok">Connected</span>
                    ) : (
                      <>
                        <span className="badge badge-muted">Not connected</span>
                        {r.lastError && <p className="muted small">Last attempt failed: {r.lastError}</p>}
                        {r.nextAttemptAt !== null && <p className="muted small">Next attempt {when(r.nextAttemptAt)}</p>}
                      </>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      disabled={forget.isPending}
                      onClick={() => {
                        if (window.confirm(`Forget ${r.url}? This device will no longer reconnect to it.`)) forget.mutate({ url: r.url });
                      }}
                    >
                      Forget {r.url}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <form aria-label="Connect to a peer" onSubmit={submit}>
        <label htmlFor="peer-address">Peer address</label>{' '}
        <input id="peer-address" placeholder="callboard-sync://192.168.1.20:4821" value={address} onChange={(e) => setAddress(e.target.value)} />{' '}
        <button type="submit" className="button" disabled={connect.isPending || !address.trim()}>
          {connect.isPending ? 'Connecting…' : 'Connect and remember'}
        </button>
        {connect.error && (
          <div className="alert alert-error" role="alert">
            <p className="alert-message">{connect.error.message}</p>
          </div>
        )}
      </form>
      {status.data && status.data.pending.length > 0 && (
        <p className="muted">
          Not yet on any other device: {status.data.pending.reduce((n, p) => n + p.changes, 0)} change(s) in {status.data.pending.length} document(s).
        </p>
      )}
    </section>
  );
}
