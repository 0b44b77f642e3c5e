/**
 * Hands bytes the engine made to the browser as a download (the browser shell's "export to a
 * folder": the browser's own download folder or its Save dialog). A temporary object URL on an
 * `<a download>`: no request leaves the page, so nothing new is exposed by the server, and the
 * page's CSP (which governs fetches, not downloads) is untouched.
 */
export function saveAsDownload(bytes: Uint8Array, fileName: string, mime: string): void {
  const blob = new Blob([bytes.slice().buffer], { type: mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a minute is ample before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
