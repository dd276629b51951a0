import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { invalidateMedia } from './AssetDetail.tsx';

/** Which assets need attention on this device, and verify/repair with progress. */
export function IntegrityReport() {
  const qc = useQueryClient();
  const report = useApiQuery('media.integrity', {});
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useApiQuery('media.job', { jobId: jobId ?? '' }, {
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
  const startVerify = useApiMutation('media.startVerify', { onSuccess: (j) => setJobId(j.id) });
  const startRepair = useApiMutation('media.startRepair', { onSuccess: (j) => setJobId(j.id) });
  const running = job.data?.state === 'running';
  if (job.data && job.data.state !== 'running' && report.dataUpdatedAt < (job.data.finishedAt ?? 0)) invalidateMedia(qc);
  return (
    <div className="media-integrity">
      <QueryState query={report} what="the integrity report">
        {(r) => (
          <>
            <p>
              Store: {r.store}. Last check: {r.lastCheckedAt ? new Date(r.lastCheckedAt).toLocaleString() : 'never'}.{' '}
              {Object.entries(r.blobs).map(([k, n]) => `${n} ${k}`).join(', ')}
            </p>
            <div className="media-integrity-actions">
              <button type="button" disabled={running} onClick={() => startVerify.mutate({})}>
                Verify now
              </button>
              {r.replicas.map((name) => (
                <button key={name} type="button" disabled={running || r.items.length === 0} onClick={() => startRepair.mutate({ from: name })}>
                  Repair from {name}
                </button>
              ))}
              {r.replicas.length === 0 && <span>No replica store is configured to repair from (see media.json).</span>}
            </div>
            {job.data && (
              <p role="status">
                {job.data.kind === 'verify' ? 'Verify' : 'Repair'}: {job.data.state === 'running' ? `${job.data.progress.done} of ${job.data.progress.total}` : job.data.state}
                {job.data.state === 'running' && <progress max={Math.max(1, job.data.progress.total)} value={job.data.progress.done} aria-label="Integrity progress" />}
                {job.data.error && ` — ${job.data.error.message}`}
              </p>
            )}
            {r.items.length === 0 ? (
              <p className="empty">Every file checked on this device is intact.</p>
            ) : (
              <table aria-label="Assets that need attention">
                <thead>
                  <tr>
                    <th>Asset</th>
                    <th>Production</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {r.items.map((a) => (
                    <tr key={a.id}>
                      <td>{a.title || a.filename || a.id}</td>
                      <td>{a.productionId}</td>
                      <td>{a.status === 'missing' ? 'File missing' : 'File damaged (content does not match its hash)'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryState>
    </div>
  );
}
