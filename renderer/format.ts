/** A moment as the company reads it: in the company's time zone when known. */
export function formatDateTime(ms: number, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, timeZone ? { ...options, timeZone } : options).format(ms);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(ms);
  }
}

export function formatDate(ms: number, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, timeZone ? { dateStyle: 'medium', timeZone } : { dateStyle: 'medium' }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(ms);
  }
}

/** `box-office-lead` → `Box office lead`; role ids are shown this way until roles have names in the API. */
export function humanize(id: string): string {
  const words = id.replace(/[-_.:]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
