// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput, ProcedureOutput } from '../../../renderer/api/types.ts';
import { demoHandlers, morgan, priya } from './fixtures.ts';
import { renderApp } from './render-app.tsx';

configure({ asyncUtilTimeout: 5000 });

type Status = ProcedureOutput<'sync.status'>;
type Device = ProcedureOutput<'sync.devices.list'>[number];
const T = Date.UTC(2026, 2, 1, 18);

const status: Status = {
  device: { id: 'dev-1a2b3c', name: 'Riverside office daemon', publicKey: 'k'.repeat(43) },
  peers: [
    { deviceId: 'dev-laptop1', userId: priya.id, userName: priya.name, name: 'Costume shop laptop', via: 'lan', address: null, lastSeen: T, connected: true, state: 'connected', detail: '', pendingOut: 0, pendingIn: 2, progress: { done: 3, total: 10 } },
    { deviceId: 'dev-laptop2', userId: morgan.id, userName: morgan.name, name: 'Box office laptop', via: 'daemon', address: null, lastSeen: T - 3600_000, connected: false, state: 'clock_far_off', detail: 'clocks differ by 180 min', pendingOut: 4, pendingIn: 0, progress: null },
    { deviceId: 'dev-laptop3', userId: 'u-dev', userName: 'Dev Okafor', name: 'Dev laptop', via: 'daemon', address: null, lastSeen: T - 7200_000, connected: false, state: 'permission_rejected', detail: '', pendingOut: 1, pendingIn: 0, progress: null },
  ],
  pending: [{ docId: 'section:costumes', changes: 3 }],
  remembered: [],
};
const rememberedPeers: Status['remembered'] = [
  { url: 'callboard-sync://office.local:4821', deviceId: 'dev-office', via: 'address', addedAt: T, lastSeen: T, lastAttempt: T, lastError: null, nextAttemptAt: null, connected: true },
  { url: 'callboard-sync://192.168.1.40:4822', deviceId: 'dev-laptop2', via: 'address', addedAt: T, lastSeen: T - 3600_000, lastAttempt: T, lastError: 'connect ECONNREFUSED 192.168.1.40:4822', nextAttemptAt: T + 4000, connected: false },
];
let remembered: Status['remembered'];
let forgotten: ProcedureInput<'sync.peers.forget'>[];

let devices: Device[];
let client: FakeClient;
let revoked: ProcedureInput<'sync.devices.revoke'>[];
let invited: ProcedureInput<'sync.invites.create'>[];

beforeEach(() => {
  window.location.hash = '#/sync';
  revoked = [];
  invited = [];
  remembered = [];
  forgotten = [];
  devices = [
    { id: 'dev-1a2b3c', name: 'Riverside office daemon', userId: morgan.id, userName: morgan.name, publicKey: 'k'.repeat(43), enrolledAt: T, revokedAt: null, self: true, founding: true },
    { id: 'dev-laptop1', name: 'Costume shop laptop', userId: priya.id, userName: priya.name, publicKey: 'p'.repeat(43), enrolledAt: T, revokedAt: null, self: false, founding: false },
  ];
  client = createFakeClient({
    ...demoHandlers(),
    'sync.status': () => ({ ...status, remembered }),
    'sync.connect': (input) => {
      if (!input.url.startsWith('callboard-sync://')) throw Object.assign(new Error('A sync address looks like callboard-sync://HOST:PORT'), { code: 'invalid' });
      remembered = [...remembered, { url: input.url, deviceId: 'dev-new', via: 'address', addedAt: T, lastSeen: T, lastAttempt: T, lastError: null, nextAttemptAt: null, connected: true }];
      return { peer: { deviceId: 'dev-new', userId: priya.id, name: 'Laptop' }, idle: true, state: 'connected', detail: '', stats: { sentChanges: 0, receivedChanges: 0, rejectedByPeer: 0, rejectedFromPeer: 0, bytesSent: 0, bytesReceived: 0, progress: { done: 0, total: 0 } } };
    },
    'sync.peers.forget': (input) => {
      forgotten.push(input);
      remembered = remembered.filter((r) => r.url !== input.url);
      return { forgotten: input.url };
    },
    'sync.securityEvents': () => [
      { id: 'aud-1', at: T, reason: 'permission', summary: 'Refused from dev-laptop3: permission: No grant gives Dev Okafor content.edit on section:costumes', scope: 'section:costumes', target: 'section:costumes@abc', deviceId: 'dev-laptop3', peerDeviceId: 'dev-laptop3', userId: 'u-dev' },
    ],
    'sync.devices.list': () => devices.map((d) => ({ ...d })),
    'sync.devices.revoke': (input) => {
      revoked.push(input);
      devices = devices.map((d) => (d.id === input.deviceId ? { ...d, revokedAt: T } : d));
      return devices.find((d) => d.id === input.deviceId)!;
    },
    'sync.invites.create': (input) => {
      invited.push(input);
      return { code: '7K3QM-XD9P2', expiresAt: T + 1800_000, userId: priya.id, userName: priya.name, deviceName: input.deviceName ?? 'device', url: input.url ?? 'callboard-sync://office.local:4821', link: 'callboard://enroll?code=7K3QM-XD9P2', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' };
    },
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.location.hash = '';
});

async function open() {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'Sync' });
}

describe('Sync screen', () => {
  it('lists peers with user, route, named state, pending each way and catch-up progress', async () => {
    await open();
    const table = await screen.findByRole('table', { name: 'Peers' });
    const row = (name: string) => within(table).getByText(name).closest('tr') as HTMLElement;
    expect(row('Costume shop laptop').textContent).toContain('Local network');
    expect(row('Costume shop laptop').textContent).toContain('2 documents');
    expect(within(row('Costume shop laptop')).getByRole('progressbar', { name: 'Catching up with Costume shop laptop' }).getAttribute('value')).toBe('3');
    expect(row('Box office laptop').textContent).toContain('Clock far off');
    expect(row('Box office laptop').textContent).toContain('fix the date and time');
    expect(row('Box office laptop').textContent).toContain('Through the daemon');
    expect(row('Box office laptop').textContent).toContain('4 documents');
    expect(row('Dev laptop').textContent).toContain('Permission rejected');
    expect(screen.getByText(/Not yet on any other device: 3 change\(s\) in 1 document\(s\)/)).toBeTruthy();
  });

  it('lists the peers it reconnects to, with the last error, and forgets one after confirmation', async () => {
    remembered = rememberedPeers.map((r) => ({ ...r }));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await open();
    const table = await screen.findByRole('table', { name: 'Remembered peers' });
    const row = (url: string) => within(table).getByText(url).closest('tr') as HTMLElement;
    expect(row('callboard-sync://office.local:4821').textContent).toContain('Connected');
    expect(row('callboard-sync://192.168.1.40:4822').textContent).toContain('Last attempt failed: connect ECONNREFUSED');
    fireEvent.click(within(table).getByRole('button', { name: 'Forget callboard-sync://192.168.1.40:4822' }));
    await waitFor(() => expect(forgotten).toEqual([{ url: 'callboard-sync://192.168.1.40:4822' }]));
    await waitFor(() => expect(within(table).queryByText('callboard-sync://192.168.1.40:4822')).toBeNull());
  });

  it('connects to a peer by address and remembers it; a refused address is explained under the form', async () => {
    await open();
    const form = await screen.findByRole('form', { name: 'Connect to a peer' });
    fireEvent.change(within(form).getByLabelText('Peer address'), { target: { value: 'office.local' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Connect and remember' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('callboard-sync://HOST:PORT');
    fireEvent.change(within(form).getByLabelText('Peer address'), { target: { value: 'callboard-sync://192.168.1.20:4821' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Connect and remember' }));
    const table = await screen.findByRole('table', { name: 'Remembered peers' });
    expect(within(table).getByText('callboard-sync://192.168.1.20:4821')).toBeTruthy();
  });

  it('shows security events with a readable reason', async () => {
    await open();
    const list = await screen.findByRole('list', { name: 'Refused changes and peers' });
    expect(list.textContent).toContain('Outside the author’s rights');
    expect(list.textContent).toContain('No grant gives Dev Okafor content.edit on section:costumes');
  });

  it('revokes a device after confirmation, and creates an invite with its code and QR code', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await open();
    const table = await screen.findByRole('table', { name: 'Enrolled devices' });
    expect(within(table).queryByRole('button', { name: 'Revoke Riverside office daemon' })).toBeNull();
    fireEvent.click(within(table).getByRole('button', { name: 'Revoke Costume shop laptop' }));
    await waitFor(() => expect(revoked).toEqual([{ deviceId: 'dev-laptop1' }]));
    await waitFor(() => expect(within(table).getByText(/^Revoked/)).toBeTruthy());

    const form = screen.getByRole('form', { name: 'Invite a device' });
    await waitFor(() => within(form).getByRole('option', { name: priya.name }));
    fireEvent.change(within(form).getByLabelText('Person'), { target: { value: priya.id } });
    fireEvent.change(within(form).getByLabelText('Device name'), { target: { value: 'Costume shop laptop 2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create invite' }));
    const created = await screen.findByRole('status', { name: 'New invite' });
    expect(invited).toEqual([{ user: priya.id, deviceName: 'Costume shop laptop 2' }]);
    expect(created.textContent).toContain('7K3QM-XD9P2');
    expect(within(created).getByRole('img', { name: 'QR code for the invite 7K3QM-XD9P2' })).toBeTruthy();
  });
});
