import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { ApiError } from '../../api/api-error.ts';
import type { ProcedureInput, ProcedureOutput } from '../../api/types.ts';
import { useClient } from '../../data/client-context.tsx';
import { useReportError } from '../../shell/errors.tsx';
import { saveFile } from './save-file.ts';

export type AuditEntry = ProcedureOutput<'audit.list'>[number];
type Filters = Omit<ProcedureInput<'audit.export'>, 'format'>;

export const PAGE = 50;

/** Newest first, a page at a time; "Show older" asks for entries before the last one shown. */
export function useAuditPages(filters: Filters) {
  const client = useClient();
  const input = { limit: PAGE, ...filters };
  return useInfiniteQuery({
    queryKey: ['audit.list', input, 'pages'] as const,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => client.invoke('audit.list', pageParam === undefined ? input : { ...input, before: pageParam }),
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.seq : undefined),
  });
}

/** Exports the entries matching `filters` and hands the file to the browser as a download. */
export function useAuditExport() {
  const client = useClient();
  const report = useReportError();
  return useMutation<ProcedureOutput<'audit.export'>, ApiError, ProcedureInput<'audit.export'>>({
    mutationFn: (input) => client.invoke('audit.export', input),
    onSuccess: (file) => saveFile(file.filename, file.contentType, file.body),
    onError: (error) => report(error),
  });
}
