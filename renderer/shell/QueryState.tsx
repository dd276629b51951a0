import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-error.ts';

interface QueryLike<T> {
  data: T | undefined;
  error: ApiError | null;
  isPending: boolean;
  refetch(): unknown;
}

/** A screen's data: a loading line, the API's error with a retry, or the content. */
export function QueryState<T>({ query, what, children }: { query: QueryLike<T>; what: string; children(data: T): ReactNode }) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ScreenError error={query.error} what={what} onRetry={() => void query.refetch()} />;
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ScreenError({ error, what, onRetry }: { error: Pick<ApiError, 'message' | 'code'>; what: string; onRetry?: () => void }) {
  return (
    <div className="alert alert-error screen-error" role="alert">
      <div>
        <p className="alert-title">Could not load {what}.</p>
        <p className="alert-message">{error.message}</p>
        <p className="alert-code">Error code: {error.code}</p>
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
