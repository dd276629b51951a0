import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ClientStatus, RendererClient } from '../api/types.ts';

const ClientContext = createContext<RendererClient | null>(null);

export function ClientProvider({ client, children }: { client: RendererClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): RendererClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a <ClientProvider>');
  return client;
}

/** The transport's state (connection, calls in flight), re-rendering when it changes. */
export function useClientStatus(): ClientStatus {
  const { status } = useClient();
  return useSyncExternalStore(status.subscribe, status.get, status.get);
}
