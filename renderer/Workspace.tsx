import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RendererClient } from './api/types.ts';
import { ClientProvider } from './data/client-context.tsx';
import { startLiveInvalidation } from './data/live-invalidation.ts';
import { createQueryClient } from './data/queries.ts';
import { ErrorsProvider, useReportError } from './shell/errors.tsx';
import { Shell } from './shell/Shell.tsx';

export interface WorkspaceProps {
  client: RendererClient;
  onSignOut: (() => void) | undefined;
  /** Tests pass their own; otherwise one cache per signed-in client. */
  queryClient?: QueryClient;
}

/** Everything a signed-in client needs: its query cache kept live by subscriptions, and the shell. */
export function Workspace({ client, onSignOut, queryClient: given }: WorkspaceProps) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  useEffect(() => startLiveInvalidation(client, queryClient), [client, queryClient]);
  useEffect(() => () => queryClient.clear(), [queryClient]);
  return (
    <ClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <ErrorsProvider>
          <TransportErrors client={client} />
          <Shell onSignOut={onSignOut} />
        </ErrorsProvider>
      </QueryClientProvider>
    </ClientProvider>
  );
}

function TransportErrors({ client }: { client: RendererClient }) {
  const report = useReportError();
  useEffect(() => client.onError(report), [client, report]);
  return null;
}
