import { plural } from '../../format.ts';
import type { ProcedureInput } from '../../api/types.ts';
import { useAuditExport } from './use-audit.ts';

type Filters = Omit<ProcedureInput<'audit.export'>, 'format'>;

/** Exports every entry matching the current filters (not only the pages shown) as CSV or JSON. */
export function ExportButtons({ filters }: { filters: Filters }) {
  const exporter = useAuditExport();
  const done = exporter.data;
  return (
    <div className="export">
      <span className="export-label">Export the entries matching these filters:</span>
      <button type="button" className="button" disabled={exporter.isPending} onClick={() => exporter.mutate({ ...filters, format: 'csv' })}>
        Export CSV
      </button>
      <button type="button" className="button" disabled={exporter.isPending} onClick={() => exporter.mutate({ ...filters, format: 'json' })}>
        Export JSON
      </button>
      <span role="status" className="export-status">
        {exporter.isPending ? 'Exporting…' : done ? `Saved ${plural(done.count, 'entry', 'entries')} as ${done.filename}.` : ''}
      </span>
    </div>
  );
}
