import type { Production } from './calendar-model.ts';

/** Which colour is which production: colour is never the only cue (events name their production too). */
export function ProductionLegend({ productions, colors }: { productions: Production[]; colors: Map<string, string> }) {
  if (productions.length === 0) return null;
  return (
    <ul className="calendar-legend" aria-label="Production colours">
      {productions.map((p) => (
        <li key={p.id}>
          <span className="legend-swatch" style={{ background: colors.get(p.id) }} aria-hidden="true" />
          {p.title} <span className="muted">({p.season})</span>
        </li>
      ))}
    </ul>
  );
}
