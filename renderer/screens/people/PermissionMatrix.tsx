import type { ProcedureOutput } from '../../api/types.ts';
import { describeScope } from './scope-text.ts';

export type Matrix = ProcedureOutput<'auth.matrix'>;
export interface CellRef {
  action: string;
  scope: string;
}

/** Rows are scopes, columns actions; each cell says Yes or No in words and has its own "Why?". */
export function PermissionMatrix({
  matrix,
  userName,
  asked,
  onAsk,
}: {
  matrix: Matrix;
  userName: string;
  asked: CellRef | undefined;
  onAsk: (cell: CellRef) => void;
}) {
  return (
    <div className="table-wrap matrix-wrap">
      <table className="matrix">
        <caption className="visually-hidden">What {userName} can do: scopes by row, actions by column</caption>
        <thead>
          <tr>
            <th scope="col">Scope</th>
            {matrix.actions.map((a) => (
              <th key={a} scope="col" className="matrix-action">
                {a.replace(/\./g, '.\u200b')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => {
            const cells = new Map(row.cells.map((c) => [c.action, c]));
            return (
              <tr key={row.scope}>
                <th scope="row" className="matrix-scope">
                  <code>{row.scope}</code>
                  <span className="matrix-scope-words">{describeScope(row.scope)}</span>
                </th>
                {matrix.actions.map((a) => {
                  const cell = cells.get(a);
                  if (cell === undefined)
                    return (
                      <td key={a} className="cell-na">
                        <span aria-hidden="true">·</span>
                        <span className="visually-hidden">does not apply</span>
                      </td>
                    );
                  const current = asked?.action === a && asked.scope === row.scope;
                  const allowed = cell.allowed;
                  // A deny that decided reads differently from simply having no grant.
                  const word = allowed ? '✓ Yes' : cell.effect === 'deny' ? '✗ Denied' : '✗ No';
                  return (
                    <td key={a} className={allowed ? 'cell-yes' : cell.effect === 'deny' ? 'cell-no cell-denied' : 'cell-no'} aria-current={current ? 'true' : undefined}>
                      <span className="cell-word">{word}</span>
                      <button
                        type="button"
                        className="why"
                        onClick={() => onAsk({ action: a, scope: row.scope })}
                        aria-label={`Why ${allowed ? 'may' : 'may not'} ${userName} ${a} on ${row.scope}?`}
                      >
                        Why?
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
