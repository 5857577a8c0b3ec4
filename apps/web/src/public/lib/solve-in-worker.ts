import { solveChallenge } from './proof-of-work';
import type { SolveMessage, SolveRequest } from './solve-challenge.worker';

/** Solves off the main thread so the page stays responsive; on the main thread where workers are missing. */
export function solveInWorker(
  request: SolveRequest,
  onProgress: (tried: number) => void,
): Promise<string> {
  if (typeof Worker === 'undefined')
    return solveChallenge(request.nonce, request.difficulty, ({ tried }) => onProgress(tried));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./solve-challenge.worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<SolveMessage>) => {
      const message = event.data;
      switch (message.kind) {
        case 'progress':
          onProgress(message.tried);
          return;
        case 'solved':
          worker.terminate();
          resolve(message.solution);
          return;
        case 'failed':
          worker.terminate();
          reject(new Error(message.message));
          return;
      }
    };
    worker.onerror = () => {
      worker.terminate();
      // A browser that cannot start the worker (old WebView) still gets there on the main thread.
      solveChallenge(request.nonce, request.difficulty, ({ tried }) => onProgress(tried)).then(
        resolve,
        reject,
      );
    };
    worker.postMessage(request);
  });
}
