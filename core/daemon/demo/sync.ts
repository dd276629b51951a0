import type { App } from '../../api/app.ts';
import type { Principal } from '../../api/procedure.ts';

/**
 * Sync demo, through the API: the demo daemon's own device (the founding one) gets a name,
 * and Hannah Lindqvist has a pending invite for the box office laptop — enroll a second data
 * folder with the printed code to watch two replicas sync.
 */
export async function seedSyncDemo(app: App, admin: Principal): Promise<{ inviteCode: string }> {
  await app.dispatcher.call(admin, 'sync.devices.rename', { deviceId: app.store.deviceId, name: 'Riverside office daemon' });
  const invite = (await app.dispatcher.call(admin, 'sync.invites.create', {
    user: 'Hannah Lindqvist',
    deviceName: 'Box office laptop',
    ttlMinutes: 7 * 24 * 60,
  })) as { code: string };
  return { inviteCode: invite.code };
}
