/**
 * Saves text as a file through a Blob URL and an `<a download>` click (a download, not a
 * fetch, so the page's CSP `default-src 'self'` does not apply to it). The URL is revoked
 * on the next task, once the browser has taken the file.
 */
export function saveFile(filename: string, contentType: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
