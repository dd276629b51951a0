import { useState } from 'react';
import { useClient } from '../../data/client-context.tsx';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';

function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** The season program of a production: a preview, and HTML or PDF to download. */
export function ProgramTab() {
  const facets = useApiQuery('directory.facets', {});
  const client = useClient();
  const [productionId, setProductionId] = useState('');
  const chosen = productionId || facets.data?.productions[0]?.id || '';
  const program = useApiQuery('directory.program', { productionId: chosen, format: 'html' }, { enabled: chosen !== '' });
  const save = async (format: 'html' | 'pdf') => {
    const r = await client.invoke('directory.program', { productionId: chosen, format });
    if (r.format === 'pdf') {
      const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
      download(`${chosen}-program.pdf`, new Blob([bytes], { type: 'application/pdf' }));
    } else if (r.format === 'html') download(`${chosen}-program.html`, new Blob([r.html], { type: 'text/html' }));
  };
  return (
    <div className="directory-program">
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
      <button type="button" disabled={!chosen} onClick={() => void save('html')}>
        Download HTML
      </button>
      <button type="button" disabled={!chosen} onClick={() => void save('pdf')}>
        Download PDF
      </button>
      {chosen && (
        <QueryState query={program} what="the program">
          {(r) => (r.format === 'html' ? <iframe title="Program preview" className="program-preview" sandbox="" srcDoc={r.html} /> : null)}
        </QueryState>
      )}
    </div>
  );
}
