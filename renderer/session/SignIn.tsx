import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/api-error.ts';

export interface SignInProps {
  onSubmit(token: string, remember: boolean): void;
  busy: boolean;
  error: ApiError | undefined;
  initialToken?: string | undefined;
}

/** Browser sign-in: paste the API token the company manager gave you. */
export function SignIn({ onSubmit, busy, error, initialToken }: SignInProps) {
  const [token, setToken] = useState(initialToken ?? '');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState(false);
  const hintId = useId();
  const errorId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    setMissing(value === '');
    if (value !== '') onSubmit(value, remember);
  };

  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={submit} noValidate aria-describedby={hintId}>
        <p className="signin-brand" aria-hidden="true">
          Callboard
        </p>
        <h1>Sign in</h1>
        <p id={hintId} className="muted">
          Paste the sign-in token your company manager gave you. A manager can create one with{' '}
          <code>callboard token create --user "Your Name"</code> on the computer that runs Callboard.
        </p>
        {error && (
          <div className="alert alert-error" role="alert" id={errorId}>
            <div>
              <p className="alert-message">{error.message}</p>
              <p className="alert-code">Error code: {error.code}</p>
            </div>
          </div>
        )}
        <label htmlFor="signin-token">Sign-in token</label>
        <input
          id="signin-token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={missing || error !== undefined}
          aria-describedby={missing ? 'signin-token-missing' : error ? errorId : undefined}
          placeholder="cb_…"
        />
        {missing && (
          <p className="field-error" id="signin-token-missing">
            Enter your sign-in token.
          </p>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember me on this computer
        </label>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
