/**
 * Which action counts as "write" on each document type: a change to a document is valid only
 * if its author holds one of these actions on the document's scope (judged against the policy
 * the author had seen). The one place this mapping lives; docs/sync.md lists it.
 *
 * A type missing here is refused (`unknown_type`): a new document type must be added here
 * before its changes can travel between devices.
 */
export const WRITE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  policy: ['policy.manage'],
  org: ['org.manage'],
  section: ['content.edit', 'content.publish'],
  theme: ['theme.manage'],
  production: ['calendar.schedule'],
  venue: ['calendar.venues', 'calendar.schedule'],
  credits: ['directory.edit'],
  'directory-people': ['directory.edit'],
  // Adding a person (directory.edit) may record their contact details; changing them later is directory.contact.edit.
  'directory-contacts': ['directory.edit', 'directory.contact.edit'],
  'seating-chart': ['tickets.manage'],
  tickets: ['tickets.sell', 'tickets.refund', 'tickets.manage'],
  // Order buckets of a performance (same scope as its tickets document).
  'ticket-orders': ['tickets.sell', 'tickets.refund', 'tickets.manage'],
  'media-assets': ['media.upload', 'media.edit'],
  'media-galleries': ['media.edit'],
  'media-settings': ['media.edit'],
};

export function writeActionsFor(type: string): readonly string[] | undefined {
  return Object.hasOwn(WRITE_ACTIONS, type) ? WRITE_ACTIONS[type] : undefined;
}
