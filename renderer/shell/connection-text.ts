import type { ClientStatus } from '../api/types.ts';

/** How the status bar and the Sync screen name the transport's state. */
export function connectionLabel(status: ClientStatus): string {
  switch (status.connection) {
    case 'local':
      return 'Desktop (local)';
    case 'online':
      return 'Online';
    case 'connecting':
      return status.attempt > 0 ? 'Reconnecting…' : 'Connecting…';
    case 'offline':
      return 'Offline — reconnecting';
    case 'rejected':
      return 'Signed out by the daemon';
    case 'closed':
      return 'Signed out';
  }
}

export function pendingLabel(pending: number): string {
  return pending === 0 ? 'Nothing pending' : `${pending} pending`;
}
