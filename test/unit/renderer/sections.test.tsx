// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api/api-error.ts';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput, ProcedureOutput } from '../../../renderer/api/types.ts';
import { ClientProvider } from '../../../renderer/data/client-context.tsx';
import { SectionsScreen } from '../../../renderer/screens/sections/SectionsScreen.tsx';
import { markupToSpans, spansToMarkup, wrapSelection, type Span } from '../../../renderer/screens/sections/spans.ts';
import { ErrorDisplay, ErrorsProvider } from '../../../renderer/shell/errors.tsx';
import { testQueryClient } from './render-app.tsx';

// A ceiling for waits on a loaded machine, not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type Section = ProcedureOutput<'sections.list'>[number];
type PageRow = ProcedureOutput<'pages.list'>[number];
type Page = ProcedureOutput<'pages.get'>;
type Palette = ProcedureOutput<'theme.get'>['theme']['palette'];

const T0 = Date.UTC(2026, 3, 2, 17, 0);

function section(id: string, title: string, over: Partial<Section> = {}): Section {
  return { id, title, parent: null, description: '', ownerRole: null, ownerRoleName: null, position: 0, createdAt: T0, pages: 0, published: 0, inReview: 0, canEdit: true, canPublish: true, ...over } as Section;
}

let client: FakeClient;
let page: Page;
let others: Array<{ userId: string; name: string }>;
let palette: Palette;

const PALETTE: Palette = { primary: '#0f4c4c', onPrimary: '#ffffff', accent: '#e0a526', onAccent: '#1a1a1a', background: '#ffffff', surface: '#f4f1ea', text: '#1d1b19', muted: '#5b5650', link: '#0f4c4c' };

function contrast(p: Palette) {
  // The fake says a pair fails when its two colors are equal; the real check is the API's.
  const pairs: Array<[keyof Palette, keyof Palette]> = [['text', 'background'], ['muted', 'background'], ['link', 'background'], ['onPrimary', 'primary'], ['onAccent', 'accent']];
  return pairs.map(([foreground, background]) => ({ foreground, background, ratio: p[foreground] === p[background] ? 1 : 7.2, passes: p[foreground] !== p[background] }));
}

beforeEach(() => {
  others = [];
  palette = { ...PALETTE };
  page = {
    id: 'pg-rentals',
    sectionId: 'costumes',
    title: 'Costume rentals',
    slug: 'costume-rentals',
    status: 'draft',
    blocks: [
      { id: 'bk-1', type: 'heading', text: 'Rentals', level: 2 },
      { id: 'bk-2', type: 'text', style: 'paragraph', spans: [{ text: 'Open ' }, { text: 'Tuesday evenings', bold: true }, { text: '.' }] },
      { id: 'bk-3', type: 'callout', tone: 'info', title: 'Fees', spans: [{ text: 'Small fee' }], linkLabel: '', linkUrl: '' },
    ],
    createdAt: T0,
    createdBy: 'u-priya',
    updatedAt: T0,
    updatedBy: 'u-priya',
    publishedAt: null,
    publishedBy: null,
    submittedBy: null,
    submittedAt: null,
    updatedByName: 'Priya Natarajan',
    publishedByName: null,
    submittedByName: null,
    changedSincePublish: false,
    pendingChanges: 0,
    canEdit: true,
    canPublish: false,
  } as Page;
  const rows: PageRow[] = [
    { sectionId: 'costumes', pageId: 'pg-rentals', slug: 'costume-rentals', title: 'Costume rentals', status: 'draft', published: false, blocks: 3, updatedAt: T0, updatedBy: 'u-priya', publishedAt: null, updatedByName: 'Priya Natarajan', pendingChanges: 0 },
    { sectionId: 'costumes', pageId: 'pg-sewing', slug: 'sewing-volunteers', title: 'Sewing volunteers', status: 'published', published: true, blocks: 1, updatedAt: T0, updatedBy: 'u-priya', publishedAt: T0, updatedByName: 'Priya Natarajan', pendingChanges: 0 },
    { sectionId: 'costumes', pageId: 'pg-fit', slug: 'fittings', title: 'Fittings', status: 'in_review', published: false, blocks: 1, updatedAt: T0, updatedBy: 'u-priya', publishedAt: null, updatedByName: 'Priya Natarajan', pendingChanges: 0 },
  ];
  client = createFakeClient({
    'sections.list': () => [
      section('about', 'About', { canEdit: false, canPublish: false, pages: 2, published: 2 }),
      section('press', 'Press', { parent: 'about', ownerRole: 'publicity', ownerRoleName: 'Publicity' }),
      section('costumes', 'Costumes', { ownerRole: 'costume-designer', ownerRoleName: 'Costume designer', pages: 3, published: 1, inReview: 1, canPublish: false }),
    ],
    'pages.list': (input) => rows.filter((r) => r.sectionId === input.sectionId),
    'pages.get': () => structuredClone(page),
    'pages.presence': () => ({ ttlMs: 30_000, others: others.map((o) => ({ ...o, blockId: null, since: T0, seenAt: T0 })), me: null }) as unknown as ProcedureOutput<'pages.presence'>,
    'pages.updateBlock': (input) => {
      const i = page.blocks.findIndex((b) => b.id === input.blockId);
      page.blocks[i] = { ...input.block, id: input.blockId } as Page['blocks'][number];
      page.updatedAt += 1;
      return { before: {}, after: page.blocks[i] } as unknown as ProcedureOutput<'pages.updateBlock'>;
    },
    'pages.update': (input) => {
      page.title = input.title ?? page.title;
      page.updatedAt += 1;
      return page as unknown as ProcedureOutput<'pages.update'>;
    },
    'pages.moveBlock': (input) => {
      const b = page.blocks.find((x) => x.id === input.blockId)!;
      const rest = page.blocks.filter((x) => x.id !== input.blockId);
      const at = input.after === null ? 0 : rest.findIndex((x) => x.id === input.after) + 1;
      rest.splice(at, 0, b);
      page.blocks = rest;
      page.updatedAt += 1;
      return page as unknown as ProcedureOutput<'pages.moveBlock'>;
    },
    'pages.addBlock': (input) => {
      const b = { ...input.block, id: `bk-${page.blocks.length + 1}` } as Page['blocks'][number];
      page.blocks.push(b);
      page.updatedAt += 1;
      return b as unknown as ProcedureOutput<'pages.addBlock'>;
    },
    'pages.blockOptions': (input) => {
      const productions = [
        { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26' },
        { id: 'macbeth-2026', title: 'Macbeth', season: '2026-27' },
      ];
      const all = {
        image: [
          { id: 'ast-tea', productionId: 'earnest-2026', label: 'Lady Bracknell takes tea', detail: 'The Importance of Being Earnest', published: true, alt: 'An actor in a feathered hat holds a teacup' },
          { id: 'ast-bare', productionId: 'macbeth-2026', label: 'Witches, dress rehearsal', detail: 'Macbeth', published: true, alt: '' },
        ],
        video: [],
        production: productions.map((p) => ({ id: p.id, productionId: p.id, label: p.title, detail: p.season, published: true, alt: '' })),
        performance: [{ id: 'perf-earnest-0410', productionId: 'earnest-2026', label: 'The Importance of Being Earnest: Opening night', detail: 'Fri, Apr 10, 7:30 PM', published: true, alt: '' }],
        gallery: [],
      }[input.kind];
      return { kind: input.kind, productions, options: all.filter((o) => !input.productionId || o.productionId === input.productionId) } as ProcedureOutput<'pages.blockOptions'>;
    },
    'pages.removeBlock': (input) => {
      page.blocks = page.blocks.filter((b) => b.id !== input.blockId);
      page.updatedAt += 1;
      return { removed: input.blockId };
    },
    'pages.submit': () => {
      page.status = 'in_review';
      page.updatedAt += 1;
      return page;
    },
    'pages.publish': () => {
      throw new ApiError('forbidden', 'You may not publish pages of section:costumes (content.publish)');
    },
    'pages.history': () => [
      { id: 'rev-3', at: T0 + 3000, userId: 'u-priya', userName: 'Priya Natarajan', summary: 'Edited a text block', actor: 'a' },
      { id: 'rev-2', at: T0 + 2000, userId: 'u-morgan', userName: 'Morgan Reyes', summary: 'Added a heading block', actor: 'b' },
      { id: 'rev-1', at: T0 + 1000, userId: 'u-priya', userName: 'Priya Natarajan', summary: 'Created the page', actor: 'a' },
    ] as unknown as ProcedureOutput<'pages.history'>,
    'pages.compare': (input) =>
      ({
        from: input.from,
        to: input.to,
        fields: [{ field: 'title', before: 'Rentals', after: 'Costume rentals' }],
        blocks: [
          { change: 'changed', blockId: 'bk-2', type: 'text', before: page.blocks[1], after: page.blocks[1], text: [{ op: 'equal', text: 'Open ' }, { op: 'delete', text: 'Mondays' }, { op: 'insert', text: 'Tuesday evenings' }] },
          { change: 'moved', blockId: 'bk-3', type: 'callout', fromIndex: 0, toIndex: 2 },
        ],
      }) as unknown as ProcedureOutput<'pages.compare'>,
    'pages.restore': () => page,
    'site.preview': () => ({ html: `<!doctype html><html><body><h1>${page.title}</h1><p>${JSON.stringify(page.blocks[1])}</p><script>parent.hacked = 1</script></body></html>` }),
    'theme.get': () => ({
      theme: { companyName: 'Riverside Players', logo: null, palette: { ...palette }, typeScale: { base: 18, ratio: 1.25 }, fonts: { display: 'serif-display', body: 'sans-humanist' }, updatedAt: T0, updatedBy: 'u-morgan' },
      contrast: contrast(palette),
      fonts: [
        { id: 'serif-display', label: 'Classic serif (Georgia, Iowan Old Style)', stack: 'Georgia, serif' },
        { id: 'sans-humanist', label: 'Humanist sans (Seravek, Segoe UI)', stack: 'Seravek, sans-serif' },
        { id: 'sans-system', label: 'System sans', stack: 'system-ui, sans-serif' },
      ],
      colorNames: ['primary', 'onPrimary', 'accent', 'onAccent', 'background', 'surface', 'text', 'muted', 'link'],
    }) as unknown as ProcedureOutput<'theme.get'>,
    'theme.checkContrast': (input) => contrast(input.palette as Palette) as ProcedureOutput<'theme.checkContrast'>,
    'theme.update': (input) => {
      palette = { ...palette, ...(input.palette as Palette) };
      return { theme: {}, contrast: contrast(palette) } as unknown as ProcedureOutput<'theme.update'>;
    },
  });
});

afterEach(cleanup);

function renderScreen() {
  return render(
    <ClientProvider client={client}>
      <QueryClientProvider client={testQueryClient()}>
        <ErrorsProvider>
          <ErrorDisplay />
          <SectionsScreen />
        </ErrorsProvider>
      </QueryClientProvider>
    </ClientProvider>,
  );
}

const callsOf = <N extends Parameters<FakeClient['invoke']>[0]>(name: N) => client.calls.filter((c) => c.procedure === name).map((c) => c.input as ProcedureInput<N>);

async function openRentals() {
  renderScreen();
  const tree = await screen.findByRole('list', { name: 'Website sections' });
  fireEvent.click(within(tree).getByRole('button', { name: /^Costumes/ }));
  const pages = await screen.findByRole('region', { name: 'Section Costumes' });
  fireEvent.click(await within(pages).findByRole('button', { name: 'Open Costume rentals' }));
  const editor = await screen.findByRole('region', { name: 'Page editor' });
  await within(editor).findByRole('list', { name: 'Blocks' });
  return editor;
}

describe('Sections: tree and pages', () => {
  it('shows sections as a tree with their owner roles, and each page with its status', async () => {
    renderScreen();
    const tree = await screen.findByRole('list', { name: 'Website sections' });
    const about = within(tree).getByRole('button', { name: /^About/ });
    expect(about.textContent).toContain('No owner role');
    const under = within(tree).getByRole('list', { name: 'Sections under About' });
    expect(within(under).getByRole('button', { name: /^Press/ }).textContent).toContain('Owner: Publicity');
    const costumes = within(tree).getByRole('button', { name: /^Costumes/ });
    expect(costumes.textContent).toContain('Owner: Costume designer · 3 pages · 1 in review');

    fireEvent.click(costumes);
    const region = await screen.findByRole('region', { name: 'Section Costumes' });
    const table = await within(region).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [(r as HTMLTableRowElement).cells[0]!.textContent, (r as HTMLTableRowElement).cells[2]!.textContent])).toEqual([
      ['Costume rentals', 'Draft'],
      ['Sewing volunteers', 'Published'],
      ['Fittings', 'In review'],
    ]);
    expect(within(region).getByRole('list', { name: 'Your rights here' }).textContent).toBe('You may edit');
  });

  it('a section you may not edit offers no new-page form', async () => {
    renderScreen();
    const region = await screen.findByRole('region', { name: 'Section About' });
    expect(within(region).getByRole('list', { name: 'Your rights here' }).textContent).toBe('View only');
    expect(within(region).queryByRole('form', { name: 'New page' })).toBeNull();
  });
});

describe('Sections: page editor', () => {
  it('edits a text block with the toolbar and saves it through the API as spans', async () => {
    const editor = await openRentals();
    const text = (await within(editor).findByLabelText('Text (Text block 2)')) as HTMLTextAreaElement;
    expect(text.value).toBe('Open **Tuesday evenings**.');
    fireEvent.change(text, { target: { value: 'Open Tuesday evenings and Saturdays.' } });
    text.setSelectionRange(26, 35);
    fireEvent.click(within(within(editor).getByRole('toolbar', { name: 'Formatting (Text block 2)' })).getByRole('button', { name: 'Italic' }));
    expect(text.value).toBe('Open Tuesday evenings and *Saturdays*.');
    within(editor).getByText('1 unsaved change');
    fireEvent.click(within(editor).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(callsOf('pages.updateBlock')).toHaveLength(1));
    expect(callsOf('pages.updateBlock')[0]).toEqual({
      sectionId: 'costumes',
      pageId: 'pg-rentals',
      blockId: 'bk-2',
      block: { type: 'text', style: 'paragraph', spans: [{ text: 'Open Tuesday evenings and ' }, { text: 'Saturdays', italic: true }, { text: '.' }] },
    });
    await within(editor).findByText('Saved.');
    expect(page.blocks[1]).toMatchObject({ spans: [{ text: 'Open Tuesday evenings and ' }, { text: 'Saturdays', italic: true }, { text: '.' }] });
  });

  it('links the selection and changes the list style', async () => {
    const editor = await openRentals();
    const text = (await within(editor).findByLabelText('Text (Call-out block 3)')) as HTMLTextAreaElement;
    text.setSelectionRange(0, 5);
    const toolbar = within(editor).getByRole('toolbar', { name: 'Formatting (Call-out block 3)' });
    fireEvent.change(within(editor).getByLabelText('Link address (Call-out block 3)'), { target: { value: 'mailto:costumes@example.org' } });
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Link' }));
    expect(text.value).toBe('[Small](mailto:costumes@example.org) fee');
    fireEvent.change(within(editor).getByLabelText('Style (Text block 2)'), { target: { value: 'bullets' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(callsOf('pages.updateBlock')).toHaveLength(2));
    const sent = Object.fromEntries(callsOf('pages.updateBlock').map((c) => [c.blockId, c.block]));
    expect(sent['bk-2']).toMatchObject({ style: 'bullets' });
    expect(sent['bk-3']).toMatchObject({ spans: [{ text: 'Small', link: 'mailto:costumes@example.org' }, { text: ' fee' }] });
  });

  it('moves blocks up and down with buttons, adds and removes blocks', async () => {
    const editor = await openRentals();
    const blocks = within(editor).getByRole('list', { name: 'Blocks' });
    expect(within(blocks).getByRole('button', { name: 'Move Heading block 1 up' })).toHaveProperty('disabled', true);
    fireEvent.click(within(blocks).getByRole('button', { name: 'Move Heading block 1 down' }));
    await waitFor(() => expect(callsOf('pages.moveBlock')).toEqual([{ sectionId: 'costumes', pageId: 'pg-rentals', blockId: 'bk-1', after: 'bk-2' }]));
    await within(editor).findByRole('listitem', { name: 'Text block 1' });
    fireEvent.click(within(editor).getByRole('button', { name: 'Move Heading block 2 up' }));
    await waitFor(() => expect(callsOf('pages.moveBlock')[1]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', blockId: 'bk-1', after: null }));
    await within(editor).findByRole('listitem', { name: 'Heading block 1' });

    fireEvent.change(within(editor).getByLabelText('New block'), { target: { value: 'heading' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Add block' }));
    await within(editor).findByRole('listitem', { name: 'Heading block 4' });
    expect(callsOf('pages.addBlock')[0]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', block: { type: 'heading', text: 'New heading', level: 2 } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Remove Heading block 4' }));
    await waitFor(() => expect(within(editor).queryByRole('listitem', { name: 'Heading block 4' })).toBeNull());
  });

  it('moves a block with the keyboard (Alt+arrows, or arrows on the handle) and announces where it went', async () => {
    const editor = await openRentals();
    const blocks = within(editor).getByRole('list', { name: 'Blocks' });
    fireEvent.keyDown(within(blocks).getByRole('textbox', { name: 'Heading (Heading block 1)' }), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(callsOf('pages.moveBlock')).toEqual([{ sectionId: 'costumes', pageId: 'pg-rentals', blockId: 'bk-1', after: 'bk-2' }]));
    await within(editor).findByRole('listitem', { name: 'Heading block 2' });
    await waitFor(() => expect(within(editor).getByTestId('move-announcement').textContent).toBe('Heading block moved to position 2 of 3.'));
    // Arrow keys on the focused handle move too; without Alt inside a field they do nothing.
    fireEvent.keyDown(within(blocks).getByRole('textbox', { name: 'Heading (Heading block 2)' }), { key: 'ArrowUp' });
    fireEvent.keyDown(within(blocks).getByRole('button', { name: 'Reorder Heading block 2: ↑ or ↓ moves it' }), { key: 'ArrowUp' });
    await waitFor(() => expect(callsOf('pages.moveBlock')).toHaveLength(2));
    expect(callsOf('pages.moveBlock')[1]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', blockId: 'bk-1', after: null });
    await waitFor(() => expect(within(editor).getByTestId('move-announcement').textContent).toBe('Heading block moved to position 1 of 3.'));
    // The first block cannot go further up: nothing is sent.
    fireEvent.keyDown(within(blocks).getByRole('button', { name: 'Reorder Heading block 1: ↑ or ↓ moves it' }), { key: 'ArrowUp' });
    expect(callsOf('pages.moveBlock')).toHaveLength(2);
  });

  it('adds referenced blocks through pickers: a photo (alt text from the asset), a cast list and a ticket link', async () => {
    const editor = await openRentals();
    fireEvent.change(within(editor).getByLabelText('New block'), { target: { value: 'image' } });
    const picker = await within(editor).findByRole('group', { name: 'Choose a photo from the media gallery' });
    // No block refers to a production yet: every production's photos are offered.
    await within(picker).findByRole('radio', { name: /Witches, dress rehearsal/ });
    fireEvent.change(within(picker).getByLabelText('Production'), { target: { value: 'macbeth-2026' } });
    await waitFor(() => expect(callsOf('pages.blockOptions').at(-1)).toMatchObject({ productionId: 'macbeth-2026' }));
    fireEvent.click(await within(picker).findByRole('radio', { name: /Witches, dress rehearsal/ }));
    expect(within(picker).queryByRole('radio', { name: /Lady Bracknell/ })).toBeNull();
    // This photo has no alt text of its own: the block needs some before it can be added.
    expect(within(picker).getByRole('button', { name: 'Add image' })).toHaveProperty('disabled', true);
    fireEvent.change(within(picker).getByLabelText(/Alt text/), { target: { value: 'Three witches around a cauldron' } });
    fireEvent.click(within(picker).getByRole('button', { name: 'Add image' }));
    await within(editor).findByRole('listitem', { name: 'Image block 4' });
    expect(callsOf('pages.addBlock')[0]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', block: { type: 'image', asset: { productionId: 'macbeth-2026', assetId: 'ast-bare' }, caption: '', alt: 'Three witches around a cauldron' } });
    expect(callsOf('pages.blockOptions')[0]).toMatchObject({ sectionId: 'costumes', kind: 'image', productionId: null });

    // The page now refers to Macbeth: the next media picker starts there.
    fireEvent.change(within(editor).getByLabelText('New block'), { target: { value: 'castList' } });
    const cast = await within(editor).findByRole('group', { name: 'Choose the production whose cast and company to list' });
    fireEvent.click(await within(cast).findByRole('radio', { name: /The Importance of Being Earnest/ }));
    fireEvent.click(within(cast).getByRole('button', { name: 'Add cast list' }));
    await within(editor).findByRole('listitem', { name: 'Cast list block 5' });
    expect(callsOf('pages.addBlock')[1]!.block).toEqual({ type: 'castList', productionId: 'earnest-2026', title: 'Cast and company' });

    fireEvent.change(within(editor).getByLabelText('New block'), { target: { value: 'ticketLink' } });
    const tickets = await within(editor).findByRole('group', { name: 'Choose the performance to sell tickets for' });
    expect(callsOf('pages.blockOptions').at(-1)).toMatchObject({ kind: 'performance', productionId: 'macbeth-2026' });
    fireEvent.change(within(tickets).getByLabelText('Production'), { target: { value: '' } });
    fireEvent.click(await within(tickets).findByRole('radio', { name: /Opening night/ }));
    fireEvent.click(within(tickets).getByRole('button', { name: 'Add ticket link' }));
    await within(editor).findByRole('listitem', { name: 'Ticket link block 6' });
    expect(callsOf('pages.addBlock')[2]!.block).toEqual({ type: 'ticketLink', performanceId: 'perf-earnest-0410', label: 'Buy tickets' });
  });

  it('shows edits pending sync on the page and in the lists, and nothing when the device does not sync', async () => {
    page.pendingChanges = 3;
    const editor = await openRentals();
    expect(await within(editor).findByText('3 edits pending sync')).toBeTruthy();
    fireEvent.click(within(editor).getByRole('button', { name: '← All pages' }));
    await screen.findByRole('region', { name: 'Section Costumes' });
    expect(screen.queryByText(/pending sync/)).toBeNull();
  });

  it('offers only the status actions the API allows, and shows a refusal in the error display', async () => {
    const editor = await openRentals();
    const status = within(editor).getByRole('group', { name: 'Status' });
    expect(within(status).getAllByRole('button').map((b) => b.textContent)).toEqual(['Submit for review']);
    fireEvent.click(within(status).getByRole('button', { name: 'Submit for review' }));
    await within(status).findByRole('button', { name: 'Withdraw from review' });
    within(editor).getByText('In review');

    // The API decides: a stale canPublish shows Publish, and the refusal is displayed.
    page.canPublish = true;
    fireEvent.click(within(editor).getByRole('tab', { name: 'History' }));
    fireEvent.click(within(editor).getByRole('tab', { name: 'Blocks' }));
    page.updatedAt += 1;
    fireEvent.click(screen.getByRole('tab', { name: 'Theme' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Sections and pages' }));
  });

  it('a page the user may not edit is read-only with a clear note, and Publish refused by the API shows its error', async () => {
    page.canEdit = false;
    page.canPublish = true;
    const editor = await openRentals();
    within(editor).getByRole('note').textContent?.includes('needs the content.edit grant on section:costumes');
    expect(within(editor).getByRole('note').textContent).toContain('needs the content.edit grant on section:costumes');
    expect(within(editor).queryByRole('button', { name: 'Save changes' })).toBeNull();
    const shown = within(editor).getByRole('group', { name: 'Text (Text block 2)' });
    expect(shown.querySelector('strong')!.textContent).toBe('Tuesday evenings');
    expect(shown.textContent).toBe('Open Tuesday evenings.');
    expect(within(editor).queryByRole('textbox', { name: /^Text/ })).toBeNull();
    expect(within(editor).queryByRole('toolbar')).toBeNull();
    fireEvent.click(within(editor).getByRole('button', { name: 'Publish' }));
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('You may not publish pages of section:costumes');
    expect(errors.textContent).toContain('Error code: forbidden');
  });

  it('shows who else is editing, and says goodbye when the editor closes', async () => {
    others = [{ userId: 'u-priya', name: 'Priya Natarajan' }];
    const editor = await openRentals();
    const presence = within(editor).getByRole('status', { name: 'Who else is here' });
    await waitFor(() => expect(presence.textContent).toBe('Also editing now: Priya Natarajan'));
    expect(callsOf('pages.presence')[0]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', editing: true, blockId: null });
    fireEvent.click(within(editor).getByRole('button', { name: '← All pages' }));
    await screen.findByRole('region', { name: 'Section Costumes' });
    await waitFor(() => expect(callsOf('pages.presence').at(-1)).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', editing: false, blockId: null }));
  });

  it('history: compares two revisions with a word diff and restores one', async () => {
    const editor = await openRentals();
    fireEvent.click(within(editor).getByRole('tab', { name: 'History' }));
    const list = await within(editor).findByRole('list', { name: 'Revisions, newest first' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    fireEvent.change(within(editor).getByLabelText('From'), { target: { value: 'rev-1' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Compare' }));
    const diff = await within(editor).findByRole('region', { name: 'Differences' });
    expect(callsOf('pages.compare')[0]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', from: 'rev-1', to: 'rev-3' });
    expect(diff.querySelector('del')!.textContent).toBe('Rentals');
    expect([...diff.querySelectorAll('.word-diff ins')].map((e) => e.textContent)).toEqual(['Tuesday evenings']);
    expect([...diff.querySelectorAll('.word-diff del')].map((e) => e.textContent)).toEqual(['Mondays']);
    expect(diff.textContent).toContain('Moved a call-out block from position 1 to 3');
    fireEvent.click(within(list).getByRole('button', { name: /^Restore the revision of .* by Morgan Reyes$/ }));
    await waitFor(() => expect(callsOf('pages.restore')).toEqual([{ sectionId: 'costumes', pageId: 'pg-rentals', revision: 'rev-2' }]));
  });

  it('preview: the page from site.preview in a sandboxed srcdoc frame', async () => {
    const editor = await openRentals();
    fireEvent.click(within(editor).getByRole('tab', { name: 'Preview' }));
    const frame = (await within(editor).findByTitle('Preview of Costume rentals')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Costume rentals</h1>');
    expect(frame.hasAttribute('src')).toBe(false);
    expect(callsOf('site.preview')[0]).toEqual({ sectionId: 'costumes', pageId: 'pg-rentals', published: false });
  });
});

describe('Sections: theme', () => {
  it('names the failing contrast pairs from the API and saves the palette', async () => {
    renderScreen();
    fireEvent.click(await screen.findByRole('tab', { name: 'Theme' }));
    const form = await screen.findByRole('form', { name: 'Theme' });
    const check = within(form).getByRole('region', { name: 'Contrast check' });
    await within(check).findByText('Every text pair passes.');
    fireEvent.change(within(form).getByLabelText('Text'), { target: { value: '#ffffff' } });
    const alert = await within(check).findByRole('alert');
    expect(alert.textContent).toBe('Too little contrast: Text on Background (1.0:1).');
    expect(callsOf('theme.checkContrast').at(-1)).toMatchObject({ palette: { text: '#ffffff', background: '#ffffff' } });
    fireEvent.change(within(form).getByLabelText('Text'), { target: { value: '#22' } });
    within(check).getByText('Every color must be written #rrggbb.');
    expect(within(form).getByRole('button', { name: 'Save theme' })).toHaveProperty('disabled', true);
    fireEvent.change(within(form).getByLabelText('Text'), { target: { value: '#222222' } });
    fireEvent.change(within(form).getByLabelText('Body font'), { target: { value: 'sans-system' } });
    fireEvent.change(within(form).getByLabelText('Body size (px)'), { target: { value: '17' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save theme' }));
    await waitFor(() => expect(callsOf('theme.update')).toHaveLength(1));
    expect(callsOf('theme.update')[0]).toEqual({ companyName: 'Riverside Players', palette: { ...PALETTE, text: '#222222' }, typeScale: { base: 17, ratio: 1.25 }, fonts: { display: 'serif-display', body: 'sans-system' } });
  });

  it('a refused theme (no theme.manage) shows the API error', async () => {
    client.setHandlers({
      'theme.update': () => {
        throw new ApiError('forbidden', 'You may not change the theme (theme.manage)');
      },
    });
    renderScreen();
    fireEvent.click(await screen.findByRole('tab', { name: 'Theme' }));
    const form = await screen.findByRole('form', { name: 'Theme' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save theme' }));
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('Error code: forbidden');
  });
});

describe('rich text markup over spans', () => {
  const spanArb = fc.record({ text: fc.string({ minLength: 1, maxLength: 12 }), bold: fc.boolean(), italic: fc.boolean(), link: fc.option(fc.constantFrom('https://example.org/a', 'mailto:x@example.org'), { nil: undefined }) });
  const normalize = (spans: Span[]) => {
    const out: Span[] = [];
    for (const s of spans) {
      const m = { ...(s.bold ? { bold: true } : {}), ...(s.italic ? { italic: true } : {}), ...(s.link ? { link: s.link } : {}) };
      const last = out.at(-1);
      if (last && !!last.bold === !!m.bold && !!last.italic === !!m.italic && last.link === m.link) last.text += s.text;
      else out.push({ text: s.text, ...m });
    }
    return out;
  };

  it('round-trips any spans (including literal *, [, ] and \\)', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 6 }), (spans) => {
        // Marked spans separated by plain text (the markup cannot tell `**a***b*` apart from other readings).
        const spaced = spans.flatMap((s) => [{ text: ' ' }, { ...s, text: s.text.replace(/\s/g, 'x') }]);
        expect(markupToSpans(spansToMarkup(spaced))).toEqual(normalize(spaced));
      }),
    );
  });

  it('wraps a selection and leaves unclosed marks as text', () => {
    expect(wrapSelection('Open daily', 5, 10, 'bold')).toEqual({ value: 'Open **daily**', start: 7, end: 12 });
    expect(markupToSpans('2 * 3 = 6 and [not a link')).toEqual([{ text: '2 * 3 = 6 and [not a link' }]);
    expect(markupToSpans('**a *b* c**')).toEqual([{ text: 'a ', bold: true }, { text: 'b', bold: true, italic: true }, { text: ' c', bold: true }]);
  });
});
