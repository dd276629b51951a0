import type { QueryClient } from '@tanstack/react-query';
import type { RendererClient } from '../api/types.ts';

/**
 * Keeps the query cache fresh: every change event from the API (`subscribe('*')`) marks all
 * queries stale and refetches the visible ones; a burst of events in one tick refetches once.
 * Coming back online also refetches, since events may have been missed while offline.
 * Returns the function that stops it.
 */
export function startLiveInvalidation(client: RendererClient, queryClient: QueryClient): () => void {
  let scheduled = false;
  const invalidate = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      void queryClient.invalidateQueries();
    });
  };
  const unsubscribe = client.subscribe('*', invalidate);
  let previous = client.status.get().connection;
  const unwatch = client.status.subscribe(() => {
    const now = client.status.get().connection;
    if (now === 'online' && previous !== 'online') invalidate();
    previous = now;
  });
  return () => {
    unsubscribe();
    unwatch();
  };
}
