import { useMemo, useRef, useState, type PointerEvent } from 'react';
import type { ProcedureOutput } from '../../api/types.ts';

type SeatMapData = ProcedureOutput<'performances.seatMap'>;
type Layout = SeatMapData['layout'];

/** Same colours as core/ticketing/svg.ts (the CLI's exported map). */
export const STATUS_COLORS: Record<string, string> = {
  available: '#2e8b57',
  held: '#e0a100',
  sold: '#8a8f98',
  killed: '#2b2b2b',
  unallocated: '#c9cdd3',
  selected: '#1f6fb2',
};
const LABELS: Record<string, string> = { available: 'Available', held: 'Held', sold: 'Sold', killed: 'Not for sale', unallocated: 'Allocated elsewhere', selected: 'Selected' };

/**
 * The interactive seat map: seats coloured by status (refreshed live when others sell, as
 * every API change invalidates the query), click a seat to select it, drag a rectangle to
 * select many, zoom with the buttons or the wheel and pan with the arrows. Only available
 * seats can be selected. Every seat is a button with a spoken label.
 */
export function SeatMap({
  layout,
  statuses,
  selected,
  onToggle,
  onSelectMany,
  title,
}: {
  layout: Layout;
  statuses: Record<string, string>;
  selected: ReadonlySet<string>;
  onToggle: (seatId: string) => void;
  onSelectMany: (seatIds: string[]) => void;
  title: string;
}) {
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const zones = useMemo(() => new Map(layout.zones.map((z) => [z.id, z])), [layout]);
  const w = layout.width / zoom;
  const h = layout.height / zoom;
  const vb = `${pan.x} ${pan.y} ${w} ${h}`;

  const toChart = (e: PointerEvent): { x: number; y: number } => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return { x: 0, y: 0 };
    return { x: pan.x + ((e.clientX - rect.left) / rect.width) * w, y: pan.y + ((e.clientY - rect.top) / rect.height) * h };
  };
  const finishDrag = () => {
    if (!drag) return;
    const [x0, x1] = [Math.min(drag.x0, drag.x1), Math.max(drag.x0, drag.x1)];
    const [y0, y1] = [Math.min(drag.y0, drag.y1), Math.max(drag.y0, drag.y1)];
    setDrag(null);
    if (x1 - x0 < 4 && y1 - y0 < 4) return;
    onSelectMany(layout.seats.filter((s) => s.x >= x0 && s.x <= x1 && s.y >= y0 && s.y <= y1 && !statuses[s.id]).map((s) => s.id));
  };
  const step = (dx: number, dy: number) => setPan((p) => ({ x: p.x + dx * w * 0.2, y: p.y + dy * h * 0.2 }));

  return (
    <div className="seat-map">
      <div className="seat-map-tools" role="toolbar" aria-label="Map view">
        <button type="button" onClick={() => setZoom((z) => Math.min(4, z * 1.25))}>Zoom in</button>
        <button type="button" onClick={() => setZoom((z) => Math.max(1, z / 1.25))}>Zoom out</button>
        <button type="button" aria-label="Pan left" onClick={() => step(-1, 0)}>←</button>
        <button type="button" aria-label="Pan right" onClick={() => step(1, 0)}>→</button>
        <button type="button" aria-label="Pan up" onClick={() => step(0, -1)}>↑</button>
        <button type="button" aria-label="Pan down" onClick={() => step(0, 1)}>↓</button>
        <button type="button" onClick={() => (setZoom(1), setPan({ x: 0, y: 0 }))}>Reset view</button>
      </div>
      <svg
        ref={svgRef}
        viewBox={vb}
        role="group"
        aria-label={`Seat map: ${title}`}
        style={{ width: '100%', maxHeight: '60vh', touchAction: 'none', userSelect: 'none' }}
        onWheel={(e) => setZoom((z) => Math.min(4, Math.max(1, e.deltaY < 0 ? z * 1.1 : z / 1.1)))}
        onPointerDown={(e) => {
          if ((e.target as Element).closest('[data-seat]')) return;
          const p = toChart(e);
          setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, ...((p) => ({ x1: p.x, y1: p.y }))(toChart(e)) })}
        onPointerUp={finishDrag}
        onPointerLeave={finishDrag}
      >
        <title>{title}</title>
        {layout.stage && (
          <g>
            <rect x={layout.stage.x} y={layout.stage.y} width={layout.stage.width} height={layout.stage.height} rx={6} fill="#f1e9dc" stroke="#8b6f47" />
            <text x={layout.stage.x + layout.stage.width / 2} y={layout.stage.y + layout.stage.height / 2 + 5} textAnchor="middle" fontSize={14}>
              {layout.stage.label}
            </text>
          </g>
        )}
        {layout.seats.map((s) => {
          const status = selected.has(s.id) ? 'selected' : statuses[s.id] ?? 'available';
          const free = !statuses[s.id];
          const flags = s.flags.filter((f) => f !== 'aisle');
          const label = `Row ${s.row} seat ${s.number}, ${zones.get(s.zone)?.name ?? s.zone}, ${LABELS[status]!.toLowerCase()}${flags.length ? `, ${flags.join(', ')}` : ''}`;
          return (
            <g
              key={s.id}
              data-seat={s.id}
              role="button"
              aria-label={label}
              aria-pressed={selected.has(s.id)}
              aria-disabled={!free}
              tabIndex={free ? 0 : -1}
              onClick={() => free && onToggle(s.id)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && free && (e.preventDefault(), onToggle(s.id))}
              style={{ cursor: free ? 'pointer' : 'not-allowed' }}
            >
              <title>{label}</title>
              {s.flags.includes('wheelchair') ? (
                <rect x={s.x - 9} y={s.y - 9} width={18} height={18} rx={2} fill={STATUS_COLORS[status]} stroke={zones.get(s.zone)?.color} strokeWidth={2} />
              ) : (
                <circle cx={s.x} cy={s.y} r={9} fill={STATUS_COLORS[status]} stroke={zones.get(s.zone)?.color} strokeWidth={2} />
              )}
              {s.flags.includes('restricted') && <line x1={s.x - 5} y1={s.y + 5} x2={s.x + 5} y2={s.y - 5} stroke="#fff" strokeWidth={2} />}
              {s.flags.includes('companion') && <circle cx={s.x} cy={s.y} r={3} fill="#fff" />}
            </g>
          );
        })}
        {drag && <rect x={Math.min(drag.x0, drag.x1)} y={Math.min(drag.y0, drag.y1)} width={Math.abs(drag.x1 - drag.x0)} height={Math.abs(drag.y1 - drag.y0)} fill="#1f6fb2" fillOpacity={0.15} stroke="#1f6fb2" />}
      </svg>
      <ul className="seat-map-legend" aria-label="Legend">
        {Object.entries(LABELS).map(([k, v]) => (
          <li key={k}>
            <span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: STATUS_COLORS[k], marginRight: 4 }} />
            {v}
          </li>
        ))}
        {layout.zones.map((z) => (
          <li key={z.id}>
            <span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, border: `3px solid ${z.color}`, marginRight: 4 }} />
            {z.name}
          </li>
        ))}
        <li>Square: wheelchair space · dot: companion seat · slash: restricted view</li>
      </ul>
    </div>
  );
}
