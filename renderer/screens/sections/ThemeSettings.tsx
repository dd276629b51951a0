import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProcedureOutput } from '../../api/types.ts';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';

type ThemeData = ProcedureOutput<'theme.get'>;
type Palette = ThemeData['theme']['palette'];
type ColorName = keyof Palette;

const COLOR_LABEL: Record<ColorName, string> = {
  primary: 'Primary',
  onPrimary: 'Text on primary',
  accent: 'Accent',
  onAccent: 'Text on accent',
  background: 'Background',
  surface: 'Surface',
  text: 'Text',
  muted: 'Muted text',
  link: 'Links',
};
const HEX = /^#[0-9a-fA-F]{6}$/;

/** The brand (admin): palette with the API's contrast check, type scale and fonts from the catalogue. */
export function ThemeSettings() {
  const theme = useApiQuery('theme.get', {});
  return <QueryState query={theme} what="the theme">{(t) => <ThemeForm key={t.theme.updatedAt} data={t} />}</QueryState>;
}

function ThemeForm({ data }: { data: ThemeData }) {
  const qc = useQueryClient();
  const [companyName, setCompanyName] = useState(data.theme.companyName);
  const [palette, setPalette] = useState<Palette>(data.theme.palette);
  const [base, setBase] = useState(data.theme.typeScale.base);
  const [ratio, setRatio] = useState(data.theme.typeScale.ratio);
  const [fonts, setFonts] = useState(data.theme.fonts);
  const [saved, setSaved] = useState(false);
  const valid = Object.values(palette).every((v) => HEX.test(v));
  const check = useApiQuery('theme.checkContrast', { palette }, { enabled: valid, placeholderData: (prev) => prev });
  const save = useApiMutation('theme.update', {
    onSuccess: () => {
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ['theme.get'] });
      void qc.invalidateQueries({ queryKey: ['site.preview'] });
    },
  });
  const failing = (check.data ?? []).filter((c) => !c.passes);
  const names = data.colorNames as ColorName[];
  return (
    <form
      className="theme-form"
      aria-label="Theme"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate({ companyName: companyName.trim(), palette, typeScale: { base, ratio }, fonts });
      }}
    >
      <p className="rule-note">The theme decides how every page of the website looks. Editors choose words and blocks; only people with the theme.manage grant may change it.</p>
      <label>
        Company name
        <input value={companyName} onChange={(e) => setCompanyName(e.target.value)} />
      </label>
      <fieldset className="palette">
        <legend>Palette</legend>
        {names.map((n) => (
          <div key={n} className="swatch-field">
            <span className="swatch" style={{ background: HEX.test(palette[n]) ? palette[n] : 'transparent' }} aria-hidden="true" />
            <label>
              {COLOR_LABEL[n] ?? n}
              <input value={palette[n]} onChange={(e) => setPalette({ ...palette, [n]: e.target.value })} aria-invalid={!HEX.test(palette[n])} spellCheck={false} />
            </label>
            <input type="color" value={HEX.test(palette[n]) ? palette[n].toLowerCase() : '#000000'} onChange={(e) => setPalette({ ...palette, [n]: e.target.value })} aria-label={`Pick ${COLOR_LABEL[n] ?? n}`} />
          </div>
        ))}
      </fieldset>
      <section className="contrast" aria-label="Contrast check">
        <h3>Contrast (WCAG AA, 4.5:1)</h3>
        {!valid && <p className="field-error">Every color must be written #rrggbb.</p>}
        {valid && failing.length === 0 && check.data && <p className="contrast-ok">Every text pair passes.</p>}
        {valid && failing.length > 0 && (
          <p className="field-error" role="alert">
            Too little contrast: {failing.map((c) => `${COLOR_LABEL[c.foreground]} on ${COLOR_LABEL[c.background]} (${c.ratio.toFixed(1)}:1)`).join(', ')}.
          </p>
        )}
        <ul className="contrast-list">
          {(check.data ?? []).map((c) => (
            <li key={`${c.foreground}-${c.background}`} className={c.passes ? 'contrast-pass' : 'contrast-fail'}>
              <span className="contrast-sample" style={{ color: palette[c.foreground], background: palette[c.background] }}>
                Aa
              </span>{' '}
              {COLOR_LABEL[c.foreground]} on {COLOR_LABEL[c.background]}: {c.ratio.toFixed(1)}:1 {c.passes ? 'passes' : 'fails'}
            </li>
          ))}
        </ul>
      </section>
      <fieldset className="type-scale">
        <legend>Type</legend>
        <label>
          Body size (px)
          <input type="number" min={14} max={24} step={1} value={base} onChange={(e) => setBase(Number(e.target.value))} />
        </label>
        <label>
          Heading ratio
          <input type="number" min={1.1} max={1.5} step={0.05} value={ratio} onChange={(e) => setRatio(Number(e.target.value))} />
        </label>
        <label>
          Display font
          <select value={fonts.display} onChange={(e) => setFonts({ ...fonts, display: e.target.value as typeof fonts.display })}>
            {data.fonts.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Body font
          <select value={fonts.body} onChange={(e) => setFonts({ ...fonts, body: e.target.value as typeof fonts.body })}>
            {data.fonts.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <div className="type-sample" aria-hidden="true">
        <p style={{ fontFamily: data.fonts.find((f) => f.id === fonts.display)?.stack, fontSize: `${Math.round(base * ratio * ratio)}px`, margin: 0 }}>{companyName || 'Heading'}</p>
        <p style={{ fontFamily: data.fonts.find((f) => f.id === fonts.body)?.stack, fontSize: `${base}px`, margin: 0 }}>Body text in the website’s type.</p>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!valid || save.isPending}>
          Save theme
        </button>
        <span role="status" className="hint">
          {saved ? 'Theme saved.' : ''}
        </span>
      </div>
    </form>
  );
}
