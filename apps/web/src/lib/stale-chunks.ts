const KEY = 'stale-chunk-reload';
const ONCE_WITHIN_MS = 60_000;

/**
 * A tab opened before a deploy still names the previous build's chunks, which the server no longer
 * has: Vite reports the failed load as 'vite:preloadError'. Loading the page again fetches the new
 * build. Once a minute at most, so that a chunk missing from the new build too cannot loop.
 */
export function reloadOnStaleChunks(): void {
  window.addEventListener('vite:preloadError', (event) => {
    const last = Number(sessionStorage.getItem(KEY) ?? 0);
    if (Date.now() - last < ONCE_WITHIN_MS) return;
    event.preventDefault();
    sessionStorage.setItem(KEY, String(Date.now()));
    window.location.reload();
  });
}
