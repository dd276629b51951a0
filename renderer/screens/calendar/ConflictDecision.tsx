import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Conflict } from './calendar-model.ts';
import { ConflictList } from './ConflictList.tsx';

/**
 * The warning shown before a change with conflicts goes through: the list, then "Cancel" or
 * "Keep it anyway" with a reason (required; the API records it with the event and in the audit log).
 */
export function ConflictDecision({
  title,
  conflicts,
  busy,
  onCancel,
  onAccept,
  children,
}: {
  title: string;
  conflicts: Conflict[];
  busy: boolean;
  onCancel: () => void;
  onAccept: (reason: string) => void;
  children?: ReactNode;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (!reason.trim()) {
      setProblem('Give a reason to keep this change despite the conflicts; it is recorded with the event.');
      return;
    }
    onAccept(reason.trim());
  };
  return (
    <section className="conflict-warning" role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-lede`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <p id={`${id}-lede`}>
        {conflicts.length === 1 ? 'This change has 1 conflict.' : `This change has ${conflicts.length} conflicts.`} Cancel it, or keep it with a reason.
      </p>
      <ConflictList conflicts={conflicts} label="Conflicts" />
      <form onSubmit={submit} aria-label="Keep despite conflicts">
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason for keeping it</label>
          <input
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setProblem(undefined);
            }}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            maxLength={500}
            placeholder="e.g. Dev excused from tech for this rehearsal"
          />
          {problem && (
            <p id={`${id}-problem`} className="field-error">
              {problem}
            </p>
          )}
        </div>
        <div className="button-row">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel the change
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Keep it anyway
          </button>
        </div>
      </form>
    </section>
  );
}
