import { leafHash, merkleProof, merkleRoot, sha256Hex, verifyMerkleProof } from './merkle';

// Vectors computed independently (Python hashlib), so the tree's shape is pinned, not just self-consistent.
const L1 = '06601efeda6bdfd84ac0a25b9edf0997320c5ff2384ae0db4dc824035738c248';
const L2 = '98ff6589263c873e77db9f67ae251924acb81538b6364b4bc842f2771dc7b55e';
const L3 = '30c9a95624cdf3fa5a829abbc8e21de16494de8b1c362c0fc2ecc375a099ef95';
const L4 = '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881';

describe('merkle', () => {
  it('hashes a leaf as the text canteenId:seq:hash', () => {
    expect(
      leafHash({ canteenId: '11111111-1111-4111-8111-111111111111', seq: 3, hash: 'a'.repeat(64) }),
    ).toBe(L1);
    expect(
      leafHash({ canteenId: '22222222-2222-4222-8222-222222222222', seq: 0, hash: '0'.repeat(64) }),
    ).toBe(L2);
    expect(
      leafHash({
        canteenId: '33333333-3333-4333-8333-333333333333',
        seq: 17,
        hash: 'b'.repeat(64),
      }),
    ).toBe(L3);
    expect(sha256Hex('x')).toBe(L4);
  });

  it('roots: empty, one leaf, a pair, an odd leaf carried up, four leaves', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRoot([L1])).toBe(L1);
    expect(merkleRoot([L1, L2])).toBe(
      '71e32a3b49eec1e291da1a29e6c0ffbcb84686b3ad146b3bdec4e1c59222f26f',
    );
    expect(merkleRoot([L1, L2, L3])).toBe(
      '9131afb0604e5c165c1745fc02db4e7dd91e8cc79f91ca4c4940a7402b474bbc',
    );
    expect(merkleRoot([L1, L2, L3, L4])).toBe(
      '9aa405fa04998e8920b0bd9144067a3f859fd1963f246d5c038f9acfb142a57b',
    );
  });

  it('depends on the order and on every leaf', () => {
    expect(merkleRoot([L2, L1])).not.toBe(merkleRoot([L1, L2]));
    expect(merkleRoot([L1, L2, L4])).not.toBe(merkleRoot([L1, L2, L3]));
  });

  it('proves each leaf of trees of one to seven leaves, and refuses a wrong leaf or root', () => {
    const all = Array.from({ length: 7 }, (_, i) => sha256Hex(`leaf ${i}`));
    for (let size = 1; size <= all.length; size++) {
      const leaves = all.slice(0, size);
      const root = merkleRoot(leaves);
      leaves.forEach((leaf, index) => {
        const proof = merkleProof(leaves, index);
        expect(verifyMerkleProof(leaf, proof, root)).toBe(true);
        expect(verifyMerkleProof(sha256Hex('forged'), proof, root)).toBe(false);
      });
    }
    expect(verifyMerkleProof(L1, merkleProof([L1, L2, L3], 0), merkleRoot([L1, L2, L4]))).toBe(
      false,
    );
    expect(() => merkleProof([L1], 1)).toThrow(RangeError);
  });
});
