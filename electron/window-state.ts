import path from 'node:path';
import { z } from 'zod';
import type { Rectangle, ScreenLike } from './electron-like.ts';

/**
 * The main window's size, position and maximized state, kept in a small JSON file in the
 * userData folder. What is read back is validated: a corrupt or hand-edited file, or a
 * position on a monitor that is no longer attached, falls back to a centered default.
 */

export interface WindowState {
  /** Absent: let the OS center the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface StateFs {
  readFileSync(file: string, encoding: 'utf8'): string;
  writeFileSync(file: string, data: string): void;
  renameSync(from: string, to: string): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
}

export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
const DEFAULT_SIZE = { width: 1280, height: 820 };
const MAX_SIDE = 32_000;
const VERSION = 1;

const coordinate = z.number().int().min(-MAX_SIDE).max(MAX_SIDE);
const stored = z
  .object({
    version: z.literal(VERSION),
    x: coordinate.optional(),
    y: coordinate.optional(),
    width: z.number().int().min(MIN_WIDTH).max(MAX_SIDE),
    height: z.number().int().min(MIN_HEIGHT).max(MAX_SIDE),
    maximized: z.boolean(),
  })
  .strict();

function intersection(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The default state: a comfortable size that fits the primary display, centered. */
export function defaultWindowState(screen: ScreenLike): WindowState {
  const area = screen.getPrimaryDisplay().workArea;
  return {
    width: Math.max(MIN_WIDTH, Math.min(DEFAULT_SIZE.width, area.width)),
    height: Math.max(MIN_HEIGHT, Math.min(DEFAULT_SIZE.height, area.height)),
    maximized: false,
  };
}

/**
 * Reads the saved state, or the default when the file is missing, unreadable, not JSON or
 * not of the expected shape. A saved position is kept only if enough of the window (a
 * 100×50 px strip, e.g. its title bar) is on one of the current displays.
 */
export function loadWindowState(fs: Pick<StateFs, 'readFileSync'>, file: string, screen: ScreenLike): WindowState {
  const fallback = defaultWindowState(screen);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
  const parsed = stored.safeParse(raw);
  if (!parsed.success) return fallback;
  const { x, y, width, height, maximized } = parsed.data;
  const state: WindowState = { width, height, maximized };
  if (x !== undefined && y !== undefined) {
    const titleBar = { x, y, width: Math.min(width, 100), height: 50 };
    const visible = screen.getAllDisplays().some((d) => intersection(d.workArea, titleBar) >= titleBar.width * titleBar.height * 0.5);
    if (visible) {
      state.x = x;
      state.y = y;
    }
  }
  return state;
}

/** Writes the state atomically (temporary file, then rename), creating the folder if needed. */
export function saveWindowState(fs: StateFs, file: string, state: WindowState): void {
  const record = {
    version: VERSION,
    ...(state.x !== undefined && state.y !== undefined ? { x: Math.round(state.x), y: Math.round(state.y) } : {}),
    width: Math.min(MAX_SIDE, Math.max(MIN_WIDTH, Math.round(state.width))),
    height: Math.min(MAX_SIDE, Math.max(MIN_HEIGHT, Math.round(state.height))),
    maximized: state.maximized,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isMinimized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's state when it closes (normal bounds, so a maximized window restores to its size). */
export function trackWindowState(win: TrackedWindow, save: (state: WindowState) => void): void {
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    save({ ...bounds, maximized: win.isMaximized() });
  });
}
