import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App, type Environment } from '../../../renderer/App.tsx';

/** A query cache for tests: no retries, no garbage collection timers left running. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
}

export function renderApp(env: Environment, queryClient = testQueryClient()) {
  return { ...render(<App env={env} queryClient={queryClient} />), queryClient };
}

/** An in-memory Storage (jsdom's would be shared between tests). */
export class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
}
