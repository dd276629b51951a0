/** Where the browser keeps the sign-in token: this tab only (sessionStorage) unless "remember me". */
export interface TokenStore {
  read(): { token: string; remember: boolean } | undefined;
  save(token: string, remember: boolean): void;
  clear(): void;
}

const KEY = 'callboard.token';

export function createTokenStore(session: Storage, local: Storage): TokenStore {
  return {
    read() {
      const inTab = session.getItem(KEY);
      if (inTab) return { token: inTab, remember: false };
      const remembered = local.getItem(KEY);
      return remembered ? { token: remembered, remember: true } : undefined;
    },
    save(token, remember) {
      session.removeItem(KEY);
      local.removeItem(KEY);
      (remember ? local : session).setItem(KEY, token);
    },
    clear() {
      session.removeItem(KEY);
      local.removeItem(KEY);
    },
  };
}

/**
 * Reads `#token=…` from the address (the daemon prints such a link) and removes it from the
 * address bar and history, so the token is neither bookmarked nor left on screen.
 */
export function takeTokenFromLocation(location: Location, history: History): string | undefined {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  if (!hash.includes('token=')) return undefined;
  const token = new URLSearchParams(hash).get('token')?.trim();
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token || undefined;
}
