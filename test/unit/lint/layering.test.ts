import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.severity === 2 && /layering rule|DOM/.test(m.message)).map((m) => m.message);
}

describe('the layering rule (DESIGN.md "Layout")', () => {
  it.each([
    ['core/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n", 'Electron'],
    ['core/api/x.ts', "import React from 'react';\nexport const a = React;\n", 'React'],
    ['core/calendar/x.ts', "import { App } from '../../renderer/App.tsx';\nexport const a = App;\n", 'renderer'],
    ['core/calendar/x.ts', "import { Dispatcher } from '../api/dispatcher.ts';\nexport const a = Dispatcher;\n", 'core/api'],
    ['core/content/x.ts', "import { AuditLog } from '../auth/audit.ts';\nexport const a = AuditLog;\n", 'core/auth'],
    ['core/ticketing/x.ts', "import { startServer } from '../daemon/server.ts';\nexport const a = startServer;\n", 'transport'],
    ['core/auth/x.ts', "import { initOrg } from '../content/org.ts';\nexport const a = initOrg;\n", 'content'],
    ['core/auth/x.ts', "import { Dispatcher } from '../api/dispatcher.ts';\nexport const a = Dispatcher;\n", 'core/api'],
    ['core/media/x.ts', 'export const w = window.innerWidth;\n', 'DOM'],
  ])('%s: refuses %s', async (file, code, what) => {
    const errors = await layeringErrors(file, code);
    expect(errors.length, `expected a layering error about ${what}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(what);
  });

  it.each([
    ['core/api/x.ts', "import { Store } from '../store/store.ts';\nimport { AuditLog } from '../auth/audit.ts';\nexport const a = [Store, AuditLog];\n"],
    ['core/calendar/x.ts', "import { Store } from '../store/store.ts';\nexport const a = Store;\n"],
    ['renderer/x.ts', "import type { ApiClient } from '../core/api/client.ts';\nexport type A = ApiClient;\n"],
  ])('%s: allows the permitted direction', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it('finds no layering violation in core/', async () => {
    const results = await eslint.lintFiles(['core']);
    const problems = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
  }, 120_000);
});
