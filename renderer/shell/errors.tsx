import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../api/api-error.ts';

interface Reported {
  key: number;
  error: ApiError;
}

interface ErrorsValue {
  errors: Reported[];
  report(error: unknown): void;
  dismiss(key: number): void;
}

const ErrorsContext = createContext<ErrorsValue | null>(null);

/** Holds the errors shown by <ErrorDisplay>: failed changes and transport errors. */
export function ErrorsProvider({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<Reported[]>([]);
  const report = useCallback((err: unknown) => {
    const error = toApiError(err);
    setErrors((list) => {
      // The same error again replaces the older copy instead of stacking up.
      const rest = list.filter((r) => !(r.error.code === error.code && r.error.message === error.message));
      const key = (list.at(-1)?.key ?? 0) + 1;
      return [...rest, { key, error }].slice(-3);
    });
  }, []);
  const dismiss = useCallback((key: number) => setErrors((list) => list.filter((r) => r.key !== key)), []);
  const value = useMemo(() => ({ errors, report, dismiss }), [errors, report, dismiss]);
  return <ErrorsContext.Provider value={value}>{children}</ErrorsContext.Provider>;
}

function useErrors(): ErrorsValue {
  const value = useContext(ErrorsContext);
  if (!value) throw new Error('useErrors needs an <ErrorsProvider>');
  return value;
}

export function useReportError(): (error: unknown) => void {
  return useErrors().report;
}

/** The API's error message and code, one box per error, each dismissible. */
export function ErrorDisplay() {
  const { errors, dismiss } = useErrors();
  if (errors.length === 0) return null;
  return (
    <section className="error-display" aria-label="Errors">
      {errors.map(({ key, error }) => (
        <div key={key} className="alert alert-error" role="alert">
          <div>
            <p className="alert-message">{error.message}</p>
            <p className="alert-code">Error code: {error.code}</p>
          </div>
          <button type="button" className="button button-quiet" onClick={() => dismiss(key)} aria-label={`Dismiss error: ${error.message}`}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
