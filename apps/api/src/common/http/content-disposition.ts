/**
 * Content-Disposition for a download whose name may be Chinese (RFC 6266 with RFC 5987
 * `filename*`): an ASCII fallback for old clients, and the real name percent-encoded.
 */
export function attachmentDisposition(fileName: string, asciiFallback = fileName): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
