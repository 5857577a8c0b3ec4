import { CanteenPage } from './pages/canteen-page';
import { SearchPage } from './pages/search-page';

/** Two pages, chosen by the address: /p (find a canteen) and /p/<canteen code>. Links are full page loads. */
export function PublicApp() {
  const match = /^\/p\/([^/]+)\/?$/.exec(window.location.pathname);
  const code = match ? decodeURIComponent(match[1]!) : null;
  return code ? <CanteenPage code={code} /> : <SearchPage />;
}
