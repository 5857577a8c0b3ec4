// The feedback challenge as ZFeedbackChallenge (packages/shared/src/schemas/feedback.ts) documents it:
// the smallest decimal counter n with SHA-256("<nonce>:<n>") starting with `difficulty` zero bits.
// The shared reference solver lives in a Zod module (about 95 KB gzipped with its imports), too much
// for a Web Worker a parent downloads on a phone network; the browser story checks that the server
// accepts what this finds.

export interface ChallengeProgress {
  tried: number;
}

function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

/** Hashes in batches (one awaited digest at a time is dominated by the promise round trip). */
export async function solveChallenge(
  nonce: string,
  difficulty: number,
  onProgress?: (progress: ChallengeProgress) => void,
  batch = 256,
): Promise<string> {
  const encoder = new TextEncoder();
  for (let start = 0; ; start += batch) {
    const digests = await Promise.all(
      Array.from({ length: batch }, (_, i) =>
        crypto.subtle.digest('SHA-256', encoder.encode(`${nonce}:${start + i}`)),
      ),
    );
    const found = digests.findIndex(
      (digest) => leadingZeroBits(new Uint8Array(digest)) >= difficulty,
    );
    if (found >= 0) return String(start + found);
    onProgress?.({ tried: start + batch });
  }
}
