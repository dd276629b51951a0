import type { QueryClient } from '@tanstack/react-query';
import type { RendererClient } from './api/types.ts';
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
  if (env.kind === 'desktop') {
    return <Workspace client={env.client} onSignOut={undefined} {...(queryClient ? { queryClient } : {})} />;
  }
  return (
    <BrowserSession connect={env.connect} tokens={env.tokens} initialToken={env.initialToken}>
      {(client, signOut) => <Workspace client={client} onSignOut={signOut} {...(queryClient ? { queryClient } : {})} />}
    </BrowserSession>
  );
}
