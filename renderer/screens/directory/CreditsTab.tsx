import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import type { ProcedureOutput } from '../../api/types.ts';

type CreditRow = ProcedureOutput<'directory.listCredits'>['credits'][number];
type Department = CreditRow['department'];

const LABELS: Record<Department, string> = {
  cast: 'Cast',
  creative: 'Creative team',
  production: 'Production team',
  crew: 'Crew',
  orchestra: 'Orchestra',
  'front-of-house': 'Front of house',
};

function SortableCredit({ credit, index, count, onMove }: { credit: CreditRow; index: number; count: number; onMove: (from: number, to: number) => void }) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id: credit.id });
  const name = credit.stageName || credit.personName;
  const flags = [credit.understudy && 'understudy', credit.swing && 'swing', credit.standby && 'standby'].filter(Boolean).join(', ');
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className="credit-row">
      <span className="drag-handle" {...attributes} {...listeners} aria-label={`Drag ${credit.role} (${name}) to reorder`}>
        ⠿
      </span>
      <span className="credit-role">{credit.role}</span> <span className="credit-name">{name}</span>
      {flags && <span className="muted"> ({flags})</span>}
      <button type="button" disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={`Move ${credit.role} up`}>
        ↑
      </button>
      <button type="button" disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={`Move ${credit.role} down`}>
        ↓
      </button>
    </li>
  );
}

function DepartmentList({ productionId, department, credits }: { productionId: string; department: Department; credits: CreditRow[] }) {
  const [order, setOrder] = useState<CreditRow[] | null>(null);
  const list = order ?? credits;
  const queryClient = useQueryClient();
  const reorder = useApiMutation('directory.reorderCredits', {
    onSettled: () => {
      setOrder(null);
      void queryClient.invalidateQueries({ queryKey: ['directory.listCredits'] });
    },
  });
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const move = (from: number, to: number) => {
    const next = arrayMove(list, from, to);
    setOrder(next);
    reorder.mutate({ productionId, department, order: next.map((c) => c.id) });
  };
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    move(list.findIndex((c) => c.id === e.active.id), list.findIndex((c) => c.id === e.over!.id));
  };
  return (
    <section aria-label={LABELS[department]}>
      <h3>{LABELS[department]}</h3>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={list.map((c) => c.id)} strategy={verticalListSortingStrategy}>
          <ol className="credit-list">
            {list.map((c, i) => (
              <SortableCredit key={c.id} credit={c} index={i} count={list.length} onMove={move} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
    </section>
  );
}

/** A production's cast and crew, by department; drag (or the arrows) to set the billing order. */
export function CreditsTab() {
  const facets = useApiQuery('directory.facets', {});
  const [productionId, setProductionId] = useState('');
  const chosen = productionId || facets.data?.productions[0]?.id || '';
  const credits = useApiQuery('directory.listCredits', { productionId: chosen }, { enabled: chosen !== '' });
  return (
    <div className="directory-credits">
      <label>
        Production
        <select value={chosen} onChange={(e) => setProductionId(e.target.value)}>
          {facets.data?.productions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title} ({p.season})
            </option>
          ))}
        </select>
      </label>
      {chosen === '' ? (
        <p className="muted">No productions yet.</p>
      ) : (
        <QueryState query={credits} what="the cast and crew">
          {(r) => {
            const departments = (Object.keys(LABELS) as Department[]).filter((d) => r.credits.some((c) => c.department === d));
            if (!departments.length) return <p className="muted">No one is credited in {r.production.title} yet.</p>;
            return (
              <>
                {departments.map((d) => (
                  <DepartmentList key={`${chosen}:${d}:${r.credits.filter((c) => c.department === d).map((c) => c.id).join(',')}`} productionId={chosen} department={d} credits={r.credits.filter((c) => c.department === d)} />
                ))}
              </>
            );
          }}
        </QueryState>
      )}
    </div>
  );
}
