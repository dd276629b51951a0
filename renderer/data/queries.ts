import { QueryClient, useMutation, useQuery, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { ApiError } from '../api/api-error.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../api/types.ts';
import { useReportError } from '../shell/errors.tsx';
import { useClient } from './client-context.tsx';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/** Query keys are `[procedure, input]`, so invalidating a procedure's name refetches all its inputs. */
export const apiKey = <N extends ProcedureName>(procedure: N, input: ProcedureInput<N>) => [procedure, input] as const;

/**
 * The renderer's query cache. Queries are kept fresh by API change subscriptions (see
 * useLiveInvalidation) rather than polling; failures are shown, not retried behind the user's back.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

export function useApiQuery<N extends ProcedureName>(
  procedure: N,
  input: ProcedureInput<N>,
  options: Omit<UseQueryOptions<ProcedureOutput<N>, ApiError, ProcedureOutput<N>, readonly [N, ProcedureInput<N>]>, 'queryKey' | 'queryFn'> = {},
) {
  const client = useClient();
  return useQuery({ ...options, queryKey: apiKey(procedure, input), queryFn: () => client.invoke(procedure, input) });
}

/** A change through the API; its failure is shown in the error display unless `onError` says otherwise. */
export function useApiMutation<N extends ProcedureName>(
  procedure: N,
  options: Omit<UseMutationOptions<ProcedureOutput<N>, ApiError, ProcedureInput<N>>, 'mutationFn'> = {},
) {
  const client = useClient();
  const report = useReportError();
  return useMutation({
    onError: (error) => report(error),
    ...options,
    mutationFn: (input: ProcedureInput<N>) => client.invoke(procedure, input),
  });
}
