import { useCallback, useEffect, useState } from 'react';
import { errorMessage, PublicApiError } from './public-api';

export type Load<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'missing' }
  | { state: 'failed'; message: string };

/** Runs `load` when `key` changes; a 404 is 'missing' (the page shows its not-found view). */
export function useLoad<T>(key: string, load: () => Promise<T>): Load<T> & { retry: () => void } {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (data) => current && setResult({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof PublicApiError && error.status === 404)
          setResult({ state: 'missing' });
        else setResult({ state: 'failed', message: errorMessage(error) });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a new closure on each render; `key` says when it asks for something else.
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...result, retry };
}
