import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProcedureOutput } from '../../api/types.ts';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { ScreenHeader } from '../../shell/ScreenHeader.tsx';
import { Tabs, type TabDef } from '../people/Tabs.tsx';
import { PageEditor } from './PageEditor.tsx';
import { ThemeSettings } from './ThemeSettings.tsx';

export type SectionRow = ProcedureOutput<'sections.list'>[number];
export type PageRow = ProcedureOutput<'pages.list'>[number];

type TabId = 'sections' | 'theme';
const TABS: readonly TabDef<TabId>[] = [
  { id: 'sections', label: 'Sections and pages' },
  { id: 'theme', label: 'Theme' },
];

export const STATUS_LABEL: Record<string, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' };

/** Edits made on this device that no other device has acknowledged yet (null: this device does not sync). */
export function PendingBadge({ count }: { count: number | null }) {
  if (!count) return null;
  return (
    <span className="badge badge-pending" title="Made on this device and not yet received by any other device or the server">
      {count} {count === 1 ? 'edit' : 'edits'} pending sync
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status-pill page-status page-status-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

/** The website: the section tree with owners, each section's pages, the page editor, and the theme. */
export function SectionsScreen() {
  const [tab, setTab] = useState<TabId>('sections');
  const [open, setOpen] = useState<{ sectionId: string; pageId: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <section className="screen sections-screen">
      <ScreenHeader title="Sections">
        <p>The parts of the company website, each edited by the people it is granted to.</p>
      </ScreenHeader>
      <Tabs label="Website" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'sections' &&
          (open ? <PageEditor sectionId={open.sectionId} pageId={open.pageId} onClose={() => setOpen(null)} /> : <SectionsBrowser selected={selected} onSelect={setSelected} onOpen={(sectionId, pageId) => setOpen({ sectionId, pageId })} />)}
        {tab === 'theme' && <ThemeSettings />}
      </Tabs>
    </section>
  );
}

/** Sections in tree order: children listed under their parent. */
export function sectionTree(sections: readonly SectionRow[]): Array<SectionRow & { children: SectionRow[] }> {
  const ids = new Set(sections.map((s) => s.id));
  const roots = sections.filter((s) => s.parent === null || !ids.has(s.parent));
  const build = (s: SectionRow, seen: Set<string>): SectionRow & { children: SectionRow[] } => ({
    ...s,
    children: sections.filter((c) => c.parent === s.id && !seen.has(c.id)).map((c) => build(c, new Set([...seen, c.id]))),
  });
  return roots.map((r) => build(r, new Set([r.id])));
}

function SectionsBrowser({ selected, onSelect, onOpen }: { selected: string | null; onSelect: (id: string) => void; onOpen: (sectionId: string, pageId: string) => void }) {
  const sections = useApiQuery('sections.list', {});
  return (
    <QueryState query={sections} what="sections">
      {(list) => {
        if (list.length === 0) return <p className="empty-state">No sections yet. The company manager creates them (API: sections.create).</p>;
        const current = list.find((s) => s.id === selected) ?? list[0]!;
        return (
          <div className="sections-layout">
            <nav aria-label="Sections">
              <SectionList items={sectionTree(list)} current={current.id} onSelect={onSelect} label="Website sections" />
            </nav>
            <SectionPages section={current} onOpen={onOpen} />
          </div>
        );
      }}
    </QueryState>
  );
}

function SectionList({ items, current, onSelect, label }: { items: Array<SectionRow & { children?: SectionRow[] }>; current: string; onSelect: (id: string) => void; label: string }) {
  return (
    <ul className="section-tree" aria-label={label}>
      {items.map((s) => (
        <li key={s.id}>
          <button type="button" className={`section-node${s.id === current ? ' is-current' : ''}`} aria-current={s.id === current ? 'true' : undefined} onClick={() => onSelect(s.id)}>
            <span className="section-node-title">{s.title}</span>
            <span className="hint">
              {s.ownerRoleName ? `Owner: ${s.ownerRoleName}` : 'No owner role'} · {s.pages} {s.pages === 1 ? 'page' : 'pages'}
              {s.inReview > 0 ? ` · ${s.inReview} in review` : ''}
            </span>
            <PendingBadge count={s.pendingChanges} />
          </button>
          {'children' in s && s.children && s.children.length > 0 && <SectionList items={s.children as Array<SectionRow & { children?: SectionRow[] }>} current={current} onSelect={onSelect} label={`Sections under ${s.title}`} />}
        </li>
      ))}
    </ul>
  );
}

function SectionPages({ section, onOpen }: { section: SectionRow; onOpen: (sectionId: string, pageId: string) => void }) {
  const pages = useApiQuery('pages.list', { sectionId: section.id });
  return (
    <section className="section-pages" aria-label={`Section ${section.title}`}>
      <div className="panel-head">
        <h2>{section.title}</h2>
        <ul className="badges" aria-label="Your rights here">
          <li className="badge">{section.canEdit ? 'You may edit' : 'View only'}</li>
          {section.canPublish && <li className="badge">You may publish</li>}
        </ul>
      </div>
      {section.description && <p>{section.description}</p>}
      <p className="hint">Owner role: {section.ownerRoleName ?? 'none'} · {section.published} of {section.pages} published</p>
      {section.canEdit && <NewPageForm sectionId={section.id} onCreated={(pageId) => onOpen(section.id, pageId)} />}
      <QueryState query={pages} what="pages">
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty-state">No pages in {section.title} yet.</p>
          ) : (
            <table className="data-table pages-table">
              <caption className="visually-hidden">Pages of {section.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Address</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last change</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.pageId}>
                    <td>{p.title}</td>
                    <td>
                      <code>/{p.slug}</code>
                    </td>
                    <td>
                      <StatusBadge status={p.status} />
                      <PendingBadge count={p.pendingChanges} />
                      {p.published && p.status !== 'published' && <span className="hint">An earlier version is on the website</span>}
                    </td>
                    <td>
                      {p.updatedByName ?? p.updatedBy}, <time dateTime={new Date(p.updatedAt).toISOString()}>{new Date(p.updatedAt).toLocaleDateString()}</time>
                    </td>
                    <td className="row-actions">
                      <button type="button" className="button button-small" onClick={() => onOpen(section.id, p.pageId)} aria-label={`Open ${p.title}`}>
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}

function NewPageForm({ sectionId, onCreated }: { sectionId: string; onCreated: (pageId: string) => void }) {
  const [title, setTitle] = useState('');
  const qc = useQueryClient();
  const create = useApiMutation('pages.create', {
    onSuccess: (page) => {
      setTitle('');
      void qc.invalidateQueries({ queryKey: ['pages.list'] });
      void qc.invalidateQueries({ queryKey: ['sections.list'] });
      onCreated(page.id);
    },
  });
  return (
    <form
      className="toolbar"
      aria-label="New page"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) create.mutate({ sectionId, title: title.trim() });
      }}
    >
      <label>
        New page title <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={!title.trim() || create.isPending}>
        Create page
      </button>
    </form>
  );
}
