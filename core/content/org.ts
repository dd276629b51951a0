/**
 * The `org` document: the company, and (with the content issue) its theme and section
 * registry. One document, scope `org`.
 */
import type { SectionRecord } from './model.ts';
import type { ThemeRecord } from './theme.ts';

export const ORG_DOC_ID = 'org';
export const ORG_DOC_TYPE = 'org';
export const ORG_SCOPE = 'org';

export interface Company {
  name: string;
  shortName: string;
  city: string;
  timeZone: string;
  website: string;
  email: string;
}

export interface OrgDoc {
  company: Company;
  createdAt: number;
  /** The website's section registry (content issue): id → section. Absent until the first section. */
  sections?: Record<string, SectionRecord>;
  /** The brand (content issue). Absent until first saved: the default theme applies. */
  theme?: ThemeRecord;
}

export function initOrg(draft: OrgDoc, company: Company, now: number): void {
  draft.company = { ...company };
  draft.createdAt = now;
}

export function updateCompany(draft: OrgDoc, patch: Partial<Company>): { before: Partial<Company>; after: Partial<Company> } {
  const before: Partial<Company> = {};
  const after: Partial<Company> = {};
  for (const [k, v] of Object.entries(patch) as Array<[keyof Company, string | undefined]>) {
    if (v === undefined || draft.company[k] === v) continue;
    before[k] = draft.company[k];
    after[k] = v;
    draft.company[k] = v;
  }
  return { before, after };
}
