/** Words for the sync screen: named states instead of a generic "out of sync". */
export const PEER_STATES: Record<string, { label: string; help: string; tone: 'ok' | 'warn' | 'error' | 'muted' }> = {
  connected: { label: 'Connected', help: '', tone: 'ok' },
  connecting: { label: 'Connecting', help: '', tone: 'muted' },
  offline: { label: 'Offline', help: 'Changes wait here and go when the device is reachable again.', tone: 'muted' },
  clock_far_off: { label: 'Clock far off', help: 'The two devices’ clocks differ by more than 10 minutes: fix the date and time on one of them.', tone: 'warn' },
  incompatible_version: { label: 'Incompatible version', help: 'The devices run versions that cannot sync: update Callboard on the older one.', tone: 'error' },
  device_revoked: { label: 'Device revoked', help: 'This device or the peer was revoked by the company manager.', tone: 'error' },
  unknown_device: { label: 'Not enrolled', help: 'The device is not enrolled in this company: enroll it with an invite.', tone: 'error' },
  permission_rejected: { label: 'Permission rejected', help: 'Some changes were refused because they are outside their author’s rights. See Security events.', tone: 'warn' },
  enrollment_refused: { label: 'Enrollment refused', help: 'The invite was unknown, already used or expired: ask for a new one.', tone: 'error' },
};

export function peerState(state: string) {
  return PEER_STATES[state] ?? { label: state, help: '', tone: 'muted' as const };
}

export const VIA_LABELS: Record<string, string> = { lan: 'Local network', daemon: 'Through the daemon', address: 'By address', memory: 'In memory' };

export const REASONS: Record<string, string> = {
  permission: 'Outside the author’s rights',
  dependency_rejected: 'Built on a refused change',
  bad_signature: 'Signature does not verify',
  unsigned: 'Not signed',
  unknown_device: 'Unknown device',
  device_revoked: 'Revoked device',
  wrong_document: 'Signed for another document',
  actor_mismatch: 'Written under another device’s name',
  unparsable: 'Unreadable message',
  invite_used: 'Invite already used',
  invite_expired: 'Invite expired',
  invite_unknown: 'Unknown invite',
  bad_auth: 'Failed the device-key challenge',
  foreign_policy: 'Another company’s data',
  unknown_type: 'Unknown kind of document',
};

export function reasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}
