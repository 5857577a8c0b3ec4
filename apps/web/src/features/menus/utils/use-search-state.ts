import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useDefaultCanteenId } from '../api/get-canteen-context';

/**
 * Page state kept in the address (canteen, week, day, meal), so a link or a reload shows the same
 * thing. Setting a value replaces the history entry rather than adding one per click.
 */
export function useSearchState(): [
  (name: string) => string | undefined,
  (patch: Record<string, string | undefined>) => void,
] {
  const [params, setParams] = useSearchParams();
  const get = useCallback((name: string) => params.get(name) ?? undefined, [params]);
  const set = useCallback(
    (patch: Record<string, string | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [get, set];
}

/** The canteen of the page: from the address, else a school user's own canteen. */
export function useCanteenParam(): [string | undefined, (id: string | undefined) => void] {
  const [get, set] = useSearchState();
  const fallback = useDefaultCanteenId();
  const canteenId = get('canteenId') ?? fallback;
  return [canteenId, (id) => set({ canteenId: id })];
}
