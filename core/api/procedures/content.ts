import { z } from 'zod';
import { POLICY_DOC_ID, type PolicyDoc } from '../../auth/model.ts';
import { addBlock, changedSincePublish, createPage, deletePage, getPage, moveBlock, removeBlock, sectionDoc, setStatus, updateBlock, updatePage } from '../../content/pages.ts';
import { PAGE_STATUSES, sectionDocId, sectionScope, TEXT_STYLES, type BlockContent } from '../../content/model.ts';
import { ORG_DOC_ID, ORG_SCOPE, type OrgDoc } from '../../content/org.ts';
import { pendingByPage, pendingChanges } from '../../content/presence.ts';
import { listPages } from '../../content/projection.ts';
import { comparePage, pageHistory, restorePage } from '../../content/revisions.ts';
import { createSection, deleteSection, listSections, requireSection, updateSection } from '../../content/sections.ts';
import { ContentService } from '../../content/service.ts';
import { buildSite, previewPage } from '../../content/site/build.ts';
import { writeSiteAtomically } from '../../content/site/write.ts';
import { assertContrast, checkContrast, COLOR_NAMES, FONT_IDS, FONTS, HEX, toTheme, toThemeRecord, TYPE_SCALE_LIMITS, type Palette } from '../../content/theme.ts';
import { References } from '../../content/references.ts';
import { CallboardError } from '../../errors.ts';
import { grant, procedure, type HandlerContext } from '../procedure.ts';

declare module '../services.ts' {
  interface Services {
    content: ContentService;
  }
}

// ---- schemas ------------------------------------------------------------------------------

const BIG = 1_000_000;
const sectionId = z.string().trim().min(1).max(64);
const pageId = z.string().trim().min(1).max(64);
const blockId = z.string().trim().min(1).max(64);
const text = (max = BIG) => z.string().max(max);
const idRef = z.string().trim().min(1).max(200);
const span = z
  .object({ text: text(), bold: z.boolean().optional(), italic: z.boolean().optional(), link: z.string().max(BIG).optional() })
  .strict();
const spans = z.array(span).max(100_000);
const mediaRef = z.object({ productionId: idRef, assetId: idRef }).strict();

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: text(), level: z.union([z.literal(2), z.literal(3)]).default(2) }).strict(),
  z.object({ type: z.literal('text'), style: z.enum(TEXT_STYLES).default('paragraph'), spans }).strict(),
  z.object({ type: z.literal('image'), asset: mediaRef, caption: text().default(''), alt: text().default('') }).strict(),
  z.object({ type: z.literal('video'), asset: mediaRef, caption: text().default('') }).strict(),
  z.object({ type: z.literal('castList'), productionId: idRef, title: text().default('') }).strict(),
  z.object({ type: z.literal('schedule'), productionId: idRef, title: text().default('') }).strict(),
  z.object({ type: z.literal('ticketLink'), performanceId: idRef, label: text().default('') }).strict(),
  z.object({ type: z.literal('gallery'), galleryProductionId: idRef.nullable(), galleryId: idRef, title: text().default('') }).strict(),
  z
    .object({
      type: z.literal('callout'),
      tone: z.enum(['info', 'highlight']).default('info'),
      title: text().default(''),
      spans: spans.default([]),
      linkLabel: text().default(''),
      linkUrl: z.string().max(BIG).default(''),
    })
    .strict(),
]);

const pageKey = { sectionId, pageId };
const onSection = (action: string) => ({ action, scope: (i: { sectionId: string }) => sectionScope(i.sectionId) });
const EDIT = 'content.edit';
const PUBLISH = 'content.publish';

function actor(ctx: HandlerContext) {
  return { userId: ctx.principal.userId, now: ctx.clock.now() };
}

function userNames(ctx: HandlerContext): (id: string | null) => string | null {
  const users = ctx.store.has(POLICY_DOC_ID) ? ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).users : {};
  return (id) => (id === null ? null : Object.hasOwn(users, id) ? users[id]!.name : id);
}

function roleExists(ctx: HandlerContext, role: string): boolean {
  const roles = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).roles;
  return Object.hasOwn(roles, role);
}

function checkOwnerRole(ctx: HandlerContext, role: string | null | undefined): void {
  if (role && !roleExists(ctx, role)) throw new CallboardError('invalid', `ownerRole: no role "${role}"`, { field: 'ownerRole', issues: [{ field: 'ownerRole', message: `no role "${role}"` }] });
}

function pageView(ctx: HandlerContext, sectionIdValue: string, pageIdValue: string) {
  const page = getPage(ctx.store, sectionIdValue, pageIdValue);
  const name = userNames(ctx);
  const doc = sectionDoc(ctx.store, sectionIdValue);
  return {
    ...page,
    updatedByName: name(page.updatedBy),
    publishedByName: name(page.publishedBy),
    submittedByName: name(page.submittedBy),
    changedSincePublish: changedSincePublish(ctx.store, doc, sectionIdValue, pageIdValue),
    pendingChanges: pendingChanges(ctx.store, sectionDocId(sectionIdValue), pageIdValue),
    canEdit: ctx.can(EDIT, sectionScope(sectionIdValue)),
    canPublish: ctx.can(PUBLISH, sectionScope(sectionIdValue)),
  };
}

const themeInput = z
  .object({
    companyName: z.string().trim().min(1).max(200).optional(),
    logo: mediaRef.nullable().optional(),
    palette: z.object(Object.fromEntries(COLOR_NAMES.map((n) => [n, z.string().regex(HEX, 'use #rrggbb').optional()])) as Record<(typeof COLOR_NAMES)[number], z.ZodOptional<z.ZodString>>).strict().optional(),
    typeScale: z
      .object({
        base: z.number().min(TYPE_SCALE_LIMITS.base[0]).max(TYPE_SCALE_LIMITS.base[1]).optional(),
        ratio: z.number().min(TYPE_SCALE_LIMITS.ratio[0]).max(TYPE_SCALE_LIMITS.ratio[1]).optional(),
      })
      .strict()
      .optional(),
    fonts: z.object({ display: z.enum(FONT_IDS as [string, ...string[]]).optional(), body: z.enum(FONT_IDS as [string, ...string[]]).optional() }).strict().optional(),
  })
  .strict();

function currentTheme(ctx: HandlerContext) {
  const org = ctx.store.doc<OrgDoc>(ORG_DOC_ID);
  return toTheme(org.theme, org.company.name);
}

// ---- procedures ---------------------------------------------------------------------------

export const contentProcedures = {
  'sections.list': procedure({
    name: 'sections.list',
    description: 'The website sections you may see (tree order, with parent, owner role, page counts and whether you may edit or publish).',
    kind: 'query',
    input: z.object({}).strict(),
    permission: 'authenticated',
    handler: (_i, ctx) => {
      const roles = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).roles;
      const counts = new Map<string, { pages: number; published: number; inReview: number }>();
      for (const p of listPages(ctx.store.db)) {
        const c = counts.get(p.sectionId) ?? { pages: 0, published: 0, inReview: 0 };
        c.pages++;
        if (p.published) c.published++;
        if (p.status === 'in_review') c.inReview++;
        counts.set(p.sectionId, c);
      }
      return listSections(ctx.store)
        .filter((s) => ctx.can('view', sectionScope(s.id)))
        .map((s) => ({
          ...s,
          pendingChanges: pendingChanges(ctx.store, sectionDocId(s.id)),
          ownerRoleName: s.ownerRole && Object.hasOwn(roles, s.ownerRole) ? roles[s.ownerRole]!.name : s.ownerRole,
          ...(counts.get(s.id) ?? { pages: 0, published: 0, inReview: 0 }),
          canEdit: ctx.can(EDIT, sectionScope(s.id)),
          canPublish: ctx.can(PUBLISH, sectionScope(s.id)),
        }));
    },
  }),
  'sections.create': procedure({
    name: 'sections.create',
    description: 'Adds a website section (and its document) to the registry, with an optional parent and owner role.',
    kind: 'mutation',
    input: z
      .object({ id: z.string().trim().min(1).max(64), title: z.string().max(BIG), parent: sectionId.nullable().default(null), description: z.string().max(BIG).default(''), ownerRole: z.string().trim().max(64).nullable().default(null) })
      .strict(),
    permission: grant('org.manage', ORG_SCOPE),
    handler: (input, ctx) => {
      checkOwnerRole(ctx, input.ownerRole);
      const s = createSection(ctx.store, input, actor(ctx));
      ctx.audit({ target: sectionScope(s.id), summary: `Created section "${s.title}"${s.ownerRole ? ` owned by ${s.ownerRole}` : ''}`, after: s });
      return s;
    },
  }),
  'sections.update': procedure({
    name: 'sections.update',
    description: "Changes a section's title, description, parent, owner role or position.",
    kind: 'mutation',
    input: z
      .object({
        sectionId,
        title: z.string().max(BIG).optional(),
        description: z.string().max(BIG).optional(),
        parent: sectionId.nullable().optional(),
        ownerRole: z.string().trim().max(64).nullable().optional(),
        position: z.number().finite().optional(),
      })
      .strict(),
    permission: grant('org.manage', ORG_SCOPE),
    handler: (input, ctx) => {
      checkOwnerRole(ctx, input.ownerRole);
      const { sectionId: id, ...patch } = input;
      const { before, after } = updateSection(ctx.store, id, patch, actor(ctx));
      ctx.audit({ target: sectionScope(id), summary: `Changed section "${after.title}"`, before, after });
      return after;
    },
  }),
  'sections.delete': procedure({
    name: 'sections.delete',
    description: 'Removes an empty section from the registry.',
    kind: 'mutation',
    input: z.object({ sectionId }).strict(),
    permission: grant('org.manage', ORG_SCOPE),
    handler: (input, ctx) => {
      const before = deleteSection(ctx.store, input.sectionId, actor(ctx));
      ctx.audit({ target: sectionScope(input.sectionId), summary: `Deleted section "${before.title}"`, before });
      return { deleted: input.sectionId };
    },
  }),

  'pages.list': procedure({
    name: 'pages.list',
    description: 'Pages of one section, or of every section you may see (title, slug, status).',
    kind: 'query',
    input: z.object({ sectionId: sectionId.optional(), status: z.enum(PAGE_STATUSES).optional() }).strict(),
    permission: 'authenticated',
    handler: (input, ctx) => {
      if (input.sectionId !== undefined) requireSection(ctx.store, input.sectionId);
      const name = userNames(ctx);
      const pending = new Map<string, Map<string, number> | null>();
      const pendingOf = (sectionIdValue: string, pageIdValue: string): number | null => {
        if (!pending.has(sectionIdValue)) pending.set(sectionIdValue, pendingByPage(ctx.store, sectionDocId(sectionIdValue)));
        const byPage = pending.get(sectionIdValue);
        return byPage ? (byPage.get(pageIdValue) ?? 0) : null;
      };
      return listPages(ctx.store.db, { ...(input.sectionId ? { sectionId: input.sectionId } : {}), ...(input.status ? { status: input.status } : {}) })
        .filter((p) => ctx.can('view', sectionScope(p.sectionId)))
        .map((p) => ({ ...p, updatedByName: name(p.updatedBy), pendingChanges: pendingOf(p.sectionId, p.pageId) }));
    },
  }),
  'pages.get': procedure({
    name: 'pages.get',
    description: 'One page with its blocks (rich text as spans), status, whether it changed since publishing, and edits not yet synced.',
    kind: 'query',
    input: z.object(pageKey).strict(),
    permission: onSection('view'),
    handler: (input, ctx) => pageView(ctx, input.sectionId, input.pageId),
  }),
  'pages.create': procedure({
    name: 'pages.create',
    description: 'Creates a draft page in a section (slug from the title unless given; slugs are unique across the site).',
    kind: 'mutation',
    input: z.object({ sectionId, title: z.string().max(BIG), slug: z.string().max(200).optional(), blocks: z.array(blockSchema).max(10_000).optional() }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const page = createPage(ctx.store, input.sectionId, { title: input.title, slug: input.slug, blocks: input.blocks as BlockContent[] | undefined }, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${page.id}`, summary: `Created page "${page.title}" (/${page.slug}) in ${input.sectionId}`, after: { title: page.title, slug: page.slug, blocks: page.blocks.length } });
      return page;
    },
  }),
  'pages.update': procedure({
    name: 'pages.update',
    description: "Changes a page's title or slug.",
    kind: 'mutation',
    input: z.object({ ...pageKey, title: z.string().max(BIG).optional(), slug: z.string().max(200).optional() }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const { before, after } = updatePage(ctx.store, input.sectionId, input.pageId, input, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Changed page "${after.title}"`, before: { title: before.title, slug: before.slug }, after: { title: after.title, slug: after.slug } });
      return after;
    },
  }),
  'pages.delete': procedure({
    name: 'pages.delete',
    description: 'Deletes an unpublished page (its history stays in the section document).',
    kind: 'mutation',
    input: z.object(pageKey).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const before = deletePage(ctx.store, input.sectionId, input.pageId, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Deleted page "${before.title}"`, before: { title: before.title, slug: before.slug } });
      return { deleted: input.pageId };
    },
  }),
  'pages.addBlock': procedure({
    name: 'pages.addBlock',
    description: 'Adds a block to a page, after the given block (null: first; omitted: last). References to media, productions and performances are checked.',
    kind: 'mutation',
    input: z.object({ ...pageKey, block: blockSchema, after: blockId.nullable().optional() }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const block = addBlock(ctx.store, input.sectionId, input.pageId, input.block as BlockContent, input.after, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Added a ${block.type} block`, after: block });
      return block;
    },
  }),
  'pages.updateBlock': procedure({
    name: 'pages.updateBlock',
    description: "Replaces a block's content (same type); text changes are applied as minimal edits so concurrent edits merge.",
    kind: 'mutation',
    input: z.object({ ...pageKey, blockId, block: blockSchema }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const { before, after } = updateBlock(ctx.store, input.sectionId, input.pageId, input.blockId, input.block as BlockContent, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Edited a ${after.type} block`, before, after });
      return after;
    },
  }),
  'pages.moveBlock': procedure({
    name: 'pages.moveBlock',
    description: 'Moves a block to just after another (null: to the top).',
    kind: 'mutation',
    input: z.object({ ...pageKey, blockId, after: blockId.nullable() }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const page = moveBlock(ctx.store, input.sectionId, input.pageId, input.blockId, input.after, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Moved a block on "${page.title}"` });
      return page;
    },
  }),
  'pages.removeBlock': procedure({
    name: 'pages.removeBlock',
    description: 'Removes a block from a page.',
    kind: 'mutation',
    input: z.object({ ...pageKey, blockId }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const before = removeBlock(ctx.store, input.sectionId, input.pageId, input.blockId, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Removed a ${before.type} block`, before });
      return { removed: input.blockId };
    },
  }),
  'pages.submit': procedure({
    name: 'pages.submit',
    description: 'Asks for review: the page waits for someone who may publish the section.',
    kind: 'mutation',
    input: z.object(pageKey).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const r = setStatus(ctx.store, input.sectionId, input.pageId, 'in_review', actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: 'Submitted a page for review', before: { status: r.before }, after: { status: r.after } });
      return pageView(ctx, input.sectionId, input.pageId);
    },
  }),
  'pages.withdraw': procedure({
    name: 'pages.withdraw',
    description: 'Takes a page out of review, back to draft.',
    kind: 'mutation',
    input: z.object(pageKey).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const page = getPage(ctx.store, input.sectionId, input.pageId);
      if (page.status !== 'in_review') throw new CallboardError('conflict', 'Only a page in review can be withdrawn', { field: 'status', status: page.status });
      const r = setStatus(ctx.store, input.sectionId, input.pageId, 'draft', actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: 'Withdrew a page from review', before: { status: r.before }, after: { status: r.after } });
      return pageView(ctx, input.sectionId, input.pageId);
    },
  }),
  'pages.publish': procedure({
    name: 'pages.publish',
    description: 'Publishes the page as it is now; the website shows this version until the next publish.',
    kind: 'mutation',
    input: z.object(pageKey).strict(),
    permission: onSection(PUBLISH),
    handler: (input, ctx) => {
      const r = setStatus(ctx.store, input.sectionId, input.pageId, 'published', actor(ctx));
      const page = getPage(ctx.store, input.sectionId, input.pageId);
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Published "${page.title}" at /${page.slug}`, before: { status: r.before }, after: { status: r.after } });
      return pageView(ctx, input.sectionId, input.pageId);
    },
  }),
  'pages.unpublish': procedure({
    name: 'pages.unpublish',
    description: 'Takes a page off the website (back to draft), or sends a page in review back to draft.',
    kind: 'mutation',
    input: z.object(pageKey).strict(),
    permission: onSection(PUBLISH),
    handler: (input, ctx) => {
      const r = setStatus(ctx.store, input.sectionId, input.pageId, 'draft', actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: r.before === 'published' ? 'Unpublished a page' : 'Returned a page to draft', before: { status: r.before }, after: { status: r.after } });
      return pageView(ctx, input.sectionId, input.pageId);
    },
  }),
  'pages.history': procedure({
    name: 'pages.history',
    description: "A page's revisions, newest first: who changed what and when (from the document's history).",
    kind: 'query',
    input: z.object({ ...pageKey, limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    permission: onSection('view'),
    handler: (input, ctx) => {
      getPage(ctx.store, input.sectionId, input.pageId);
      const name = userNames(ctx);
      return pageHistory(ctx.store, input.sectionId, input.pageId, input.limit).map((r) => ({ ...r, userName: name(r.userId) }));
    },
  }),
  'pages.compare': procedure({
    name: 'pages.compare',
    description: 'What changed on a page between two revisions: title and slug, blocks added, removed, moved and changed (with a word diff of their text).',
    kind: 'query',
    input: z.object({ ...pageKey, from: z.string().trim().max(64), to: z.string().trim().max(64) }).strict(),
    permission: onSection('view'),
    handler: (input, ctx) => comparePage(ctx.store, input.sectionId, input.pageId, input.from, input.to),
  }),
  'pages.restore': procedure({
    name: 'pages.restore',
    description: "Restores a page's content to a revision, as a new change (history is kept).",
    kind: 'mutation',
    input: z.object({ ...pageKey, revision: z.string().trim().max(64) }).strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      const r = restorePage(ctx.store, input.sectionId, input.pageId, input.revision, actor(ctx));
      ctx.audit({ target: `page:${input.sectionId}/${input.pageId}`, summary: `Restored "${r.after.title}" to revision ${input.revision.slice(0, 12)}`, before: { title: r.before.title, blocks: r.before.blocks.length }, after: { title: r.after.title, blocks: r.after.blocks.length, revision: input.revision } });
      return pageView(ctx, input.sectionId, input.pageId);
    },
  }),
  'pages.presence': procedure({
    name: 'pages.presence',
    description: 'Reports that you have the page open (editing: true, every few seconds) or closed it, and returns who else is editing it now.',
    kind: 'query',
    input: z.object({ ...pageKey, editing: z.boolean().default(true), blockId: blockId.nullable().default(null) }).strict(),
    permission: onSection('view'),
    handler: (input, ctx) => {
      getPage(ctx.store, input.sectionId, input.pageId);
      const me = ctx.principal.userId;
      const name = userNames(ctx)(me) ?? me;
      const present = ctx.services.content.presence.report(input.sectionId, input.pageId, { userId: me, name }, input.editing && ctx.can(EDIT, sectionScope(input.sectionId)), input.blockId);
      return { ttlMs: ctx.services.content.presence.ttlMs, others: present.filter((p) => p.userId !== me), me: present.find((p) => p.userId === me) ?? null };
    },
  }),

  'pages.blockOptions': procedure({
    name: 'pages.blockOptions',
    description:
      'What a block may refer to, for the page editor\'s pickers: images or videos from the media gallery (of one production or any), productions (cast lists, schedules), box office performances (ticket links) or galleries. Needs content.edit on the section.',
    kind: 'query',
    input: z
      .object({
        sectionId,
        kind: z.enum(['image', 'video', 'production', 'performance', 'gallery']),
        productionId: idRef.nullable().default(null),
        query: z.string().trim().max(200).default(''),
      })
      .strict(),
    permission: onSection(EDIT),
    handler: (input, ctx) => {
      requireSection(ctx.store, input.sectionId);
      const refs = new References(ctx.store.db);
      const productions = refs.productions().map((p) => ({ id: p.id, title: p.title, season: p.season }));
      const titleOf = new Map(productions.map((p) => [p.id, p.title]));
      const q = input.query.toLowerCase();
      const matches = (...fields: string[]) => q === '' || fields.join(' ').toLowerCase().includes(q);
      let options: Array<{ id: string; productionId: string | null; label: string; detail: string; published: boolean; alt: string }> = [];
      if (input.kind === 'image' || input.kind === 'video') {
        options = refs.assets({ kind: input.kind, productionId: input.productionId, query: input.query }).map((a) => ({
          id: a.id,
          productionId: a.productionId,
          label: a.title || a.caption || a.id,
          detail: [titleOf.get(a.productionId) ?? a.productionId, a.embed ? a.embed.provider : null, a.published ? null : 'not published: hidden on the website'].filter(Boolean).join(' · '),
          published: a.published,
          alt: a.alt,
        }));
      } else if (input.kind === 'production') {
        options = productions
          .filter((p) => !input.productionId || p.id === input.productionId)
          .filter((p) => matches(p.title, p.id, p.season))
          .map((p) => ({ id: p.id, productionId: p.id, label: p.title, detail: p.season, published: true, alt: '' }));
      } else if (input.kind === 'performance') {
        const zone = ctx.store.doc<OrgDoc>(ORG_DOC_ID).company.timeZone || 'UTC';
        const when = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
        options = refs
          .performances(input.productionId)
          .filter((p) => p.status !== 'cancelled' && matches(p.title, titleOf.get(p.productionId) ?? ''))
          .map((p) => ({ id: p.id, productionId: p.productionId, label: `${titleOf.get(p.productionId) ?? p.productionId}: ${p.title}`, detail: when.format(new Date(p.startsAt)), published: true, alt: '' }));
      } else {
        options = refs
          .galleries()
          .filter((g) => !input.productionId || g.productionId === input.productionId)
          .filter((g) => matches(g.title))
          .map((g) => ({ id: g.id, productionId: g.productionId, label: g.title, detail: `${g.productionId ? (titleOf.get(g.productionId) ?? g.productionId) : 'Company-wide'} · ${g.items} item${g.items === 1 ? '' : 's'}`, published: true, alt: '' }));
      }
      return { kind: input.kind, productions, options };
    },
  }),
  'theme.get': procedure({
    name: 'theme.get',
    description: 'The brand: company name, logo, palette (with its contrast check), type scale, fonts and the font catalogue.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: 'authenticated',
    handler: (_i, ctx) => {
      const theme = currentTheme(ctx);
      return { theme, contrast: checkContrast(theme.palette), fonts: FONT_IDS.map((id) => ({ id, label: FONTS[id].label, stack: FONTS[id].stack })), colorNames: [...COLOR_NAMES] };
    },
  }),
  'theme.checkContrast': procedure({
    name: 'theme.checkContrast',
    description: 'Checks a palette against WCAG AA (4.5:1 for every text pair) without saving it.',
    kind: 'query',
    input: z.object({ palette: z.object(Object.fromEntries(COLOR_NAMES.map((n) => [n, z.string().regex(HEX, 'use #rrggbb')])) as Record<(typeof COLOR_NAMES)[number], z.ZodString>).strict() }).strict(),
    permission: 'authenticated',
    handler: (input) => checkContrast(input.palette as Palette),
  }),
  'theme.update': procedure({
    name: 'theme.update',
    description: 'Changes the brand. A palette whose text pairs fail WCAG AA contrast is refused with the failing pairs named; a logo must be a media image.',
    kind: 'mutation',
    input: themeInput,
    permission: grant('theme.manage', 'theme'),
    handler: (input, ctx) => {
      const before = currentTheme(ctx);
      const next = {
        ...before,
        ...(input.companyName !== undefined ? { companyName: input.companyName } : {}),
        ...(input.logo !== undefined ? { logo: input.logo } : {}),
        palette: { ...before.palette, ...Object.fromEntries(Object.entries(input.palette ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v!.toLowerCase()])) } as Palette,
        typeScale: { ...before.typeScale, ...Object.fromEntries(Object.entries(input.typeScale ?? {}).filter(([, v]) => v !== undefined)) },
        fonts: { ...before.fonts, ...Object.fromEntries(Object.entries(input.fonts ?? {}).filter(([, v]) => v !== undefined)) } as typeof before.fonts,
        updatedAt: ctx.clock.now(),
        updatedBy: ctx.principal.userId,
      };
      if (next.logo) {
        const asset = new References(ctx.store.db).asset(next.logo);
        if (!asset) throw new CallboardError('invalid', `logo: no media asset ${next.logo.assetId}`, { field: 'logo', issues: [{ field: 'logo', message: 'no such media asset' }] });
        if (!asset.mime.startsWith('image/')) throw new CallboardError('invalid', 'logo: the logo must be an image', { field: 'logo' });
      }
      const contrast = assertContrast(next.palette);
      ctx.store.change<OrgDoc>(ORG_DOC_ID, (d) => {
        d.theme = toThemeRecord(next);
      }, { message: JSON.stringify({ u: ctx.principal.userId, s: 'Changed the theme' }) });
      ctx.audit({ target: 'theme', summary: 'Changed the theme', before, after: next });
      return { theme: currentTheme(ctx), contrast };
    },
  }),

  'site.preview': procedure({
    name: 'site.preview',
    description: 'One page rendered with the website templates (its current draft, or the published version), as a standalone HTML document for a sandboxed preview.',
    kind: 'query',
    input: z.object({ ...pageKey, published: z.boolean().default(false) }).strict(),
    permission: onSection('view'),
    handler: (input, ctx) => {
      getPage(ctx.store, input.sectionId, input.pageId);
      const doc = previewPage(ctx.store, input.sectionId, input.pageId, { published: input.published });
      if (doc === undefined) throw new CallboardError('not_found', 'This page has no published version yet', { field: 'published' });
      return { html: doc };
    },
  }),
  'site.render': procedure({
    name: 'site.render',
    description: 'Renders the website (published pages, productions with cast and schedule, galleries) and returns its files and the media it shows, without writing anything.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: { action: PUBLISH, scope: () => 'section:*' },
    handler: (_i, ctx) => {
      const b = buildSite(ctx.store);
      return { files: b.files, media: b.media, pages: b.pages, productions: b.productions };
    },
  }),
  'site.build': procedure({
    name: 'site.build',
    description: "Builds the website into the data folder's site/ (served by the daemon at /site/), replacing the previous build atomically.",
    kind: 'mutation',
    input: z.object({}).strict(),
    permission: { action: PUBLISH, scope: () => 'section:*' },
    handler: (_i, ctx) => {
      const b = buildSite(ctx.store);
      const dir = ctx.services.content.siteDir;
      writeSiteAtomically(dir, b, ctx.clock.now());
      const files = Object.keys(b.files).length;
      ctx.audit({ target: 'site', summary: `Built the website: ${b.pages} pages, ${b.productions} productions, ${files} files, ${b.media.length} media files` });
      return { dir, files, pages: b.pages, productions: b.productions, media: b.media.length };
    },
  }),
  'site.mediaFile': procedure({
    name: 'site.mediaFile',
    description: 'The bytes (base64) of one media file the built website shows (published media only).',
    kind: 'query',
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    permission: { action: PUBLISH, scope: () => 'section:*' },
    handler: async (input, ctx) => {
      const item = buildSite(ctx.store).media.find((m) => m.hash === input.hash);
      if (!item) throw new CallboardError('not_found', 'The website shows no media file with this hash', { field: 'hash' });
      const bytes = await readBlob(ctx, input.hash);
      if (!bytes) throw new CallboardError('not_found', 'This replica does not hold the media file', { field: 'hash' });
      return { mime: item.mime, base64: bytes.toString('base64') };
    },
  }),
};

interface BlobReader {
  blobs: { get(hash: never): Promise<AsyncIterable<Uint8Array>>; has(hash: never): Promise<boolean> };
}

/** Reads a blob through the media module when this store has it. */
export async function readBlob(ctx: { services: object }, hash: string): Promise<Buffer | undefined> {
  const media = (ctx.services as { media?: BlobReader }).media;
  if (!media) return undefined;
  if (!(await media.blobs.has(hash as never))) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of await media.blobs.get(hash as never)) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

