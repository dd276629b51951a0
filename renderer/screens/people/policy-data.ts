import { useQueryClient } from '@tanstack/react-query';
import type { UseMutationOptions } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiError } from '../../api/api-error.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../api/types.ts';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { humanize } from '../../format.ts';

export type Policy = ProcedureOutput<'policy.get'>;
export type Role = Policy['roles'][number];
export type Grant = Role['grants'][number];
export type ActionInfo = Policy['actions'][number];
export type User = ProcedureOutput<'users.list'>[number];

/** The policy (users, roles with grants, action catalogue); people and audit screens read role names from it. */
export function usePolicy() {
  return useApiQuery('policy.get', {});
}

/** Role id → display name, falling back to the id made readable while the policy is loading or unavailable. */
export function useRoleNames(): (roleId: string) => string {
  const policy = usePolicy();
  const roles = policy.data?.roles;
  return useMemo(() => {
    const names = new Map((roles ?? []).map((r) => [r.id, r.name]));
    return (id: string) => names.get(id) ?? humanize(id);
  }, [roles]);
}

/** The queries a policy change can make stale (the live subscription refreshes them too; this does it at once). */
const POLICY_QUERIES: readonly string[] = ['policy.get', 'users.list', 'auth.matrix', 'auth.explain', 'auth.check', 'audit.list'];

/**
 * A change to the policy: on success the policy queries are refetched; on failure the API's
 * message (forbidden, conflict, last admin…) goes to the error display.
 */
export function usePolicyMutation<N extends ProcedureName>(
  procedure: N,
  options: Omit<UseMutationOptions<ProcedureOutput<N>, ApiError, ProcedureInput<N>>, 'mutationFn'> = {},
) {
  const queryClient = useQueryClient();
  return useApiMutation(procedure, {
    ...options,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ predicate: (q) => POLICY_QUERIES.includes(String(q.queryKey[0])) });
      return options.onSuccess?.(...args);
    },
  });
}

/** The field an `invalid`/`conflict` error names, to mark that input. */
export function errorField(error: ApiError | null): string | undefined {
  const field = error?.details?.field;
  return typeof field === 'string' ? field : undefined;
}
