import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { toApiError } from './api/api-error.ts';
import type { RendererClient } from './api/types.ts';
import { JoinCompany } from './screens/sync/JoinCompany.tsx';
import { BrowserSession, type Connect } from './session/BrowserSession.tsx';
import type { TokenStore } from './session/token-store.ts';
import { Workspace } from './Workspace.tsx';

/**
 * Where the app runs, decided once by the composition root (main.tsx):
 *   desktop  the preload bridge acts as the computer's local user; no sign-in
 *   browser  served by the daemon; sign in with a token over its WebSocket
 */
export type Environment =
  | { kind: 'desktop'; client: RendererClient }
  | { kind: 'browser'; connect: Connect; tokens: TokenStore; initialToken?: string | undefined };

export function App({ env, queryClient }: { env: Environment; queryClient?: QueryClient }) {
  if (env.kind === 'desktop') return <Desktop client={env.client} {...(queryClient ? { queryClient } : {})} />;
  return (
    <BrowserSession connect={env.connect} tokens={env.tokens} initialToken={env.initialToken}>
      {(client, signOut) => <Workspace client={client} onSignOut={signOut} {...(queryClient ? { queryClient } : {})} />}
    </BrowserSession>
  );
}

/**
 * The desktop acts as this computer's account. A device that belongs to no company yet (the
 * API answers `unauthenticated` with reason `no_company`) first shows *Join a company*.
 */
function Desktop({ client, queryClient }: { client: RendererClient; queryClient?: QueryClient }) {
  const [joining, setJoining] = useState(false);
  useEffect(() => {
    let live = true;
    client.invoke('session.whoami', {}).then(
      () => undefined,
      (err: unknown) => {
        const e = toApiError(err);
        if (live && e.code === 'unauthenticated' && e.details?.reason === 'no_company') setJoining(true);
      },
    );
    return () => {
      live = false;
    };
  }, [client]);
  if (joining) return <JoinCompany client={client} onOpen={() => setJoining(false)} />;
  return <Workspace client={client} onSignOut={undefined} {...(queryClient ? { queryClient } : {})} />;
}
