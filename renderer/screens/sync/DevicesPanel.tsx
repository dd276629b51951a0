import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';

/** Enrolled devices, invites for new ones, and revocation. */
export function DevicesPanel() {
  const devices = useApiQuery('sync.devices.list', {});
  const users = useApiQuery('users.list', {});
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['sync.devices.list'] });
  const revoke = useApiMutation('sync.devices.revoke', { onSuccess: refresh });
  const invite = useApiMutation('sync.invites.create');
  const [user, setUser] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!user) return;
    invite.mutate({ user, ...(name.trim() ? { deviceName: name.trim() } : {}), ...(address.trim() ? { url: address.trim() } : {}) });
  };

  return (
    <section className="panel" aria-labelledby="devices-heading">
      <h2 id="devices-heading" className="section-title">
        Devices
      </h2>
      <QueryState query={devices} what="the enrolled devices">
        {(list) => (
          <table className="data-table" aria-label="Enrolled devices">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">User</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.name} {d.self && <span className="badge badge-muted">this device</span>} <code className="device-id">{d.id}</code>
                  </th>
                  <td>{d.userName}</td>
                  <td>{d.revokedAt !== null ? `Revoked ${new Date(d.revokedAt).toLocaleString()}` : 'Enrolled'}</td>
                  <td>
                    {d.revokedAt === null && !d.self && (
                      <button
                        type="button"
                        className="button button-danger"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(`Revoke ${d.name}? Its later changes will be refused everywhere.`)) revoke.mutate({ deviceId: d.id });
                        }}
                      >
                        Revoke {d.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <form className="filters" aria-label="Invite a device" onSubmit={submit}>
        <div className="field">
          <label htmlFor="invite-user">Person</label>
          <select id="invite-user" value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">Choose…</option>
            {(users.data ?? [])
              .filter((u) => u.status === 'active')
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-name">Device name</label>
          <input id="invite-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Box office laptop" />
        </div>
        <div className="field">
          <label htmlFor="invite-address">This device's sync address</label>
          <input id="invite-address" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="the daemon's, if it listens (callboard-sync://HOST:4821)" />
        </div>
        <button type="submit" className="button" disabled={!user || invite.isPending}>
          Create invite
        </button>
      </form>
      {invite.data && (
        <div className="invite" role="status" aria-label="New invite">
          <p>
            Invite for {invite.data.userName} ({invite.data.deviceName}): code <strong className="invite-code">{invite.data.code}</strong>, valid until{' '}
            {new Date(invite.data.expiresAt).toLocaleString()}, usable once.
          </p>
          <img alt={`QR code for the invite ${invite.data.code}`} src={`data:image/svg+xml;utf8,${encodeURIComponent(invite.data.qrSvg)}`} width={160} height={160} />
          <p>
            Address: <code>{invite.data.url ?? 'none given — type the address this device is reached at'}</code>
          </p>
          <p className="muted small">
            On the new device: open Callboard and choose <em>Join a company</em> — enter the code and the address, or paste the link the QR code holds (
            <code className="invite-link">{invite.data.link}</code>). From a terminal: callboard device enroll --code {invite.data.code} --url{' '}
            {invite.data.url ?? '<sync address>'} --data &lt;new folder&gt;
          </p>
        </div>
      )}
    </section>
  );
}
