import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { invalidateMedia } from './AssetDetail.tsx';
import type { JobView, TransferStatus } from './types.ts';

/** Which assets need attention on this device, and verify/repair with progress. */
export function IntegrityReport() {
  const qc = useQueryClient();
  const report = useApiQuery('media.integrity', {});
  const transfers = useApiQuery('media.transfers', {}, { refetchInterval: (q) => (q.state.data && (q.state.data.missing > 0 || q.state.data.current) ? 2000 : false) });
  // verify and repair are mutations that answer when done; meanwhile their progress is polled.
  const [finished, setFinished] = useState<JobView | null>(null);
  const done = (j: JobView) => {
    setFinished(j);
    invalidateMedia(qc);
  };
  const startVerify = useApiMutation('media.verify', { onSuccess: done });
  const startRepair = useApiMutation('media.repair', { onSuccess: done });
  const running = startVerify.isPending || startRepair.isPending;
  const jobs = useApiQuery('media.jobs', {}, { enabled: running, refetchInterval: running ? 500 : false });
  const live = running ? jobs.data?.find((j) => j.state === 'running') : undefined;
  const job = live ?? (running ? undefined : finished);
  const failure = startVerify.error ?? startRepair.error;
  return (
    <div className="media-integrity">
      <QueryState query={report} what="the integrity report">
        {(r) => (
          <>
            <p>
              Store: {r.store}. Last check: {r.lastCheckedAt ? new Date(r.lastCheckedAt).toLocaleString() : 'never'}.{' '}
              {Object.entries(r.blobs).map(([k, n]) => `${n} ${k}`).join(', ')}
            </p>
            {transfers.data && <PeerTransfers t={transfers.data} />}
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
            {running && !job && <p role="status">Starting…</p>}
            {job && (
              <p role="status">
                {job.kind === 'verify' ? 'Verify' : 'Repair'}: {job.state === 'running' ? `${job.progress.done} of ${job.progress.total}` : job.state}
                {job.state === 'running' && <progress max={Math.max(1, job.progress.total)} value={job.progress.done} aria-label="Integrity progress" />}
                {job.error && ` — ${job.error.message}`}
              </p>
            )}
            {!running && failure && <p role="alert">{failure.message}</p>}
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

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** Files that arrived by sync as records only: how many are still to fetch from peers, and the one coming now. */
function PeerTransfers({ t }: { t: TransferStatus }) {
  if (t.missing === 0 && !t.current) {
    return <p className="media-transfers">Every file is on this device.{t.fetched > 0 && ` ${t.fetched} fetched from peers (${mb(t.bytesFetched)}).`}</p>;
  }
  return (
    <div className="media-transfers" role="status" aria-label="Files from peers">
      <p>
        {t.missing} {t.missing === 1 ? 'file' : 'files'} ({mb(t.missingBytes)}) not yet on this device.{' '}
        {t.peers === 0 ? 'They will be fetched when a device that has them is connected (Sync screen).' : `Fetching from ${t.peers === 1 ? 'a connected device' : `${t.peers} connected devices`}.`}
      </p>
      {t.current && (
        <p>
          {t.current.hash.slice(0, 12)}… from {t.current.from}: {mb(t.current.bytes)} of {mb(t.current.size)}{' '}
          <progress max={Math.max(1, t.current.size)} value={t.current.bytes} aria-label="File transfer progress" />
        </p>
      )}
      {t.lastError && <p className="media-transfers-error">Last problem: {t.lastError}</p>}
    </div>
  );
}
