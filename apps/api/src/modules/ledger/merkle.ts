import { createHash } from 'node:crypto';

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

export interface MerkleLeaf {
  canteenId: string;
  seq: number;
  hash: string;
}

/** A canteen's chain head as one leaf: a fixed text, so any implementation can recompute it. */
export function leafHash(leaf: MerkleLeaf): string {
  return sha256Hex(`${leaf.canteenId}:${leaf.seq}:${leaf.hash}`);
}

/** One level up: pairs hashed as the concatenation of their hex texts, an odd last node carried up unchanged. */
function parentLevel(level: readonly string[]): string[] {
  const parents: string[] = [];
  for (let i = 0; i < level.length; i += 2)
    parents.push(i + 1 < level.length ? sha256Hex(level[i]! + level[i + 1]!) : level[i]!);
  return parents;
}

/** Root over leaf hashes in the given order; sha256('') for none. */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) return sha256Hex('');
  let level = [...leafHashes];
  while (level.length > 1) level = parentLevel(level);
  return level[0]!;
}

export interface ProofStep {
  side: 'left' | 'right';
  hash: string;
}

/**
 * The sibling hashes from a leaf to the root: with them and the signed root, one canteen's head can
 * be shown to be in a county's digest without revealing the other canteens' leaves.
 */
export function merkleProof(leafHashes: readonly string[], index: number): ProofStep[] {
  if (index < 0 || index >= leafHashes.length)
    throw new RangeError(`no leaf ${index} among ${leafHashes.length}`);
  const steps: ProofStep[] = [];
  let level = [...leafHashes];
  let position = index;
  while (level.length > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < level.length)
      steps.push({ side: position % 2 === 0 ? 'right' : 'left', hash: level[sibling]! });
    level = parentLevel(level);
    position = Math.floor(position / 2);
  }
  return steps;
}

export function verifyMerkleProof(
  leaf: string,
  proof: readonly ProofStep[],
  root: string,
): boolean {
  const computed = proof.reduce(
    (hash, step) =>
      step.side === 'right' ? sha256Hex(hash + step.hash) : sha256Hex(step.hash + hash),
    leaf,
  );
  return computed === root;
}
