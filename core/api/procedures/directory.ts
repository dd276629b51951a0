import { z } from 'zod';
import { getProduction, listProductions } from '../../calendar/production.ts';
import { ORG_DOC_ID, type OrgDoc } from '../../content/org.ts';
import { addCredits, removeCredit, reorderCredits, requireCredit, updateCredit } from '../../directory/credits.ts';
import { findDuplicates } from '../../directory/duplicates.ts';
import { exportDirectory } from '../../directory/export.ts';
import { planImport, runImport } from '../../directory/import.ts';
import { mergePeople, unmergePerson } from '../../directory/merge.ts';
import { DEPARTMENTS, DEPARTMENT_LABELS, DIRECTORY_SCOPE, creditsScope, displayName } from '../../directory/model.ts';
import { createPeople, getContact, getPerson, markNotDuplicates, requirePerson, resolvePersonId, updatePerson } from '../../directory/people.ts';
import { buildProgram, programHtml, programPdf } from '../../directory/program.ts';
import { aliasesOf, facets, personHistory, productionCredits } from '../../directory/queries.ts';
import { searchPeople } from '../../directory/search.ts';
import { CallboardError } from '../../errors.ts';
import { grant, procedure, type HandlerContext } from '../procedure.ts';
import { email } from '../schemas.ts';

// ---- input pieces ------------------------------------------------------------------------

const CONTACT_VIEW = 'directory.contact.view';
const CONTACT_EDIT = 'directory.contact.edit';
const EDIT = 'directory.edit';

const personId = z.string().trim().regex(/^p\d{1,6}-[a-z0-9]{6,20}$/, 'not a person id (p<shard>-<letters>)');
const productionId = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'not a production id');
const creditId = z.string().trim().regex(/^cr-[a-z0-9]{6,20}$/, 'not a credit id');
const personName = z.string().trim().min(1, 'must not be empty').max(200);
const label = (max: number) => z.string().trim().max(max);
const tagList = z.array(z.string().trim().min(1).max(60)).max(50);
const department = z.enum(DEPARTMENTS);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD').or(z.literal(''));
const link = z
  .object({
    label: z.string().trim().min(1).max(100),
    url: z.string().trim().max(2000).url().refine((u) => /^https?:\/\//i.test(u), 'links must be http(s) URLs'),
  })
  .strict();
const contact = z
  .object({
    email: email.or(z.literal('')).optional(),
    phone: label(50).optional(),
    address: label(500).optional(),
    emergencyContact: label(300).optional(),
  })
  .strict();

const personFields = {
  stageName: label(200).optional(),
  altNames: z.array(personName).max(20).optional(),
  pronouns: label(40).optional(),
  headshot: z.string().trim().min(1).max(200).nullable().optional(),
  bio: z.string().max(20_000).optional(),
  links: z.array(link).max(20).optional(),
  skills: tagList.optional(),
  unions: z.array(z.string().trim().min(1).max(60)).max(10).optional(),
};

const creditFields = {
  role: z.string().trim().min(1, 'must not be empty').max(200),
  billing: z.number().positive().max(1_000_000).optional(),
  understudy: z.boolean().optional(),
  swing: z.boolean().optional(),
  standby: z.boolean().optional(),
  startDate: localDate.optional(),
  endDate: localDate.optional(),
};

// ---- helpers -------------------------------------------------------------------------------

function canSeeContact(ctx: HandlerContext): boolean {
  return ctx.can(CONTACT_VIEW, DIRECTORY_SCOPE);
}

function requireProduction(ctx: HandlerContext, id: string) {
  const p = getProduction(ctx.store.db, id);
  if (!p) throw new CallboardError('not_found', `No production ${id}`, { field: 'productionId', id });
  return p;
}

/** A person who may receive credits and edits: exists and was not merged away. */
function requireLivePerson(ctx: HandlerContext, id: string, field: string) {
  const p = requirePerson(ctx.store, id, field);
  if (p.mergedInto) {
    throw new CallboardError('invalid', `${p.name} (${id}) was merged into ${p.mergedInto}; use that id`, { field, mergedInto: p.mergedInto });
  }
  return p;
}

function checkDates(start: string | undefined, end: string | undefined): void {
  if (start && end && end < start) throw new CallboardError('invalid', 'endDate is before startDate', { field: 'endDate' });
}

function companyName(ctx: HandlerContext): string {
  return ctx.store.has(ORG_DOC_ID) ? ctx.store.doc<OrgDoc>(ORG_DOC_ID).company.name : '';
}

// ---- procedures ----------------------------------------------------------------------------

export const directoryProcedures = {
  'directory.createPerson': procedure({
    name: 'directory.createPerson',
    description: 'Adds a person to the cast and crew directory.',
    kind: 'mutation',
    // A new person's contact details come from whoever adds them; changing someone's
    // existing details is directory.setContact, which needs directory.contact.edit.
    input: z.object({ name: personName, ...personFields, contact: contact.optional() }).strict(),
    permission: grant(EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const [id] = createPeople(ctx.store, [input], ctx.clock.now());
      const person = getPerson(ctx.store, id!)!;
      ctx.audit({ target: `person:${id}`, summary: `Added ${person.name} to the directory`, after: person });
      return person;
    },
  }),

  'directory.updatePerson': procedure({
    name: 'directory.updatePerson',
    description: "Edits a person's profile; only the fields given change.",
    kind: 'mutation',
    input: z.object({ id: personId, name: personName.optional(), ...personFields }).strict(),
    permission: grant(EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const { id, ...patch } = input;
      const current = requireLivePerson(ctx, id, 'id');
      const diff = updatePerson(ctx.store, id, patch, ctx.clock.now());
      const fields = Object.keys(diff.after);
      ctx.audit({
        target: `person:${id}`,
        summary: fields.length ? `Edited ${current.name}: ${fields.join(', ')}` : `No change to ${current.name}`,
        before: diff.before,
        after: diff.after,
      });
      return getPerson(ctx.store, id)!;
    },
  }),

  'directory.setContact': procedure({
    name: 'directory.setContact',
    description:
      "Changes a person's private contact details (e-mail, phone, address, emergency contact); only the fields given change. The audit names the fields, never their values.",
    kind: 'mutation',
    input: z.object({ id: personId, contact }).strict(),
    permission: grant(CONTACT_EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const current = requireLivePerson(ctx, input.id, 'id');
      const diff = updatePerson(ctx.store, input.id, { contact: input.contact }, ctx.clock.now());
      const fields = (diff.after.contact as string[] | undefined) ?? [];
      ctx.audit({
        target: `person:${input.id}`,
        summary: fields.length ? `Changed contact details of ${current.name}: ${fields.join(', ')}` : `No change to the contact details of ${current.name}`,
        before: { contact: fields },
        after: { contact: fields },
      });
      return { id: input.id, changed: fields };
    },
  }),

  'directory.getPerson': procedure({
    name: 'directory.getPerson',
    description:
      'A profile with its production history. Old ids of merged people resolve to the survivor. Contact details only with directory.contact.view.',
    kind: 'query',
    input: z.object({ id: personId }).strict(),
    permission: grant('view', DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      requirePerson(ctx.store, input.id, 'id');
      const id = resolvePersonId(ctx.store, input.id);
      const person = getPerson(ctx.store, id)!;
      const mergedFrom = aliasesOf(ctx.store.db, id).filter((a) => a !== id);
      return {
        person,
        redirectedFrom: id === input.id ? null : input.id,
        mergedFrom,
        contact: canSeeContact(ctx) ? getContact(ctx.store, id) : null,
        history: personHistory(ctx.store.db, id),
      };
    },
  }),

  'directory.resolve': procedure({
    name: 'directory.resolve',
    description: 'The current id of a person, following merge redirects (for links and media tags).',
    kind: 'query',
    input: z.object({ id: personId }).strict(),
    permission: grant('view', DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      requirePerson(ctx.store, input.id, 'id');
      return { id: resolvePersonId(ctx.store, input.id) };
    },
  }),

  'directory.search': procedure({
    name: 'directory.search',
    description:
      'Searches names, alternative names and biographies (prefix as you type, accent- and misspelling-tolerant), with filters, sort and pages. Never returns contact details.',
    kind: 'query',
    input: z
      .object({
        query: z.string().max(200).default(''),
        department: department.optional(),
        productionId: productionId.optional(),
        season: z.string().trim().min(1).max(40).optional(),
        skill: z.string().trim().min(1).max(60).optional(),
        union: z.string().trim().min(1).max(60).optional(),
        sort: z.enum(['relevance', 'name']).default('relevance'),
        limit: z.number().int().min(1).max(200).default(25),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      })
      .strict(),
    permission: grant('view', DIRECTORY_SCOPE),
    handler: (input, ctx) => searchPeople(ctx.store.db, input),
  }),

  'directory.facets': procedure({
    name: 'directory.facets',
    description: 'Skills, unions, seasons, departments and the productions the caller may see, to offer as search filters; and whether the caller may edit the directory and see contact details.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: grant('view', DIRECTORY_SCOPE),
    handler: (_input, ctx) => ({
      ...facets(ctx.store.db),
      productions: listProductions(ctx.store.db)
        .filter((p) => ctx.can('view', creditsScope(p.id)))
        .map((p) => ({ id: p.id, title: p.title, season: p.season })),
      departments: DEPARTMENTS.map((d) => ({ value: d, label: DEPARTMENT_LABELS[d] })),
      // What the screens may offer the caller (the API still decides every call).
      permissions: { edit: ctx.can(EDIT, DIRECTORY_SCOPE), contactView: canSeeContact(ctx), contactEdit: canSeeContact(ctx) && ctx.can(CONTACT_EDIT, DIRECTORY_SCOPE) },
    }),
  }),

  'directory.listCredits': procedure({
    name: 'directory.listCredits',
    description: "A production's cast and crew, by department in billing order.",
    kind: 'query',
    input: z.object({ productionId }).strict(),
    permission: { action: 'view', scope: (i: { productionId: string }) => creditsScope(i.productionId) },
    handler: (input, ctx) => {
      const production = requireProduction(ctx, input.productionId);
      return { production, credits: productionCredits(ctx.store.db, input.productionId) };
    },
  }),

  'directory.addCredit': procedure({
    name: 'directory.addCredit',
    description: 'Credits a person in a production: a character for cast, a position for everyone else.',
    kind: 'mutation',
    input: z.object({ productionId, personId, department, ...creditFields }).strict(),
    permission: { action: EDIT, scope: (i: { productionId: string }) => creditsScope(i.productionId) },
    handler: (input, ctx) => {
      const production = requireProduction(ctx, input.productionId);
      const person = requireLivePerson(ctx, input.personId, 'personId');
      checkDates(input.startDate, input.endDate);
      const { productionId: pid, ...credit } = input;
      const [id] = addCredits(ctx.store, pid, [credit]);
      const after = requireCredit(ctx.store, pid, id!);
      ctx.audit({
        target: `credit:${pid}/${id}`,
        summary: `Credited ${displayName(person)} as ${after.role} (${DEPARTMENT_LABELS[after.department]}) in ${production.title}`,
        after,
      });
      return after;
    },
  }),

  'directory.updateCredit': procedure({
    name: 'directory.updateCredit',
    description: 'Edits a credit: role, department, billing, understudy/swing/standby, dates, or the person.',
    kind: 'mutation',
    input: z
      .object({ productionId, creditId, personId: personId.optional(), department: department.optional(), ...creditFields, role: creditFields.role.optional() })
      .strict(),
    permission: { action: EDIT, scope: (i: { productionId: string }) => creditsScope(i.productionId) },
    handler: (input, ctx) => {
      const production = requireProduction(ctx, input.productionId);
      const { productionId: pid, creditId: cid, ...patch } = input;
      const current = requireCredit(ctx.store, pid, cid);
      if (patch.personId) requireLivePerson(ctx, patch.personId, 'personId');
      checkDates(patch.startDate ?? current.startDate, patch.endDate ?? current.endDate);
      const { before, after } = updateCredit(ctx.store, pid, cid, patch);
      ctx.audit({ target: `credit:${pid}/${cid}`, summary: `Edited the credit ${after.role} in ${production.title}`, before, after });
      return after;
    },
  }),

  'directory.removeCredit': procedure({
    name: 'directory.removeCredit',
    description: 'Removes a credit from a production.',
    kind: 'mutation',
    input: z.object({ productionId, creditId }).strict(),
    permission: { action: EDIT, scope: (i: { productionId: string }) => creditsScope(i.productionId) },
    handler: (input, ctx) => {
      const production = requireProduction(ctx, input.productionId);
      const before = removeCredit(ctx.store, input.productionId, input.creditId);
      ctx.audit({ target: `credit:${input.productionId}/${input.creditId}`, summary: `Removed the credit ${before.role} from ${production.title}`, before });
      return { removed: input.creditId };
    },
  }),

  'directory.reorderCredits': procedure({
    name: 'directory.reorderCredits',
    description: "Sets a department's billing order: list every credit of that department, first billed first.",
    kind: 'mutation',
    input: z.object({ productionId, department, order: z.array(creditId).min(1).max(2000) }).strict(),
    permission: { action: EDIT, scope: (i: { productionId: string }) => creditsScope(i.productionId) },
    handler: (input, ctx) => {
      const production = requireProduction(ctx, input.productionId);
      reorderCredits(ctx.store, input.productionId, input.department, input.order);
      ctx.audit({
        target: `credits:${input.productionId}`,
        summary: `Reordered the ${DEPARTMENT_LABELS[input.department].toLowerCase()} billing of ${production.title}`,
        after: input.order,
      });
      return { productionId: input.productionId, department: input.department, order: input.order };
    },
  }),

  'directory.suggestDuplicates': procedure({
    name: 'directory.suggestDuplicates',
    description: 'Likely duplicate people (similar or sound-alike names, shared e-mail), best first; pairs marked "not duplicates" are left out.',
    kind: 'query',
    input: z.object({ personId: personId.optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    permission: grant('view', DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const { suggestions, skippedBlocks } = findDuplicates(ctx.store.db, input);
      // Without access to contact details, a shared e-mail is not revealed as a reason.
      if (canSeeContact(ctx)) return { suggestions, skippedBlocks };
      const visible = suggestions
        .map((s) => ({ ...s, reasons: s.reasons.filter((r) => r !== 'same email') }))
        .filter((s) => s.reasons.length > 0);
      return { suggestions: visible, skippedBlocks };
    },
  }),

  'directory.markNotDuplicates': procedure({
    name: 'directory.markNotDuplicates',
    description: 'Records that two people with similar names are different people, so they are not suggested again.',
    kind: 'mutation',
    input: z.object({ a: personId, b: personId }).strict(),
    permission: grant(EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      if (input.a === input.b) throw new CallboardError('invalid', 'Name two different people', { field: 'b' });
      const a = requireLivePerson(ctx, input.a, 'a');
      const b = requireLivePerson(ctx, input.b, 'b');
      markNotDuplicates(ctx.store, input.a, input.b);
      ctx.audit({ target: `person:${input.a}`, summary: `Marked ${a.name} (${a.id}) and ${b.name} (${b.id}) as different people` });
      return { a: input.a, b: input.b };
    },
  }),

  'directory.merge': procedure({
    name: 'directory.merge',
    description:
      'Merges a duplicate (source) into the person kept (target): credits move, empty fields are filled, the other name becomes an alternative name, and the old id redirects. Reversible with directory.unmerge.',
    kind: 'mutation',
    input: z.object({ sourceId: personId, targetId: personId }).strict(),
    permission: grant(EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const summary = mergePeople(ctx.store, input.sourceId, input.targetId, ctx.clock.now(), ctx.principal.userId);
      const source = getPerson(ctx.store, input.sourceId)!;
      const target = getPerson(ctx.store, input.targetId)!;
      ctx.audit({
        target: `person:${input.targetId}`,
        summary: `Merged ${source.name} (${source.id}) into ${target.name} (${target.id}): ${summary.movedCredits} credit(s) moved${summary.filled.length ? `, filled ${summary.filled.join(', ')}` : ''}`,
        after: { ...summary, contactFilled: summary.contactFilled },
      });
      return summary;
    },
  }),

  'directory.unmerge': procedure({
    name: 'directory.unmerge',
    description: 'Undoes a merge: the merged-away person comes back with their credits; what the merge added to the survivor is removed where unchanged since.',
    kind: 'mutation',
    input: z.object({ id: personId }).strict(),
    permission: grant(EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const result = unmergePerson(ctx.store, input.id, ctx.clock.now());
      const source = getPerson(ctx.store, input.id)!;
      ctx.audit({ target: `person:${input.id}`, summary: `Unmerged ${source.name} (${input.id}) from ${result.targetId}: ${result.restoredCredits} credit(s) restored`, after: result });
      return result;
    },
  }),

  'directory.import': procedure({
    name: 'directory.import',
    description:
      'Imports people and credits from CSV or JSON. Without confirm it only previews: per-row errors by row number and possible duplicates, nothing written. With confirm it imports (refused while rows have errors unless skipInvalid).',
    kind: 'mutation',
    input: z
      .object({
        format: z.enum(['csv', 'json']),
        data: z.string().min(1, 'the file is empty').max(20_000_000),
        confirm: z.boolean().default(false),
        skipInvalid: z.boolean().default(false),
        decisions: z
          .array(z.object({ row: z.number().int().min(1), action: z.enum(['create', 'link', 'skip']), personId: personId.optional() }).strict())
          .max(20_000)
          .default([]),
      })
      .strict(),
    permission: grant(EDIT, DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      const plan = planImport(ctx.store, input.format, input.data, { decisions: input.decisions, useEmail: canSeeContact(ctx) });
      const preview = { rows: plan.rows, ignoredColumns: plan.ignoredColumns, summary: plan.summary };
      if (!input.confirm) {
        ctx.audit({ summary: `Previewed a ${input.format.toUpperCase()} import of ${plan.summary.rows} row(s); nothing written` });
        return { imported: false, ...preview, created: [] as string[], creditsAdded: 0 };
      }
      if (plan.summary.errors > 0 && !input.skipInvalid) {
        const bad = plan.rows.filter((r) => r.status === 'error');
        throw new CallboardError('invalid', `${bad.length} row(s) have errors (first: row ${bad[0]!.row}: ${bad[0]!.errors[0]!.field} ${bad[0]!.errors[0]!.message}); fix them or pass skipInvalid`, {
          field: 'data',
          rows: bad.slice(0, 100).map((r) => ({ row: r.row, errors: r.errors })),
        });
      }
      const result = runImport(ctx.store, plan, ctx.clock.now());
      ctx.audit({
        target: 'directory',
        summary: `Imported ${input.format.toUpperCase()}: ${result.created.length} new people, ${result.credits} credit(s), ${plan.summary.skipped + plan.summary.errors} row(s) skipped`,
      });
      return { imported: true, ...preview, created: result.created, creditsAdded: result.credits };
    },
  }),

  'directory.export': procedure({
    name: 'directory.export',
    description: 'Exports people and their credits as CSV or JSON. Contact details only with includeContact and directory.contact.view.',
    kind: 'query',
    input: z.object({ format: z.enum(['csv', 'json']), includeContact: z.boolean().default(false), productionId: productionId.optional() }).strict(),
    permission: grant('view', DIRECTORY_SCOPE),
    handler: (input, ctx) => {
      if (input.productionId) requireProduction(ctx, input.productionId);
      return exportDirectory(ctx.store, {
        format: input.format,
        includeContact: input.includeContact && canSeeContact(ctx),
        ...(input.productionId ? { productionId: input.productionId } : {}),
        exportedAt: new Date(ctx.clock.now()).toISOString(),
      });
    },
  }),

  'directory.program': procedure({
    name: 'directory.program',
    description:
      "A production's program: cast in billing order, crew by department, biographies. As print-ready HTML, PDF (base64) or a JSON feed. Never includes contact details.",
    kind: 'query',
    input: z.object({ productionId, format: z.enum(['html', 'pdf', 'json']).default('html') }).strict(),
    permission: { action: 'view', scope: (i: { productionId: string }) => creditsScope(i.productionId) },
    handler: async (input, ctx) => {
      const production = requireProduction(ctx, input.productionId);
      const data = buildProgram(ctx.store, production, companyName(ctx));
      if (input.format === 'json') return { format: 'json' as const, program: data };
      if (input.format === 'html') return { format: 'html' as const, html: programHtml(data) };
      const pdf = await programPdf(data, ctx.clock.now());
      return { format: 'pdf' as const, base64: Buffer.from(pdf).toString('base64'), bytes: pdf.byteLength };
    },
  }),
};
