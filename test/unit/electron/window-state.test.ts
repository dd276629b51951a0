import { describe, expect, it, vi } from 'vitest';
import { loadWindowState, saveWindowState, trackWindowState } from '../../../electron/window-state.ts';
import { MemoryFs, fakeScreen } from './fakes.ts';

const FILE = '/user/window-state.json';
const DEFAULT = { width: 1280, height: 820, maximized: false };

describe('window state', () => {
  it('round-trips bounds and maximized through an atomic write', () => {
    const fs = new MemoryFs();
    saveWindowState(fs, FILE, { x: 100, y: 80, width: 1000, height: 700, maximized: true });
    expect([...fs.files.keys()]).toEqual([FILE]);
    expect(fs.dirs.has('/user')).toBe(true);
    expect(loadWindowState(fs, FILE, fakeScreen())).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
  });

  it('falls back to the default for a missing, corrupt or wrongly shaped file', () => {
    const fs = new MemoryFs();
    const screen = fakeScreen();
    expect(loadWindowState(fs, FILE, screen)).toEqual(DEFAULT);
    const bad = [
      '{"version":1,"x":10,',
      '\u0000\u0001binary',
      'null',
      '[]',
      '{"version":1,"width":"1000","height":700,"maximized":false}',
      '{"version":1,"width":1e9,"height":700,"maximized":false}',
      '{"version":1,"width":20,"height":10,"maximized":false}',
      '{"version":1,"width":1000.5,"height":700,"maximized":false}',
      '{"version":2,"width":1000,"height":700,"maximized":false}',
      '{"version":1,"width":1000,"height":700,"maximized":"yes"}',
      '{"version":1,"width":1000,"height":700,"maximized":false,"__proto__":{"x":1}, "extra":1}',
    ];
    for (const content of bad) {
      fs.files.set(FILE, content);
      expect(loadWindowState(fs, FILE, screen)).toEqual(DEFAULT);
    }
  });

  it('drops a position that is no longer on any display, keeping the size', () => {
    const fs = new MemoryFs();
    saveWindowState(fs, FILE, { x: 2500, y: 100, width: 1000, height: 700, maximized: false });
    const twoScreens = fakeScreen({ x: 0, y: 0, width: 1920, height: 1040 }, { x: 1920, y: 0, width: 1920, height: 1040 });
    expect(loadWindowState(fs, FILE, twoScreens)).toEqual({ x: 2500, y: 100, width: 1000, height: 700, maximized: false });
    expect(loadWindowState(fs, FILE, fakeScreen())).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('fits the default size to a small primary display', () => {
    expect(loadWindowState(new MemoryFs(), FILE, fakeScreen({ x: 0, y: 0, width: 1024, height: 700 }))).toEqual({
      width: 1024,
      height: 700,
      maximized: false,
    });
  });

  it('saves the normal bounds when the window closes', () => {
    let onClose: (() => void) | undefined;
    const save = vi.fn();
    trackWindowState(
      {
        getNormalBounds: () => ({ x: 5, y: 6, width: 900, height: 600 }),
        isMaximized: () => true,
        isMinimized: () => false,
        on: (_e, l) => (onClose = l),
      },
      save,
    );
    onClose!();
    expect(save).toHaveBeenCalledWith({ x: 5, y: 6, width: 900, height: 600, maximized: true });
  });
});
