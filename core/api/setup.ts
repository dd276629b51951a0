import { randomBytes } from 'node:crypto';
import { seedPolicy } from '../auth/builtin-roles.ts';
import { POLICY_DOC_ID, POLICY_DOC_TYPE, POLICY_SCOPE, type PolicyDoc } from '../auth/model.ts';
import { ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, initOrg, type Company, type OrgDoc } from '../content/org.ts';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';

export interface CompanySetup {
  company: Company;
  admin: { name: string; email: string };
}

export function newUserId(): string {
  return `usr-${randomBytes(6).toString('hex')}`;
}

export function isCompanyInitialized(store: Store): boolean {
  return store.has(ORG_DOC_ID) && store.has(POLICY_DOC_ID);
}

/** Creates the `org` and `policy` documents of a new company: its first admin and the built-in roles. */
export function initCompany(store: Store, setup: CompanySetup): { adminId: string } {
  if (isCompanyInitialized(store)) throw new CallboardError('conflict', 'This store already holds a company');
  const now = store.clock.now();
  const adminId = newUserId();
  store.transaction(() => {
    store.create<OrgDoc>(ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, (d) => initOrg(d, setup.company, now), {
      message: 'create company',
    });
    store.create<PolicyDoc>(
      POLICY_DOC_ID,
      POLICY_DOC_TYPE,
      POLICY_SCOPE,
      (d) => {
        seedPolicy(d, { adminUser: { id: adminId, ...setup.admin }, now });
        d.devices = {};
      },
      { message: 'create policy' },
    );
  });
  return { adminId };
}
