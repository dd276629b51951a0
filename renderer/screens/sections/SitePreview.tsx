import { useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';

/**
 * The page as the website shows it (`site.preview`: the same templates as the build), in a
 * sandboxed frame: `sandbox=""` (no scripts, no forms, unique origin) with the HTML as srcdoc.
 */
export function SitePreview({ sectionId, pageId, title, hasPublished }: { sectionId: string; pageId: string; title: string; hasPublished: boolean }) {
  const [published, setPublished] = useState(false);
  const preview = useApiQuery('site.preview', { sectionId, pageId, published }, { staleTime: 0 });
  return (
    <div className="site-preview">
      {hasPublished && (
        <fieldset className="choice-group">
          <legend>Version</legend>
          <label>
            <input type="radio" name="preview-version" checked={!published} onChange={() => setPublished(false)} /> Current draft
          </label>
          <label>
            <input type="radio" name="preview-version" checked={published} onChange={() => setPublished(true)} /> On the website
          </label>
        </fieldset>
      )}
      <QueryState query={preview} what="the preview">
        {/* A new frame for each new page (keyed by its HTML) rather than a srcdoc navigation of the old one. */}
        {(p) => <iframe key={p.html} className="preview-frame" title={`Preview of ${title}${published ? ' (published)' : ''}`} sandbox="" srcDoc={p.html} />}
      </QueryState>
    </div>
  );
}
