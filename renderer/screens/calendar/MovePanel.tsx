import { ConflictDecision } from './ConflictDecision.tsx';
import { formatSpan, localMinutes, type EditScope } from './calendar-model.ts';
import { ScopeChooser } from './ScopeChooser.tsx';
import type { PendingMove } from './use-calendar.ts';

/** A move waiting for the scheduler: which dates (recurring events), the conflict check, then move or cancel. */
export function MovePanel({
  move,
  busy,
  onScope,
  onCancel,
  onConfirm,
}: {
  move: PendingMove;
  busy: boolean;
  onScope: (scope: EditScope) => void;
  onCancel: () => void;
  onConfirm: (reason?: string) => void;
}) {
  const o = move.occurrence;
  const shift = (localMinutes(move.start) ?? 0) - (localMinutes(o.start) ?? 0);
  const to = { start: move.start, end: move.end, timeZone: o.timeZone, startUtc: o.startUtc + shift * 60_000 };
  const title = `Move “${o.title}”`;
  const what = (
    <p className="move-summary">
      From {formatSpan(o)}
      <br />
      to <strong>{formatSpan(to)}</strong>
    </p>
  );
  return (
    <div className="move-panel" aria-label="Move an event" role="region">
      {o.recurrenceId && <ScopeChooser value={move.scope} onChange={onScope} disabled={busy} />}
      {move.conflicts === undefined && (
        <section className="conflict-warning" aria-label={title}>
          <h3>{title}</h3>
          {what}
          <p role="status">Checking conflicts…</p>
        </section>
      )}
      {move.conflicts !== undefined && move.conflicts.length > 0 && (
        <ConflictDecision title={title} conflicts={move.conflicts} busy={busy} onCancel={onCancel} onAccept={(reason) => onConfirm(reason)}>
          {what}
        </ConflictDecision>
      )}
      {move.conflicts !== undefined && move.conflicts.length === 0 && (
        <section className="move-ok" aria-label={title}>
          <h3>{title}</h3>
          {what}
          <p role="status">No conflicts.</p>
          <div className="button-row">
            <button type="button" className="button" onClick={onCancel} disabled={busy}>
              Cancel the change
            </button>
            <button type="button" className="button button-primary" onClick={() => onConfirm()} disabled={busy}>
              Move
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
