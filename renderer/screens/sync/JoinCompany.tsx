import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/api-error.ts';
import type { ApiClient, ProcedureOutput } from '../../api/types.ts';

export type Joined = ProcedureOutput<'sync.join'>;

/** The address inside an invite link (`callboard://enroll?…&url=…`), if the pasted text is one. */
export function addressInInvite(text: string): string | undefined {
  const t = text.trim();
  if (!/^callboard:\/\//i.test(t)) return undefined;
  try {
    return new URL(t).searchParams.get('url') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * First run on a device that belongs to no company: join one with the invite a company manager
 * made on the Sync screen (its code, or the link its QR code holds) and the inviting device's
 * sync address. Calls `sync.join`; on success shows what arrived, then opens the app.
 */
export function JoinCompany({ client, onOpen }: { client: ApiClient; onOpen: () => void }) {
  const [invite, setInvite] = useState('');
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [joined, setJoined] = useState<Joined | undefined>();
  const linkAddress = addressInInvite(invite);
  const field = error?.details?.field;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setJoined(await client.invoke('sync.join', { invite: invite.trim(), ...(url.trim() ? { url: url.trim() } : {}) }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  if (joined) {
    return (
      <main className="signin" id="main">
        <section className="signin-card" aria-labelledby="joined-title">
          <p className="signin-brand" aria-hidden="true">
            Callboard
          </p>
          <h1 id="joined-title">Joined {joined.company ?? 'the company'}</h1>
          <p>
            This device is <strong>{joined.deviceName}</strong>, enrolled for <strong>{joined.userName}</strong>. {joined.documents} documents
            arrived from {joined.peer}
            {joined.complete ? '.' : '; the rest keeps arriving in the background.'}
          </p>
          <button type="button" className="primary" onClick={onOpen} autoFocus>
            Open Callboard
          </button>
        </section>
      </main>
    );
  }

  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="join-title">
        <p className="signin-brand" aria-hidden="true">
          Callboard
        </p>
        <h1 id="join-title">Join a company</h1>
        <p className="muted">
          This device belongs to no company yet. Ask your company manager for an invite (Sync screen → Invite a device), then enter its code — or
          paste the link its QR code holds — and the address of the device that made it.
        </p>
        {error && (
          <div className="alert alert-error" role="alert">
            <div>
              <p className="alert-message">{error.message}</p>
              <p className="alert-code">
                Error code: {error.code}
                {typeof error.details?.reason === 'string' ? ` (${error.details.reason})` : ''}
              </p>
            </div>
          </div>
        )}
        <label htmlFor="join-invite">Invite code or link</label>
        <textarea
          id="join-invite"
          rows={2}
          spellCheck={false}
          value={invite}
          onChange={(e) => setInvite(e.target.value)}
          placeholder="7K3QM-XD9P2 or callboard://enroll?code=…"
          aria-invalid={field === 'invite'}
        />
        <label htmlFor="join-url">Address of the inviting device</label>
        <input
          id="join-url"
          type="text"
          spellCheck={false}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder={linkAddress ?? 'callboard-sync://office.local:4821'}
          aria-invalid={field === 'url'}
          aria-describedby="join-url-hint"
        />
        <p className="muted small" id="join-url-hint">
          {linkAddress ? `From the link: ${linkAddress} (type another address to override it).` : 'Shown with the invite on the inviting device.'}
        </p>
        <button type="submit" className="primary" disabled={busy || invite.trim() === ''}>
          {busy ? 'Joining… (enrolling and receiving the company’s data)' : 'Join'}
        </button>
      </form>
    </main>
  );
}
