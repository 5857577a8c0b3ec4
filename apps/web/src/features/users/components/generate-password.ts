const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#$%&*!?'];

function pick(set: string, random: number): string {
  return set[random % set.length] ?? set[0]!;
}

/**
 * A 12-character temporary password with all four character classes (so it meets the GB/T 22239
 * rule in ZNewPassword), without look-alikes such as 0/O and 1/l that get misread over the phone.
 */
export function generatePassword(length = 12): string {
  const random = crypto.getRandomValues(new Uint32Array(length + length));
  const all = SETS.join('');
  const chars = SETS.map((set, i) => pick(set, random[i]!));
  for (let i = chars.length; i < length; i++) chars.push(pick(all, random[i]!));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random[length + i]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
