import { solveChallenge } from './proof-of-work';

export type SolveRequest = { nonce: string; difficulty: number };
export type SolveMessage =
  | { kind: 'progress'; tried: number }
  | { kind: 'solved'; solution: string }
  | { kind: 'failed'; message: string };

const post = (message: SolveMessage) => self.postMessage(message);

self.onmessage = (event: MessageEvent<SolveRequest>) => {
  const { nonce, difficulty } = event.data;
  solveChallenge(nonce, difficulty, ({ tried }) => post({ kind: 'progress', tried })).then(
    (solution) => post({ kind: 'solved', solution }),
    (error: unknown) =>
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
};
