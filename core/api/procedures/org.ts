import { z } from 'zod';
import { ORG_DOC_ID, ORG_SCOPE, updateCompany, type OrgDoc } from '../../content/org.ts';
import { grant, procedure } from '../procedure.ts';
import { empty, name, shortText } from '../schemas.ts';

const companyPatch = z
  .object({
    name: name.optional(),
    shortName: z.string().trim().min(1).max(40).optional(),
    city: shortText.optional(),
    timeZone: z
      .string()
      .max(100)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'unknown IANA time zone')
      .optional(),
    website: z.string().trim().max(500).url().or(z.literal('')).optional(),
    email: z.string().trim().max(320).email().or(z.literal('')).optional(),
  })
  .strict();

export const orgProcedures = {
  'org.get': procedure({
    name: 'org.get',
    description: 'The company: name, city, time zone, website.',
    kind: 'query',
    input: empty,
    permission: grant('view', ORG_SCOPE),
    handler: (_input, ctx) => {
      const org = ctx.store.doc<OrgDoc>(ORG_DOC_ID);
      return { company: { ...org.company }, createdAt: org.createdAt };
    },
  }),
  'org.update': procedure({
    name: 'org.update',
    description: "Changes the company's details.",
    kind: 'mutation',
    input: companyPatch,
    permission: grant('org.manage', ORG_SCOPE),
    handler: (input, ctx) => {
      let diff = { before: {}, after: {} } as ReturnType<typeof updateCompany>;
      ctx.store.change<OrgDoc>(ORG_DOC_ID, (d) => {
        diff = updateCompany(d, input);
      });
      ctx.audit({ target: ORG_DOC_ID, summary: `Changed company details: ${Object.keys(diff.after).join(', ') || 'nothing'}`, ...diff });
      return { company: { ...ctx.store.doc<OrgDoc>(ORG_DOC_ID).company } };
    },
  }),
};
