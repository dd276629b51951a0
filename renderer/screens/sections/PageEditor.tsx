import { DndContext, PointerSensor, closestCorners, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ProcedureInput, ProcedureOutput } from '../../api/types.ts';
import { useClient } from '../../data/client-context.tsx';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { useReportError } from '../../shell/errors.tsx';
import { QueryState } from '../../shell/QueryState.tsx';
import { Tabs, type TabDef } from '../people/Tabs.tsx';
import { BlockPicker, pageProduction, REFERENCED_TYPES, type ReferencedType } from './BlockPicker.tsx';
import { PageHistory } from './PageHistory.tsx';
import { PendingBadge, StatusBadge } from './SectionsScreen.tsx';
import { SitePreview } from './SitePreview.tsx';
import { markupToSpans, spansToMarkup, wrapSelection, type Span } from './spans.ts';

export type PageView = ProcedureOutput<'pages.get'>;
export type Block = PageView['blocks'][number];
export type BlockContent = ProcedureInput<'pages.addBlock'>['block'];

export const BLOCK_LABEL: Record<string, string> = {
  heading: 'Heading',
  text: 'Text',
  image: 'Image',
  video: 'Video',
  castList: 'Cast list',
  schedule: 'Schedule',
  ticketLink: 'Ticket link',
  gallery: 'Gallery',
  callout: 'Call-out',
};

/** Blocks added with words only; the referenced ones (media, productions, performances, galleries) go through a picker. */
const NEW_BLOCKS: Record<'heading' | 'text' | 'callout', BlockContent> = {
  heading: { type: 'heading', text: 'New heading', level: 2 },
  text: { type: 'text', style: 'paragraph', spans: [{ text: 'New text' }] },
  callout: { type: 'callout', tone: 'info', title: 'Note', spans: [], linkLabel: '', linkUrl: '' },
};

const PRESENCE_MS = 10_000;

const content = (b: Block): BlockContent => {
  const { id: _id, ...rest } = b;
  return rest as BlockContent;
};

type EditorTab = 'blocks' | 'preview' | 'history';
const EDITOR_TABS: readonly TabDef<EditorTab>[] = [
  { id: 'blocks', label: 'Blocks' },
  { id: 'preview', label: 'Preview' },
  { id: 'history', label: 'History' },
];

/** Invalidates everything a change to one page shows. */
export function usePageChanged() {
  const qc = useQueryClient();
  return () => {
    for (const key of ['pages.get', 'pages.list', 'sections.list', 'site.preview', 'pages.history']) void qc.invalidateQueries({ queryKey: [key] });
  };
}

export function PageEditor({ sectionId, pageId, onClose }: { sectionId: string; pageId: string; onClose: () => void }) {
  const page = useApiQuery('pages.get', { sectionId, pageId });
  const [tab, setTab] = useState<EditorTab>('blocks');
  // Kept here: a save refetches the page, which remounts the block editor with fresh content.
  const [saved, setSaved] = useState(false);
  return (
    <section className="page-editor" aria-label="Page editor">
      <button type="button" className="button button-quiet" onClick={onClose}>
        ← All pages
      </button>
      <QueryState query={page} what="the page">
        {(p) => (
          <>
            <PageHead page={p} />
            <Presence sectionId={sectionId} pageId={pageId} />
            <Tabs label="Page" tabs={EDITOR_TABS} selected={tab} onSelect={setTab}>
              {tab === 'blocks' && <BlocksEditor key={p.id} page={p} saved={saved} onSaved={setSaved} />}
              {tab === 'preview' && <SitePreview sectionId={sectionId} pageId={pageId} title={p.title} hasPublished={p.publishedAt !== null} />}
              {tab === 'history' && <PageHistory sectionId={sectionId} pageId={pageId} canRestore={p.canEdit} />}
            </Tabs>
          </>
        )}
      </QueryState>
    </section>
  );
}

function PageHead({ page }: { page: PageView }) {
  const changed = usePageChanged();
  const opts = { onSuccess: changed };
  const submit = useApiMutation('pages.submit', opts);
  const withdraw = useApiMutation('pages.withdraw', opts);
  const publish = useApiMutation('pages.publish', opts);
  const unpublish = useApiMutation('pages.unpublish', opts);
  const key = { sectionId: page.sectionId, pageId: page.id };
  const busy = submit.isPending || withdraw.isPending || publish.isPending || unpublish.isPending;
  return (
    <div className="page-head">
      <div className="panel-head">
        <h2>{page.title}</h2>
        <StatusBadge status={page.status} />
        <PendingBadge count={page.pendingChanges} />
      </div>
      <p className="hint">
        /{page.slug} · last changed by {page.updatedByName ?? page.updatedBy}
        {page.publishedAt !== null && ` · published by ${page.publishedByName ?? page.publishedBy}`}
        {page.status === 'in_review' && page.submittedByName && ` · submitted for review by ${page.submittedByName}`}
      </p>
      {page.changedSincePublish && page.publishedAt !== null && <p className="rule-note">This page changed since it was published: the website shows the published version until it is published again.</p>}
      {!page.canEdit && (
        <p className="rule-note note-deny" role="note">
          You may read this page but not edit it: editing pages of this section needs the content.edit grant on section:{page.sectionId}.
        </p>
      )}
      <div className="button-row" role="group" aria-label="Status">
        {page.canEdit && page.status === 'draft' && (
          <button type="button" className="button" disabled={busy} onClick={() => submit.mutate(key)}>
            Submit for review
          </button>
        )}
        {page.canEdit && page.status === 'in_review' && (
          <button type="button" className="button" disabled={busy} onClick={() => withdraw.mutate(key)}>
            Withdraw from review
          </button>
        )}
        {page.canPublish && (page.status !== 'published' || page.changedSincePublish) && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => publish.mutate(key)}>
            Publish
          </button>
        )}
        {page.canPublish && page.status !== 'draft' && (
          <button type="button" className="button button-danger-outline" disabled={busy} onClick={() => unpublish.mutate(key)}>
            {page.status === 'published' ? 'Unpublish' : 'Return to draft'}
          </button>
        )}
      </div>
    </div>
  );
}

/** Reports every 10 s that this page is open, shows who else is editing it, and says goodbye on close. */
function Presence({ sectionId, pageId }: { sectionId: string; pageId: string }) {
  const client = useClient();
  const presence = useApiQuery('pages.presence', { sectionId, pageId, editing: true, blockId: null }, { refetchInterval: PRESENCE_MS, staleTime: 0 });
  useEffect(
    () => () => {
      void client.invoke('pages.presence', { sectionId, pageId, editing: false, blockId: null }).catch(() => undefined);
    },
    [client, sectionId, pageId],
  );
  const others = presence.data?.others ?? [];
  return (
    <p className="presence" role="status" aria-label="Who else is here">
      {others.length === 0 ? (
        'Nobody else is editing this page.'
      ) : (
        <>
          Also editing now:{' '}
          {others.map((o, i) => (
            <span key={o.userId} className="badge presence-badge">
              {o.name}
              {i < others.length - 1 ? ',' : ''}
            </span>
          ))}
        </>
      )}
    </p>
  );
}

function BlocksEditor({ page, saved, onSaved: setSaved }: { page: PageView; saved: boolean; onSaved: (saved: boolean) => void }) {
  const client = useClient();
  const report = useReportError();
  const changed = usePageChanged();
  // Unsaved edits only; everything else shows the page as the API has it now (others' edits arrive live).
  const [titleDraft, setTitle] = useState<string | null>(null);
  const title = titleDraft ?? page.title;
  // Each draft remembers the content it started from: its editor keeps that key while edited (no remount, no lost focus).
  const [drafts, setDrafts] = useState<Record<string, { block: BlockContent; base: string }>>({});
  const [saving, setSaving] = useState(false);
  const [newType, setNewType] = useState<keyof typeof NEW_BLOCKS | ReferencedType>('text');
  // Said to screen readers after a move (and shown): where the block went.
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const key = { sectionId: page.sectionId, pageId: page.id };
  const dirty = Object.entries(drafts)
    .filter(([id, d]) => {
      const b = page.blocks.find((x) => x.id === id);
      return b && JSON.stringify(content(b)) !== JSON.stringify(d.block);
    })
    .map(([id, d]) => [id, d.block] as const);
  const titleDirty = title.trim() !== page.title && title.trim() !== '';
  const readOnly = !page.canEdit;
  const opts = {
    onSuccess: () => {
      changed();
    },
  };
  const move = useApiMutation('pages.moveBlock', opts);
  const moveAndSay = useApiMutation('pages.moveBlock', {
    onSuccess: (after, input) => {
      changed();
      const at = after.blocks.findIndex((b) => b.id === input.blockId);
      const b = after.blocks[at];
      if (b) setAnnouncement(`${BLOCK_LABEL[b.type] ?? b.type} block moved to position ${at + 1} of ${after.blocks.length}.`);
      // Keep the keyboard on the moved block's handle.
      requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-block-id="${input.blockId}"] .block-drag`)?.focus());
    },
  });
  const remove = useApiMutation('pages.removeBlock', opts);
  const add = useApiMutation('pages.addBlock', opts);

  const save = async () => {
    setSaving(true);
    setSaved(false);
    try {
      if (titleDirty) await client.invoke('pages.update', { ...key, title: title.trim() });
      for (const [blockId, block] of dirty) await client.invoke('pages.updateBlock', { ...key, blockId, block });
      setDrafts({});
      setTitle(null);
      setSaved(true);
      changed();
    } catch (err) {
      report(err);
    } finally {
      setSaving(false);
    }
  };

  // The mouse drags; the keyboard moves with Alt+↑ / Alt+↓ (or ↑ / ↓ on the handle), and the Up / Down buttons.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = page.blocks.findIndex((b) => b.id === e.active.id);
    const to = page.blocks.findIndex((b) => b.id === e.over!.id);
    if (from >= 0 && to >= 0) moveTo(from, to);
  };

  const moveTo = (index: number, to: number, announce = false) => {
    const blocks = page.blocks;
    const block = blocks[index]!;
    if (to < 0 || to >= blocks.length || to === index) return;
    const rest = blocks.filter((_, i) => i !== index);
    const after = to === 0 ? null : rest[to - 1]!.id;
    (announce ? moveAndSay : move).mutate({ ...key, blockId: block.id, after });
  };
  const onBlockKey = (index: number, e: KeyboardEvent<HTMLElement>, onHandle: boolean) => {
    if (readOnly || moveAndSay.isPending || move.isPending) return;
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    if (!e.altKey && !onHandle) return;
    e.preventDefault();
    e.stopPropagation();
    moveTo(index, e.key === 'ArrowUp' ? index - 1 : index + 1, true);
  };
  const addable = [...(Object.keys(NEW_BLOCKS) as Array<keyof typeof NEW_BLOCKS>), ...REFERENCED_TYPES];
  const picking = (REFERENCED_TYPES as readonly string[]).includes(newType) ? (newType as ReferencedType) : null;

  return (
    <div className="blocks-editor">
      <label className="page-title-field">
        Page title
        <input value={title} readOnly={readOnly} onChange={(e) => {
          setTitle(e.target.value);
          setSaved(false);
        }} />
      </label>
      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd}>
        <SortableContext items={page.blocks.map((b) => b.id)} strategy={verticalListSortingStrategy}>
          <ol className="block-list" aria-label="Blocks" ref={list}>
            {page.blocks.map((b, i) => {
              const serverKey = `${b.id}:${JSON.stringify(content(b))}`;
              const draft = drafts[b.id]?.block ?? content(b);
              const label = `${BLOCK_LABEL[b.type] ?? b.type} block ${i + 1}`;
              return (
                <SortableBlock key={b.id} id={b.id} type={b.type} label={label} draggable={!readOnly} onKey={(e, onHandle) => onBlockKey(i, e, onHandle)}>
                  <div className="block-head">
                    <span className="block-type">{label}</span>
                    {!readOnly && (
                      <span className="button-row">
                        <button type="button" className="button button-small" disabled={i === 0 || move.isPending} onClick={() => moveTo(i, i - 1, true)} aria-label={`Move ${label} up`} title="Move up (Alt+↑)">
                          ↑ Up
                        </button>
                        <button type="button" className="button button-small" disabled={i === page.blocks.length - 1 || move.isPending} onClick={() => moveTo(i, i + 1, true)} aria-label={`Move ${label} down`} title="Move down (Alt+↓)">
                          ↓ Down
                        </button>
                        <button type="button" className="button button-small button-danger-outline" disabled={remove.isPending} onClick={() => remove.mutate({ ...key, blockId: b.id })} aria-label={`Remove ${label}`}>
                          Remove
                        </button>
                      </span>
                    )}
                  </div>
                  <BlockFields
                    key={drafts[b.id]?.base ?? serverKey}
                    block={draft}
                    label={label}
                    readOnly={readOnly}
                    onChange={(next) => {
                      setDrafts((d) => ({ ...d, [b.id]: { block: next, base: d[b.id]?.base ?? serverKey } }));
                      setSaved(false);
                    }}
                  />
                </SortableBlock>
              );
            })}
          </ol>
        </SortableContext>
      </DndContext>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="move-announcement">
        {announcement}
      </p>
      {page.blocks.length === 0 && <p className="empty-state">This page has no blocks yet.</p>}
      {!readOnly && (
        <div className="toolbar block-toolbar">
          <label>
            New block
            <select value={newType} onChange={(e) => setNewType(e.target.value as keyof typeof NEW_BLOCKS | ReferencedType)}>
              {addable.map((t) => (
                <option key={t} value={t}>
                  {BLOCK_LABEL[t]}
                </option>
              ))}
            </select>
          </label>
          {!picking && (
            <button type="button" className="button" disabled={add.isPending} onClick={() => add.mutate({ ...key, block: NEW_BLOCKS[newType as keyof typeof NEW_BLOCKS] })}>
              Add block
            </button>
          )}
          <span className="hint">Reorder with the Up / Down buttons, Alt+↑ / Alt+↓ inside a block, or by dragging the ⠿ handle.</span>
        </div>
      )}
      {!readOnly && picking && (
        <BlockPicker
          key={picking}
          sectionId={page.sectionId}
          type={picking}
          initialProduction={pageProduction(page.blocks.map(content))}
          busy={add.isPending}
          onAdd={(block) => add.mutate({ ...key, block }, { onSuccess: () => setNewType('text') })}
        />
      )}
      {!readOnly && (
        <div className="button-row save-row">
          <button type="button" className="button button-primary" disabled={saving || (dirty.length === 0 && !titleDirty)} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save changes'}
          </button>
          <span role="status" className="hint">
            {dirty.length > 0 || titleDirty ? `${dirty.length + (titleDirty ? 1 : 0)} unsaved change${dirty.length + (titleDirty ? 1 : 0) === 1 ? '' : 's'}` : saved ? 'Saved.' : ''}
          </span>
        </div>
      )}
    </div>
  );
}

/**
 * One block in the list. Its handle drags it with the mouse; with the keyboard, ↑ / ↓ on the
 * focused handle (or Alt+↑ / Alt+↓ anywhere in the block) move it one place.
 */
function SortableBlock({ id, type, label, draggable, onKey, children }: { id: string; type: string; label: string; draggable: boolean; onKey: (e: KeyboardEvent<HTMLElement>, onHandle: boolean) => void; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id, disabled: !draggable });
  return (
    <li ref={setNodeRef} data-block-id={id} style={{ transform: CSS.Transform.toString(transform), transition }} className={`block-item block-${type}${isDragging ? ' is-dragging' : ''}`} aria-label={label} onKeyDown={(e) => onKey(e, false)}>
      {draggable && (
        <button
          type="button"
          className="block-drag"
          {...attributes}
          {...listeners}
          aria-roledescription="reorder handle"
          aria-label={`Reorder ${label}: ↑ or ↓ moves it`}
          onKeyDown={(e) => onKey(e, true)}
        >
          ⠿
        </button>
      )}
      {children}
    </li>
  );
}

function BlockFields({ block, label, readOnly, onChange }: { block: BlockContent; label: string; readOnly: boolean; onChange: (b: BlockContent) => void }) {
  const text = (field: string, value: string, set: (v: string) => void, wide = false) => (
    <label className={wide ? 'field-wide' : undefined}>
      {field}
      <input value={value} readOnly={readOnly} onChange={(e) => set(e.target.value)} aria-label={`${field} (${label})`} />
    </label>
  );
  switch (block.type) {
    case 'heading':
      return (
        <div className="block-fields">
          {text('Heading', block.text, (v) => onChange({ ...block, text: v }), true)}
          <label>
            Level
            <select value={block.level} disabled={readOnly} onChange={(e) => onChange({ ...block, level: Number(e.target.value) as 2 | 3 })} aria-label={`Level (${label})`}>
              <option value={2}>Section heading</option>
              <option value={3}>Subheading</option>
            </select>
          </label>
        </div>
      );
    case 'text':
      return (
        <RichText
          spans={block.spans}
          label={label}
          readOnly={readOnly}
          style={block.style}
          onStyle={(style) => onChange({ ...block, style })}
          onChange={(spans) => onChange({ ...block, spans })}
        />
      );
    case 'callout':
      return (
        <div className="block-fields block-fields-stack">
          <label>
            Tone
            <select value={block.tone} disabled={readOnly} onChange={(e) => onChange({ ...block, tone: e.target.value as 'info' | 'highlight' })} aria-label={`Tone (${label})`}>
              <option value="info">Information</option>
              <option value="highlight">Highlight</option>
            </select>
          </label>
          {text('Title', block.title ?? '', (v) => onChange({ ...block, title: v }), true)}
          <RichText spans={block.spans ?? []} label={label} readOnly={readOnly} onChange={(spans) => onChange({ ...block, spans })} />
          {text('Button label', block.linkLabel ?? '', (v) => onChange({ ...block, linkLabel: v }))}
          {text('Button link', block.linkUrl ?? '', (v) => onChange({ ...block, linkUrl: v }), true)}
        </div>
      );
    case 'image':
      return (
        <div className="block-fields">
          <p className="hint">Photo {block.asset.assetId} from {block.asset.productionId}</p>
          {text('Alt text', block.alt ?? '', (v) => onChange({ ...block, alt: v }), true)}
          {text('Caption', block.caption ?? '', (v) => onChange({ ...block, caption: v }), true)}
        </div>
      );
    case 'video':
      return (
        <div className="block-fields">
          <p className="hint">Video {block.asset.assetId} from {block.asset.productionId}</p>
          {text('Caption', block.caption ?? '', (v) => onChange({ ...block, caption: v }), true)}
        </div>
      );
    case 'castList':
    case 'schedule':
      return (
        <div className="block-fields">
          <p className="hint">
            {block.type === 'castList' ? 'Cast and company' : 'Public dates'} of {block.productionId}, always current
          </p>
          {text('Title', block.title ?? '', (v) => onChange({ ...block, title: v }), true)}
        </div>
      );
    case 'ticketLink':
      return (
        <div className="block-fields">
          <p className="hint">Tickets for performance {block.performanceId}</p>
          {text('Button label', block.label ?? '', (v) => onChange({ ...block, label: v }), true)}
        </div>
      );
    case 'gallery':
      return (
        <div className="block-fields">
          <p className="hint">Published photos of gallery {block.galleryId}</p>
          {text('Title', block.title ?? '', (v) => onChange({ ...block, title: v }), true)}
        </div>
      );
  }
}

type TextStyle = 'paragraph' | 'bullets' | 'numbered' | 'quote';

/** Text for someone who may not edit it: the spans shown with their marks (React escapes every string). */
function ReadOnlyText({ spans, label, style }: { spans: readonly Span[]; label: string; style?: TextStyle | undefined }) {
  const lines: Span[][] = [[]];
  for (const s of spans) {
    s.text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ ...s, text: part });
    });
  }
  const render = (line: Span[]) =>
    line.map((s, i) => {
      let node: ReactNode = s.text;
      if (s.italic) node = <em>{node}</em>;
      if (s.bold) node = <strong>{node}</strong>;
      if (s.link) node = <span className="read-only-link" title={s.link}>{node}</span>;
      return <span key={i}>{node}</span>;
    });
  const items = lines.filter((l) => l.length > 0);
  const body =
    style === 'bullets' ? <ul>{items.map((l, i) => <li key={i}>{render(l)}</li>)}</ul>
    : style === 'numbered' ? <ol>{items.map((l, i) => <li key={i}>{render(l)}</li>)}</ol>
    : style === 'quote' ? <blockquote>{items.map((l, i) => <p key={i}>{render(l)}</p>)}</blockquote>
    : items.map((l, i) => <p key={i}>{render(l)}</p>);
  return (
    <div className="rich-text read-only-text" role="group" aria-label={`Text (${label})`}>
      {body}
    </div>
  );
}
const STYLES: Array<[TextStyle, string]> = [
  ['paragraph', 'Paragraphs'],
  ['bullets', 'Bulleted list'],
  ['numbered', 'Numbered list'],
  ['quote', 'Quote'],
];

/**
 * Rich text over the API's spans: a textarea with **bold**, *italic* and [link](url) markup,
 * a toolbar (and Ctrl+B / Ctrl+I) that marks the selection, and the block's style.
 */
export function RichText({
  spans,
  label,
  readOnly,
  style,
  onStyle,
  onChange,
}: {
  spans: readonly Span[];
  label: string;
  readOnly: boolean;
  style?: TextStyle | undefined;
  onStyle?: (s: TextStyle) => void;
  onChange: (spans: Span[]) => void;
}) {
  const [markup, setMarkup] = useState(() => spansToMarkup(spans));
  const [linkUrl, setLinkUrl] = useState('https://');
  const area = useRef<HTMLTextAreaElement>(null);
  const update = (value: string) => {
    setMarkup(value);
    onChange(markupToSpans(value));
  };
  const mark = (m: 'bold' | 'italic' | { link: string }) => {
    const el = area.current;
    if (!el) return;
    const r = wrapSelection(markup, el.selectionStart, el.selectionEnd, m);
    update(r.value);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(r.start, r.end);
    });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === 'b') {
      e.preventDefault();
      mark('bold');
    } else if (e.key === 'i') {
      e.preventDefault();
      mark('italic');
    }
  };
  if (readOnly) return <ReadOnlyText spans={spans} label={label} style={style} />;
  return (
    <div className="rich-text">
      {!readOnly && (
        <div className="rich-toolbar" role="toolbar" aria-label={`Formatting (${label})`}>
          <button type="button" className="button button-small" onClick={() => mark('bold')} title="Bold (Ctrl+B)" aria-label="Bold">
            <strong>B</strong>
          </button>
          <button type="button" className="button button-small" onClick={() => mark('italic')} title="Italic (Ctrl+I)" aria-label="Italic">
            <em>I</em>
          </button>
          <label className="link-field">
            <span className="visually-hidden">Link address ({label})</span>
            <input value={linkUrl} onChange={(e) => setLinkUrl(e.target.value)} placeholder="https://…" />
          </label>
          <button type="button" className="button button-small" onClick={() => mark({ link: linkUrl.trim() })} disabled={!/^(https?:\/\/.+|mailto:.+)/.test(linkUrl.trim())}>
            Link
          </button>
          {style !== undefined && onStyle && (
            <label>
              <span className="visually-hidden">Style ({label})</span>
              <select value={style} onChange={(e) => onStyle(e.target.value as TextStyle)}>
                {STYLES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <textarea
        ref={area}
        className="rich-area"
        aria-label={`Text (${label})`}
        value={markup}
        readOnly={readOnly}
        rows={Math.min(12, Math.max(3, markup.split('\n').length + 1))}
        onChange={(e) => update(e.target.value)}
        onKeyDown={onKey}
      />
      {!readOnly && <p className="hint">Each line is a paragraph or list item. **bold**, *italic*, [words](https://…) for a link.</p>}
      {readOnly && style && style !== 'paragraph' && <p className="hint">{STYLES.find(([v]) => v === style)?.[1]}</p>}
    </div>
  );
}
