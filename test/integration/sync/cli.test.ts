import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../fixtures/app.ts';

const CLI = path.resolve('bin/callboard.js');

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CALLBOARD_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function daemon(data: string): { child: ChildProcess; syncUrl: Promise<string>; stop(): Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'daemon', '--data', data, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CALLBOARD_TOKEN: '' } });
  let out = '';
  const syncUrl = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /sync: accepting enrolled devices at (callboard-sync:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('close', () => reject(new Error(`daemon exited: ${out}`)));
  });
  return {
    child,
    syncUrl,
    stop: () =>
      new Promise((resolve) => {
        child.once('close', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

describe('two daemons on loopback standing in for two laptops', () => {
  it('enrolls the second through the first with an invite, syncs a change back, and backs up and restores while running', async () => {
    const root = tempDir('cb-sync-cli-');
    const [a, b, restored] = ['office', 'laptop', 'restored'].map((n) => path.join(root, n)) as [string, string, string];
    const started: Array<ReturnType<typeof daemon>> = [];
    try {
      const init = await run(['init', '--company', 'Riverside Players', '--admin', 'Morgan Reyes', '--email', 'morgan@example.org', '--data', a]);
      expect(init.status, init.stderr).toBe(0);
      const office = daemon(a);
      started.push(office);
      const officeUrl = await office.syncUrl;

      const invite = await run(['device', 'invite', '--user', 'Morgan Reyes', '--name', 'Morgan laptop', '--data', a, '--json']);
      expect(invite.status, invite.stderr).toBe(0);
      const { code } = JSON.parse(invite.stdout) as { code: string };
      const enroll = await run(['device', 'enroll', '--code', code, '--url', officeUrl, '--data', b, '--json']);
      expect(enroll.status, enroll.stderr).toBe(0);
      expect(JSON.parse(enroll.stdout)).toMatchObject({ complete: true });
      const replay = await run(['device', 'enroll', '--code', code, '--url', officeUrl, '--data', path.join(root, 'other'), '--json']);
      expect(replay.status).not.toBe(0);
      expect(replay.stderr).toContain('invite');

      const laptop = daemon(b);
      started.push(laptop);
      await laptop.syncUrl;
      const update = await run(['call', 'org.update', '{"city":"Millbrook"}', '--data', b]);
      expect(update.status, update.stderr).toBe(0);
      const synced = await run(['sync', '--peer', officeUrl, '--data', b, '--json']);
      expect(synced.status, synced.stderr).toBe(0);
      expect(JSON.parse(synced.stdout)).toMatchObject({ idle: true, stats: { rejectedByPeer: 0 } });
      const stay = await run(['sync', '--peer', officeUrl, '--stay', '--data', b]);
      expect(stay.status, stay.stderr).toBe(0);
      expect(stay.stdout).toContain(`remembered ${officeUrl}`);
      // Remembered since the enrollment: the laptop's daemon reconnects to the office after restarts.
      const status = await run(['call', 'sync.status', '--data', b]);
      expect((JSON.parse(status.stdout) as { remembered: Array<{ url: string; lastError: string | null }> }).remembered).toMatchObject([{ url: officeUrl, lastError: null }]);
      const org = await run(['call', 'org.get', '--data', a]);
      expect(JSON.parse(org.stdout)).toMatchObject({ company: { city: 'Millbrook' } });

      const list = await run(['device', 'list', '--data', a, '--json']);
      expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((d) => d.name)).toContain('Morgan laptop');

      const file = path.join(root, 'office.backup');
      const backup = await run(['backup', '--out', file, '--data', a, '--json']);
      expect(backup.status, backup.stderr).toBe(0);
      for (const d of started) expect(await d.stop()).toBe(0);
      started.length = 0;

      const restore = await run(['restore', '--in', file, '--data', restored, '--json']);
      expect(restore.status, restore.stderr).toBe(0);
      const again = await run(['call', 'org.get', '--data', restored]);
      expect(JSON.parse(again.stdout)).toMatchObject({ company: { city: 'Millbrook' } });
      const twice = await run(['restore', '--in', file, '--data', restored]);
      expect(twice.status).toBe(6);
      expect(twice.stderr).toContain('not empty');
    } finally {
      for (const d of started) d.child.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
