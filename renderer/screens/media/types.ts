import type { ProcedureOutput } from '../../api/types.ts';

export type AssetView = ProcedureOutput<'media.get'>;
export type SearchPage = ProcedureOutput<'media.search'>;
export type Category = ProcedureOutput<'media.categories'>[number];
export type JobView = ProcedureOutput<'media.jobs'>[number];
export type TransferStatus = ProcedureOutput<'media.transfers'>;

export interface Filters {
  production: string;
  category: string;
  tag: string;
  kind: string;
  text: string;
  from: string;
  to: string;
  needsAttention: boolean;
}

export const emptyFilters: Filters = { production: '', category: '', tag: '', kind: '', text: '', from: '', to: '', needsAttention: false };

/** The media.search input for a set of filters (empty ones left out). */
export function searchInput(f: Filters): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const k of ['production', 'category', 'tag', 'kind', 'text', 'from', 'to'] as const) if (f[k].trim()) input[k] = f[k].trim();
  if (f.needsAttention) input.needsAttention = true;
  return input;
}

export const KINDS = [
  { id: 'photo', label: 'Photos' },
  { id: 'video', label: 'Videos' },
  { id: 'audio', label: 'Audio' },
  { id: 'document', label: 'Documents' },
  { id: 'poster', label: 'Posters' },
] as const;
