import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  publish: null;
}

async function loadConfig(): Promise<BuilderConfig> {
  // js-yaml ships with electron-builder (no types of its own here).
  const yaml = (await import('js-yaml' as string)) as { load(text: string): unknown };
  return yaml.load(fs.readFileSync(path.join(ROOT, 'build/electron-builder.yml'), 'utf8')) as BuilderConfig;
}

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const config = await loadConfig();
    await expect(validateConfiguration(config as never, { isEnabled: false, add: () => undefined } as never)).resolves.toBeUndefined();
  });

  it('packages the bundles and the renderer, unpacks native modules, rebuilds them for Electron, and targets every OS', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.callboard.app');
    expect(config.productName).toBe('Callboard');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist-electron/**/*', 'dist/renderer/**/*']));
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.publish).toBeNull();
  });

  it('points at icons that exist and are large enough for every platform', async () => {
    const config = await loadConfig();
    expect(pngSize(path.join(ROOT, config.win.icon))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(ROOT, config.mac.icon))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(ROOT, config.linux.icon, '512x512.png'))).toEqual({ width: 512, height: 512 });
  });

  it('matches package.json: main is the bundled main process, better-sqlite3 is a production dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.main).toBe('dist-electron/main.js');
    expect(pkg.dependencies).toHaveProperty('better-sqlite3');
    expect(pkg.devDependencies).toHaveProperty('electron');
  });
});
