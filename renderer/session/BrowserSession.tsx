import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../api/api-error.ts';
import type { RendererClient } from '../api/types.ts';
import { SignIn } from './SignIn.tsx';
import type { TokenStore } from './token-store.ts';

/** Opens an authenticated connection with a token; rejects with the API's error. */
export type Connect = (token: string) => Promise<RendererClient>;

type Phase =
  | { kind: 'signed-out'; error?: ApiError | undefined }
  | { kind: 'connecting'; automatic: boolean }
  | { kind: 'signed-in'; client: RendererClient };

export interface BrowserSessionProps {
  connect: Connect;
  tokens: TokenStore;
  /** A token handed over in the address (`#token=`), tried before the stored one. */
  initialToken?: string | undefined;
  children(client: RendererClient, signOut: () => void): ReactNode;
}

/**
 * Browser mode's sign-in gate: connects with the address's or the stored token if there is
 * one, otherwise asks for it; keeps the token only once the daemon has accepted it; returns
 * to sign-in when signing out or when the daemon later refuses the token.
 */
export function BrowserSession({ connect, tokens, initialToken, children }: BrowserSessionProps) {
  const startToken = useRef(initialToken !== undefined ? { token: initialToken, remember: false } : tokens.read());
  const [phase, setPhase] = useState<Phase>(() => (startToken.current ? { kind: 'connecting', automatic: true } : { kind: 'signed-out' }));
  const attempt = useRef(0);

  const signIn = useCallback(
    async (token: string, remember: boolean, automatic = false) => {
      const mine = ++attempt.current;
      setPhase({ kind: 'connecting', automatic });
      try {
        const client = await connect(token);
        if (mine !== attempt.current) {
          client.close();
          return;
        }
        tokens.save(token, remember);
        setPhase({ kind: 'signed-in', client });
      } catch (err) {
        if (mine !== attempt.current) return;
        const error = toApiError(err);
        if (error.code === 'unauthenticated') tokens.clear();
        setPhase({ kind: 'signed-out', error });
      }
    },
    [connect, tokens],
  );

  useEffect(() => {
    const start = startToken.current;
    if (!start) return;
    startToken.current = undefined;
    void signIn(start.token, start.remember, true);
  }, [signIn]);

  const client = phase.kind === 'signed-in' ? phase.client : undefined;
  useEffect(() => {
    if (!client) return;
    return client.status.subscribe(() => {
      const s = client.status.get();
      if (s.connection === 'rejected') {
        tokens.clear();
        client.close();
        setPhase({ kind: 'signed-out', error: s.lastError });
      }
    });
  }, [client, tokens]);

  const signOut = useCallback(() => {
    attempt.current++;
    tokens.clear();
    client?.close();
    setPhase({ kind: 'signed-out' });
  }, [client, tokens]);

  if (phase.kind === 'signed-in') return <>{children(phase.client, signOut)}</>;
  if (phase.kind === 'connecting' && phase.automatic) {
    return (
      <main className="signin" id="main">
        <p className="signin-card splash" role="status">
          Signing in to Callboard…
        </p>
      </main>
    );
  }
  return <SignIn busy={phase.kind === 'connecting'} error={phase.kind === 'signed-out' ? phase.error : undefined} onSubmit={(t, r) => void signIn(t, r)} />;
}
