import { useState, type FormEvent } from 'react';
import type { ProcedureInput, ProcedureOutput } from '../../api/types.ts';
import { useClient } from '../../data/client-context.tsx';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { SeatMap } from './SeatMap.tsx';

type Layout = ProcedureOutput<'performances.seatMap'>['layout'];
type Area = Layout['areas'][number];
type Seat = Layout['seats'][number];
type Flag = Seat['flags'][number];
type Generate = NonNullable<ProcedureInput<'charts.preview'>['generate']>;

const FLAGS: ReadonlyArray<{ flag: Flag; label: string }> = [
  { flag: 'wheelchair', label: 'Wheelchair space' },
  { flag: 'companion', label: 'Companion seat' },
  { flag: 'restricted', label: 'Restricted view' },
  { flag: 'aisle', label: 'Aisle seat' },
];
const KIND_LABELS: Record<Area['kind'], string> = { group: 'Group', reserved: 'Reserved seating', ga: 'General admission' };

/** Pure edits of a layout, kept out of the component so they are easy to follow and test. */
export const layoutEdits = {
  addArea(layout: Layout, area: Area): Layout {
    return { ...layout, areas: [...layout.areas, area] };
  },
  removeArea(layout: Layout, id: string): Layout {
    return { ...layout, areas: layout.areas.filter((a) => a.id !== id).map((a) => (a.parent === id ? { ...a, parent: null } : a)), seats: layout.seats.filter((s) => s.area !== id) };
  },
  setFlag(layout: Layout, ids: ReadonlySet<string>, flag: Flag, on: boolean): Layout {
    return { ...layout, seats: layout.seats.map((s) => (!ids.has(s.id) ? s : { ...s, flags: on ? [...new Set([...s.flags, flag])] : s.flags.filter((f) => f !== flag) })) };
  },
  setZone(layout: Layout, ids: ReadonlySet<string>, zone: string): Layout {
    return { ...layout, seats: layout.seats.map((s) => (ids.has(s.id) ? { ...s, zone } : s)) };
  },
  removeSeats(layout: Layout, ids: ReadonlySet<string>): Layout {
    return { ...layout, seats: layout.seats.filter((s) => !ids.has(s.id)) };
  },
  addZone(layout: Layout, zone: Layout['zones'][number]): Layout {
    return { ...layout, zones: [...layout.zones, zone] };
  },
};

/** The area tree, children under their group, as rows with a depth. */
function areaTree(areas: readonly Area[]): Array<{ area: Area; depth: number }> {
  const out: Array<{ area: Area; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const a of areas.filter((x) => x.parent === parent)) {
      out.push({ area: a, depth });
      if (a.kind === 'group' && depth < 10) walk(a.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function GeneratorForm({ venueId, onLayout }: { venueId: string; onLayout: (l: Layout) => void }) {
  const [g, setG] = useState({ area: 'orchestra', name: 'Orchestra', rows: 10, seats: 20, curve: 20, aisles: '6, 14', zone: 'standard', wheelchair: '' });
  const [error, setError] = useState('');
  const client = useClient();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const aislesAfter = g.aisles.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
    const wheelchair = g.wheelchair.split(',').map((s) => s.trim()).filter(Boolean);
    const generate: Generate = {
      zones: [{ id: g.zone, name: g.zone.replace(/^./, (c) => c.toUpperCase()), color: '#1f6fb2' }],
      stage: { label: 'Stage', width: 300, height: 40 },
      sections: [{ area: g.area, name: g.name, rows: g.rows, seatsPerRow: g.seats, curve: g.curve, zone: g.zone, ...(aislesAfter.length ? { aislesAfter } : {}), ...(wheelchair.length ? { wheelchair } : {}) }],
    } as Generate;
    try {
      setError('');
      onLayout((await client.invoke('charts.preview', { venueId, generate })).layout as Layout);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const num = (k: 'rows' | 'seats' | 'curve', label: string, max: number) => (
    <label>
      {label} <input type="number" min={0} max={max} value={g[k]} onChange={(e) => setG({ ...g, [k]: Number(e.target.value) })} />
    </label>
  );
  return (
    <form aria-label="Generator" onSubmit={(e) => void submit(e)}>
      <h4>Generate rows</h4>
      <label>
        Area id <input required value={g.area} onChange={(e) => setG({ ...g, area: e.target.value })} />
      </label>
      <label>
        Area name <input required value={g.name} onChange={(e) => setG({ ...g, name: e.target.value })} />
      </label>
      {num('rows', 'Rows', 60)}
      {num('seats', 'Seats per row', 200)}
      {num('curve', 'Curve', 500)}
      <label>
        Aisles after seats <input value={g.aisles} onChange={(e) => setG({ ...g, aisles: e.target.value })} placeholder="e.g. 6, 14" />
      </label>
      <label>
        Price zone <input required value={g.zone} onChange={(e) => setG({ ...g, zone: e.target.value })} />
      </label>
      <label>
        Wheelchair spaces <input value={g.wheelchair} onChange={(e) => setG({ ...g, wheelchair: e.target.value })} placeholder="e.g. A-1, A-2" />
      </label>
      <button type="submit">Generate</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function ImportForm({ venueId, onLayout }: { venueId: string; onLayout: (l: Layout) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const client = useClient();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = text.trim();
    let input: ProcedureInput<'charts.preview'>;
    if (trimmed.startsWith('{')) {
      try {
        input = { venueId, layout: JSON.parse(trimmed) as ProcedureInput<'charts.preview'>['layout'] };
      } catch {
        setError('The JSON layout does not parse; check its brackets and quotes.');
        return;
      }
    } else input = { venueId, csv: trimmed };
    try {
      setError('');
      onLayout((await client.invoke('charts.preview', input)).layout as Layout);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form aria-label="Import" onSubmit={(e) => void submit(e)}>
      <h4>Import JSON or CSV</h4>
      <label>
        Layout (JSON, or CSV with area,row,number,x,y,zone,flags)
        <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        Or a file{' '}
        <input type="file" accept=".json,.csv,application/json,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setText)} />
      </label>
      <button type="submit" disabled={!text.trim()}>Import</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function AreasPanel({ layout, onChange }: { layout: Layout; onChange: (l: Layout) => void }) {
  const [a, setA] = useState({ id: '', name: '', kind: 'group' as Area['kind'], parent: '', capacity: 50, zone: '' });
  const groups = layout.areas.filter((x) => x.kind === 'group');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const base = { id: a.id, name: a.name, kind: a.kind, parent: a.parent || null };
    const zone = a.zone || layout.zones[0]?.id || '';
    const area: Area = a.kind === 'ga' ? { ...base, capacity: a.capacity, zone, box: { x: 10, y: layout.height - 60, width: 200, height: 50 } } : base;
    onChange(layoutEdits.addArea(layout, area));
    setA({ ...a, id: '', name: '' });
  };
  return (
    <section aria-label="Areas">
      <h4>Areas</h4>
      <ul className="area-tree">
        {areaTree(layout.areas).map(({ area, depth }) => (
          <li key={area.id} style={{ marginLeft: `${depth * 1.5}em` }}>
            {area.name} — {KIND_LABELS[area.kind]}
            {area.kind === 'ga' ? `, capacity ${area.capacity}` : area.kind === 'reserved' ? `, ${layout.seats.filter((s) => s.area === area.id).length} seats` : ''}{' '}
            <button type="button" aria-label={`Remove area ${area.name}`} onClick={() => onChange(layoutEdits.removeArea(layout, area.id))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form aria-label="New area" onSubmit={add}>
        <label>
          Id <input required value={a.id} onChange={(e) => setA({ ...a, id: e.target.value })} />
        </label>
        <label>
          Name <input required value={a.name} onChange={(e) => setA({ ...a, name: e.target.value })} />
        </label>
        <label>
          Kind{' '}
          <select value={a.kind} onChange={(e) => setA({ ...a, kind: e.target.value as Area['kind'] })}>
            {Object.entries(KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Inside{' '}
          <select value={a.parent} onChange={(e) => setA({ ...a, parent: e.target.value })}>
            <option value="">(top level)</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        {a.kind === 'ga' && (
          <>
            <label>
              Capacity <input type="number" min={1} max={5000} value={a.capacity} onChange={(e) => setA({ ...a, capacity: Number(e.target.value) })} />
            </label>
            <label>
              Zone{' '}
              <select value={a.zone || layout.zones[0]?.id} onChange={(e) => setA({ ...a, zone: e.target.value })}>
                {layout.zones.map((z) => (
                  <option key={z.id} value={z.id}>
                    {z.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <button type="submit">Add area</button>
      </form>
    </section>
  );
}

function SelectionPanel({ layout, selected, onChange, onClear }: { layout: Layout; selected: ReadonlySet<string>; onChange: (l: Layout) => void; onClear: () => void }) {
  const seats = layout.seats.filter((s) => selected.has(s.id));
  const [zone, setZone] = useState({ id: '', name: '', color: '#2e8b57' });
  if (seats.length === 0) return <p>Select seats on the map (click, or drag a rectangle) to set their flags and price zone.</p>;
  const zoneNow = new Set(seats.map((s) => s.zone));
  return (
    <section aria-label="Selected seats">
      <h4>
        {seats.length} selected seat{seats.length === 1 ? '' : 's'}: {seats.slice(0, 8).map((s) => s.id).join(', ')}
        {seats.length > 8 ? '…' : ''}
      </h4>
      <fieldset>
        <legend>Flags</legend>
        {FLAGS.map(({ flag, label }) => {
          const all = seats.every((s) => s.flags.includes(flag));
          return (
            <label key={flag}>
              <input type="checkbox" checked={all} onChange={() => onChange(layoutEdits.setFlag(layout, selected, flag, !all))} /> {label}
            </label>
          );
        })}
      </fieldset>
      <label>
        Price zone{' '}
        <select value={zoneNow.size === 1 ? [...zoneNow][0] : ''} onChange={(e) => e.target.value && onChange(layoutEdits.setZone(layout, selected, e.target.value))}>
          {zoneNow.size > 1 && <option value="">(several)</option>}
          {layout.zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </select>
      </label>
      <form
        aria-label="New price zone"
        onSubmit={(e) => {
          e.preventDefault();
          onChange(layoutEdits.setZone(layoutEdits.addZone(layout, zone), selected, zone.id));
          setZone({ id: '', name: '', color: zone.color });
        }}
      >
        <label>
          New zone id <input required value={zone.id} onChange={(e) => setZone({ ...zone, id: e.target.value })} />
        </label>
        <label>
          Zone name <input required value={zone.name} onChange={(e) => setZone({ ...zone, name: e.target.value })} />
        </label>
        <label>
          Color <input type="color" value={zone.color} onChange={(e) => setZone({ ...zone, color: e.target.value })} />
        </label>
        <button type="submit">Add zone for selection</button>
      </form>
      <button type="button" onClick={() => (onChange(layoutEdits.removeSeats(layout, selected)), onClear())}>
        Remove selected seats
      </button>
      <button type="button" onClick={onClear}>
        Clear selection
      </button>
    </section>
  );
}

/**
 * The chart editor: generate rows (curve, aisles, wheelchair spaces) or import a JSON/CSV
 * layout, shape the tree of areas (groups, reserved seating, general admission with a
 * capacity), select seats on the map to set flags and price zones, then save as a new chart
 * or a new version of an existing one (performances keep the version they were sold on).
 */
export function ChartEditor() {
  const charts = useApiQuery('charts.list', {});
  const [meta, setMeta] = useState({ venueId: 'riverside-playhouse', spaceId: 'main-stage', chartId: '', name: '', note: '' });
  const [layout, setLayout] = useState<Layout | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const check = useApiQuery('charts.preview', layout ? { venueId: meta.venueId, layout: layout as ProcedureInput<'charts.preview'>['layout'] } : { venueId: meta.venueId, layout: undefined }, { enabled: layout !== null });
  const create = useApiMutation('charts.create');
  const publish = useApiMutation('charts.publish');
  const existing = (charts.data ?? []).find((c) => c.id === meta.chartId);
  const replace = (l: Layout) => {
    setLayout(l);
    setSelected(new Set());
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!layout) return;
    const l = layout as ProcedureInput<'charts.create'>['layout'];
    if (existing) publish.mutate({ venueId: meta.venueId, chartId: meta.chartId, note: meta.note, layout: l });
    else create.mutate({ venueId: meta.venueId, spaceId: meta.spaceId, chartId: meta.chartId, name: meta.name, ...(meta.note ? { note: meta.note } : {}), layout: l });
  };
  const saved = create.data ?? publish.data;
  return (
    <div className="chart-editor">
      <ul aria-label="Charts">
        {(charts.data ?? []).map((c) => (
          <li key={c.id}>
            {c.name} ({c.venueId}/{c.spaceId}) — version {c.latest}, {c.versions.at(-1)?.places} places
          </li>
        ))}
      </ul>
      <GeneratorForm venueId={meta.venueId} onLayout={replace} />
      <ImportForm venueId={meta.venueId} onLayout={replace} />
      {layout && (
        <>
          <AreasPanel layout={layout} onChange={setLayout} />
          <SeatMap
            layout={layout}
            statuses={{}}
            selected={selected}
            title="Chart being edited"
            onToggle={(id) =>
              setSelected((s) => {
                const n = new Set(s);
                if (n.has(id)) n.delete(id);
                else n.add(id);
                return n;
              })
            }
            onSelectMany={(ids) => setSelected((s) => new Set([...s, ...ids]))}
          />
          <SelectionPanel layout={layout} selected={selected} onChange={setLayout} onClear={() => setSelected(new Set())} />
          {check.error ? (
            <p role="alert">{check.error.message}</p>
          ) : (
            check.data && (
              <p>
                {check.data.places} places ({check.data.seats} reserved seats)
              </p>
            )
          )}
          <form aria-label="Save chart" onSubmit={save}>
            <label>
              Chart id <input required value={meta.chartId} onChange={(e) => setMeta({ ...meta, chartId: e.target.value })} />
            </label>
            {!existing && (
              <>
                <label>
                  Name <input required value={meta.name} onChange={(e) => setMeta({ ...meta, name: e.target.value })} />
                </label>
                <label>
                  Space <input required value={meta.spaceId} onChange={(e) => setMeta({ ...meta, spaceId: e.target.value })} />
                </label>
              </>
            )}
            <label>
              Version note <input value={meta.note} onChange={(e) => setMeta({ ...meta, note: e.target.value })} />
            </label>
            <button type="submit" disabled={Boolean(check.error) || create.isPending || publish.isPending}>
              {existing ? `Publish version ${existing.latest + 1}` : 'Save chart'}
            </button>
            {(create.error ?? publish.error) && <p role="alert">{(create.error ?? publish.error)!.message}</p>}
            {saved && (
              <p role="status">
                Saved {saved.name}, version {saved.latest}
              </p>
            )}
          </form>
        </>
      )}
    </div>
  );
}
