import { useId, useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { addDays, type Production } from './calendar-model.ts';
import { ConflictList } from './ConflictList.tsx';
import { WindowFields, windowOk } from './WindowFields.tsx';

/** The conflicts among what is scheduled for one production (including the ones kept with a reason). */
export function ProductionConflicts({ productions, today, zone }: { productions: Production[]; today: string; zone: string | undefined }) {
  const id = useId();
  const [productionId, setProductionId] = useState('');
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(addDays(today, 365));
  const chosen = productionId || productions[0]?.id || '';
  const conflicts = useApiQuery('calendar.conflicts', { productionId: chosen, from, to, ...(zone ? { timeZone: zone } : {}) }, { enabled: Boolean(chosen) && windowOk(from, to) });
  const title = productions.find((p) => p.id === chosen)?.title ?? chosen;
  if (productions.length === 0) return <p className="muted">No productions yet.</p>;
  return (
    <section className="production-conflicts" aria-label="Conflicts by production">
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-production`}>Production</label>
          <select id={`${id}-production`} value={chosen} onChange={(e) => setProductionId(e.target.value)}>
            {productions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title} ({p.season})
              </option>
            ))}
          </select>
        </div>
      </div>
      <WindowFields
        from={from}
        to={to}
        onChange={(f, t) => {
          setFrom(f);
          setTo(t);
        }}
      />
      {windowOk(from, to) && (
        <QueryState query={conflicts} what="conflicts">
          {(list) => (list.length === 0 ? <p>No conflicts for {title} between these dates.</p> : <ConflictList conflicts={list} label={`Conflicts of ${title}`} />)}
        </QueryState>
      )}
    </section>
  );
}
