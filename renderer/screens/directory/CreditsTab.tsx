import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import type { ProcedureOutput } from '../../api/types.ts';
import { CreditForm, DEPARTMENT_LABELS } from './CreditForm.tsx';

type CreditRow = ProcedureOutput<'directory.listCredits'>['credits'][number];
type Department = CreditRow['department'];

const LABELS = DEPARTMENT_LABELS;

function SortableCredit({
  productionId,
  credit,
  index,
  count,
  canEdit,
  onMove,
}: {
  productionId: string;
  credit: CreditRow;
  index: number;
  count: number;
  canEdit: boolean;
  onMove: (from: number, to: number) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id: credit.id });
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const remove = useApiMutation('directory.removeCredit', { onSuccess: () => void queryClient.invalidateQueries() });
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
      {canEdit && (
        <>
          <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing} aria-label={`Edit ${credit.role} (${name})`}>
            Edit
          </button>
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Remove ${name} as ${credit.role}?`)) remove.mutate({ productionId, creditId: credit.id });
            }}
            aria-label={`Remove ${credit.role} (${name})`}
          >
            Remove
          </button>
        </>
      )}
      {editing && <CreditForm productionId={productionId} credit={credit} onDone={() => setEditing(false)} />}
    </li>
  );
}

function DepartmentList({ productionId, department, credits, canEdit }: { productionId: string; department: Department; credits: CreditRow[]; canEdit: boolean }) {
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
              <SortableCredit key={c.id} productionId={productionId} credit={c} index={i} count={list.length} canEdit={canEdit} onMove={move} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
    </section>
  );
}

/**
 * A production's cast and crew, by department; drag (or, with the keyboard, focus the handle,
 * Space, arrows, Space; or the ↑ ↓ buttons) to set the billing order; add, edit and remove credits.
 */
export function CreditsTab() {
  const facets = useApiQuery('directory.facets', {});
  const canEdit = facets.data?.permissions.edit ?? false;
  const [productionId, setProductionId] = useState('');
  /** Credits added so far: a fresh form after each. */
  const [added, setAdded] = useState(0);
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
            return (
              <>
                {!departments.length && <p className="muted">No one is credited in {r.production.title} yet.</p>}
                {departments.map((d) => (
                  <DepartmentList
                    key={`${chosen}:${d}:${r.credits.filter((c) => c.department === d).map((c) => c.id).join(',')}`}
                    productionId={chosen}
                    department={d}
                    credits={r.credits.filter((c) => c.department === d)}
                    canEdit={canEdit}
                  />
                ))}
                {canEdit && (
                  <section aria-label="Add a credit">
                    <h3>Add a credit</h3>
                    <CreditForm key={`${chosen}:${added}`} productionId={chosen} onDone={() => setAdded((n) => n + 1)} />
                  </section>
                )}
              </>
            );
          }}
        </QueryState>
      )}
    </div>
  );
}
