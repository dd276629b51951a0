import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import { str, strOrNull, type MediaRef, type Str } from './model.ts';

/**
 * The brand: company name, logo, a palette of named colors, a type scale and two fonts from
 * a fixed catalogue. It lives in the `org` document and only `theme.manage` changes it;
 * editors never choose colors or fonts. Text color pairs are checked against WCAG AA
 * (4.5:1) when the theme is saved.
 *
 * Fonts are system font stacks (no font files are bundled): each entry names families that
 * ship with common operating systems, ending in a generic family, so the site renders the
 * intended style everywhere without downloading or licensing font files.
 */

export const FONTS = {
  'serif-display': { label: 'Classic serif (Georgia, Iowan Old Style)', stack: "'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, 'Book Antiqua', serif" },
  'serif-text': { label: 'Book serif (Charter, Cambria)', stack: "Charter, 'Bitstream Charter', Cambria, 'Sitka Text', Georgia, serif" },
  'sans-humanist': { label: 'Humanist sans (Seravek, Segoe UI)', stack: "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', 'Segoe UI', system-ui, sans-serif" },
  'sans-system': { label: 'System sans', stack: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif" },
} as const;
export type FontId = keyof typeof FONTS;
export const FONT_IDS = Object.keys(FONTS) as FontId[];

/** The named colors of a palette; the templates use exactly these. */
export const COLOR_NAMES = ['primary', 'onPrimary', 'accent', 'onAccent', 'background', 'surface', 'text', 'muted', 'link'] as const;
export type ColorName = (typeof COLOR_NAMES)[number];
export type Palette = Record<ColorName, string>;

/** Foreground/background pairs that carry text on the site; each must reach 4.5:1. */
export const TEXT_PAIRS: ReadonlyArray<readonly [ColorName, ColorName]> = [
  ['text', 'background'],
  ['text', 'surface'],
  ['muted', 'background'],
  ['link', 'background'],
  ['link', 'surface'],
  ['onPrimary', 'primary'],
  ['onAccent', 'accent'],
];
export const MIN_CONTRAST = 4.5;

export interface TypeScale {
  /** Body size in px. */
  base: number;
  /** Ratio between heading steps. */
  ratio: number;
}

export interface Theme {
  companyName: string;
  logo: MediaRef | null;
  palette: Palette;
  typeScale: TypeScale;
  fonts: { display: FontId; body: FontId };
  updatedAt: number;
  updatedBy: string | null;
}

export interface ThemeRecord {
  companyName: Str;
  logo: { productionId: Str; assetId: Str } | null;
  palette: Record<string, Str>;
  typeScale: { base: number; ratio: number };
  fonts: { display: Str; body: Str };
  updatedAt: number;
  updatedBy: Str | null;
}

export const DEFAULT_PALETTE: Palette = {
  primary: '#1f2937',
  onPrimary: '#ffffff',
  accent: '#b45309',
  onAccent: '#ffffff',
  background: '#ffffff',
  surface: '#f3f4f6',
  text: '#111827',
  muted: '#4b5563',
  link: '#1d4ed8',
};

export function defaultTheme(companyName: string): Theme {
  return {
    companyName,
    logo: null,
    palette: { ...DEFAULT_PALETTE },
    typeScale: { base: 18, ratio: 1.25 },
    fonts: { display: 'serif-display', body: 'sans-system' },
    updatedAt: 0,
    updatedBy: null,
  };
}

export function toTheme(r: ThemeRecord | undefined, companyName: string): Theme {
  if (!r) return defaultTheme(companyName);
  const d = defaultTheme(companyName);
  const palette = { ...d.palette };
  for (const name of COLOR_NAMES) {
    const v = str(r.palette?.[name]);
    if (HEX.test(v)) palette[name] = v.toLowerCase();
  }
  const font = (v: Str | undefined, fallback: FontId): FontId => (FONT_IDS as string[]).includes(str(v)) ? (str(v) as FontId) : fallback;
  return {
    companyName: str(r.companyName) || companyName,
    logo: r.logo ? { productionId: str(r.logo.productionId), assetId: str(r.logo.assetId) } : null,
    palette,
    typeScale: clampScale(r.typeScale ?? d.typeScale),
    fonts: { display: font(r.fonts?.display, d.fonts.display), body: font(r.fonts?.body, d.fonts.body) },
    updatedAt: r.updatedAt ?? 0,
    updatedBy: strOrNull(r.updatedBy),
  };
}

export function toThemeRecord(t: Theme): ThemeRecord {
  const palette: Record<string, Str> = {};
  for (const name of COLOR_NAMES) palette[name] = new A.ImmutableString(t.palette[name]);
  return {
    companyName: new A.ImmutableString(t.companyName),
    logo: t.logo ? { productionId: new A.ImmutableString(t.logo.productionId), assetId: new A.ImmutableString(t.logo.assetId) } : null,
    palette,
    typeScale: { base: t.typeScale.base, ratio: t.typeScale.ratio },
    fonts: { display: new A.ImmutableString(t.fonts.display), body: new A.ImmutableString(t.fonts.body) },
    updatedAt: t.updatedAt,
    updatedBy: t.updatedBy === null ? null : new A.ImmutableString(t.updatedBy),
  };
}

export const TYPE_SCALE_LIMITS = { base: [14, 24], ratio: [1.1, 1.5] } as const;

function clampScale(s: { base: number; ratio: number }): TypeScale {
  const clamp = (v: number, [lo, hi]: readonly [number, number]) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);
  return { base: clamp(s.base, TYPE_SCALE_LIMITS.base), ratio: clamp(s.ratio, TYPE_SCALE_LIMITS.ratio) };
}

export const HEX = /^#[0-9a-fA-F]{6}$/;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG 2 contrast ratio between two `#rrggbb` colors (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface ContrastResult {
  foreground: ColorName;
  background: ColorName;
  ratio: number;
  passes: boolean;
}

export function checkContrast(palette: Palette): ContrastResult[] {
  return TEXT_PAIRS.map(([fg, bg]) => {
    const ratio = Math.round(contrastRatio(palette[fg], palette[bg]) * 100) / 100;
    return { foreground: fg, background: bg, ratio, passes: ratio >= MIN_CONTRAST };
  });
}

/** Throws `invalid` naming every text pair under 4.5:1. */
export function assertContrast(palette: Palette): ContrastResult[] {
  const results = checkContrast(palette);
  const failing = results.filter((r) => !r.passes);
  if (failing.length > 0) {
    const names = failing.map((f) => `${f.foreground} on ${f.background} (${f.ratio}:1)`);
    throw new CallboardError('invalid', `The palette fails the WCAG AA contrast check (4.5:1 for text): ${names.join(', ')}`, {
      field: 'palette',
      failing,
      issues: failing.map((f) => ({ field: `palette.${f.foreground}`, message: `${f.foreground} on ${f.background} is ${f.ratio}:1, needs 4.5:1` })),
    });
  }
  return results;
}

/** Heading sizes (px) h1..h4 from the scale. */
export function headingSizes(scale: TypeScale): number[] {
  return [4, 3, 2, 1].map((step) => Math.round(scale.base * scale.ratio ** step * 10) / 10);
}
