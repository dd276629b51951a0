import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation } from '../../data/queries.ts';
import type { ProcedureOutput } from '../../api/types.ts';

type Report = ProcedureOutput<'directory.import'>;

/** The import wizard: choose a file, preview every row (nothing written), then import. */
export function ImportTab() {
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [data, setData] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const queryClient = useQueryClient();
  const run = useApiMutation('directory.import', {
    onSuccess: (r) => {
      setReport(r);
      if (r.imported) void queryClient.invalidateQueries();
    },
  });
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setFormat(file.name.toLowerCase().endsWith('.json') ? 'json' : 'csv');
    setData(await file.text());
    setReport(null);
  };
  return (
    <div className="directory-import">
      <p>
        A CSV with a header row (name is required; stage name, pronouns, email, skills, production, role, department, billing… are optional) or a
        JSON export. Nothing is written until you import.
      </p>
      <label>
        File
        <input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
      </label>
      <label>
        Format
        <select value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}>
          <option value="csv">CSV</option>
          <option value="json">JSON</option>
        </select>
      </label>
      <label>
        Contents
        <textarea rows={6} value={data} onChange={(e) => (setData(e.target.value), setReport(null))} />
      </label>
      <button type="button" disabled={!data.trim() || run.isPending} onClick={() => run.mutate({ format, data })}>
        Preview
      </button>
      {report && !report.imported && (
        <>
          <p role="status">
            {report.summary.rows} rows: {report.summary.newPeople} new, {report.summary.existingPeople} already in the directory, {report.summary.credits} credits,{' '}
            {report.summary.errors} with errors, {report.summary.possibleDuplicates} possible duplicates.
            {report.ignoredColumns.length > 0 && ` Ignored columns: ${report.ignoredColumns.join(', ')}.`}
          </p>
          <table aria-label="Import preview">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Name</th>
                <th scope="col">Result</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.row} className={`import-${r.status}`}>
                  <td>{r.row}</td>
                  <td>{r.name}</td>
                  <td>{r.status === 'existing' ? 'adds to existing person' : r.status}</td>
                  <td>
                    {[
                      ...r.errors.map((e) => `${e.field}: ${e.message}`),
                      ...r.possibleDuplicates.map((d) => `may be ${d.name} (${d.reason})`),
                      ...(r.credit ? [`credit: ${r.credit.role}`] : []),
                    ].join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.summary.errors > 0 && (
            <label>
              <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> Skip the rows with errors
            </label>
          )}
          <button type="button" disabled={run.isPending || (report.summary.errors > 0 && !skipInvalid)} onClick={() => run.mutate({ format, data, confirm: true, skipInvalid })}>
            Import
          </button>
        </>
      )}
      {report?.imported && (
        <p role="status">
          Imported: {report.created.length} new people and {report.creditsAdded} credits.
        </p>
      )}
    </div>
  );
}
