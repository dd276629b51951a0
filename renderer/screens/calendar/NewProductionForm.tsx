import { useId, useState, type FormEvent } from 'react';
import type { Production } from './calendar-model.ts';
import { errorField } from './calendar-model.ts';
import { useScheduleChange } from './use-calendar.ts';

const SEASON = /^\d{4}-\d{2}$/;

/** Creates a production (title, season, opening and closing dates); its schedule is built in the calendar. */
export function NewProductionForm({ onCreated, onCancel }: { onCreated: (production: Production) => void; onCancel: () => void }) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [season, setSeason] = useState('');
  const [opening, setOpening] = useState('');
  const [closing, setClosing] = useState('');
  const [shown, setShown] = useState(false);
  const create = useScheduleChange('productions.create', (p) => onCreated(p as Production));
  const problems: Record<string, string> = {};
  if (!title.trim()) problems['title'] = 'Give the production a title.';
  if (!season.trim()) problems['season'] = 'Give the season, e.g. 2026-27.';
  else if (!SEASON.test(season.trim())) problems['season'] = 'Write the season as two years, e.g. 2026-27.';
  if (opening && closing && closing < opening) problems['closing'] = 'Closing is before opening.';
  const visible = shown ? problems : {};
  const apiField = errorField(create.error);
  const err = (f: string) => (visible[f] ? <p className="field-error">{visible[f]}</p> : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(problems).length) return;
    void create.send({ title: title.trim(), season: season.trim(), status: 'planning', opening: opening || null, closing: closing || null });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="section-title">
        New production
      </h2>
      <form onSubmit={submit} noValidate aria-label="New production">
        <div className="inline-form">
          <div className="field field-wide">
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={'title' in visible || apiField === 'title'} />
            {err('title')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-season`}>Season</label>
            <input id={`${id}-season`} value={season} onChange={(e) => setSeason(e.target.value)} placeholder="2026-27" aria-invalid={'season' in visible || apiField === 'season'} />
            {err('season')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-opening`}>Opening</label>
            <input id={`${id}-opening`} type="date" value={opening} onChange={(e) => setOpening(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-closing`}>Closing</label>
            <input id={`${id}-closing`} type="date" value={closing} onChange={(e) => setClosing(e.target.value)} aria-invalid={'closing' in visible} />
            {err('closing')}
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={create.busy}>
            Create production
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
