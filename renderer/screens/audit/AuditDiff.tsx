import { diffRows, fieldLabel, formatValue, type Diff, type ValueContext } from './diff.ts';

/** Before/after of one audit entry, field by field; removed values struck through, new ones marked. */
export function AuditDiff({ diff, ctx }: { diff: Diff; ctx: ValueContext }) {
  const rows = diffRows(diff);
  const created = diff.before === undefined || diff.before === null;
  const removed = diff.after === undefined || diff.after === null;
  if (rows.length === 0) return <p className="muted">No field changed.</p>;
  return (
    <table className="diff-table">
      <caption>{created ? 'Created with' : removed ? 'Removed; it was' : 'Changes'}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          {!created && <th scope="col">Before</th>}
          {!removed && <th scope="col">After</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field}>
            <th scope="row">{fieldLabel(r.field)}</th>
            {!created && <td>{r.changed && !removed ? <del>{formatValue(r.field, r.before, ctx)}</del> : formatValue(r.field, r.before, ctx)}</td>}
            {!removed && <td>{r.changed && !created ? <ins>{formatValue(r.field, r.after, ctx)}</ins> : formatValue(r.field, r.after, ctx)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
