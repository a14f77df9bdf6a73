// ISO/IEC 7064 MOD 37-2: the pure system over 0-9A-Z with modulus 37 and radix 2; the check character is
// one of 0-9A-Z or '*' (value 36). Chosen over the hybrid MOD 37,36 and over Luhn mod N because a pure
// system with a prime modulus detects EVERY single-character substitution and EVERY adjacent
// transposition (the weights of neighbours differ by a factor 2, invertible mod 37); MOD 37,36 misses 72
// adjacent transpositions and Luhn mod 36 misses some too (check.test.ts counts them exhaustively).

export const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';
const MOD = 37;

function value(ch: string): number {
  const v = CHECK_ALPHABET.indexOf(ch);
  if (v < 0 || v === 36) throw new RangeError(`"${ch}" cannot appear in a checked body: use 0-9 and A-Z only`);
  return v;
}

/** The check character for `body` (0-9A-Z). */
export function mod37_2(body: string): string {
  let p = 0;
  for (const ch of body) p = ((p + value(ch)) * 2) % MOD;
  return CHECK_ALPHABET[(MOD + 1 - p) % MOD]!;
}

/** Whether `body` followed by `check` is consistent. */
export function isValidMod37_2(body: string, check: string): boolean {
  if (check.length !== 1 || !CHECK_ALPHABET.includes(check)) return false;
  if (!/^[0-9A-Z]*$/.test(body)) return false;
  return mod37_2(body) === check;
}
