import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type Environment } from './App.tsx';
import { BridgeClient, findBridge } from './api/bridge-client.ts';
import { WsClient, wsUrlFor } from './api/ws-client.ts';
import { createTokenStore, takeTokenFromLocation } from './session/token-store.ts';
import './styles.css';

/** The composition root: picks the transport for where the app runs, and renders. */
function environment(): Environment {
  const bridge = findBridge(window);
  if (bridge) return { kind: 'desktop', client: new BridgeClient(bridge) };
  const url = wsUrlFor(window.location);
  return {
    kind: 'browser',
    tokens: createTokenStore(window.sessionStorage, window.localStorage),
    initialToken: takeTokenFromLocation(window.location, window.history),
    connect: async (token) => {
      const client = new WsClient({ url, token });
      try {
        await client.whenReady();
        return client;
      } catch (err) {
        client.close();
        throw err;
      }
    },
  };
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App env={environment()} />
  </StrictMode>,
);
