// The typed fallback for a QR that will not scan. It is printed under the QR in the e-mail: 8 characters
// from the first 40 bits of the token id plus one check character (Luhn mod 32), shown as "XXX-XXX-XXX".
// The alphabet has no 0/O or 1/I so nothing printed can be misread. The code is not a credential on its
// own: the kiosk maps it back to a full signed token from the day's token list it holds (see
// findTokensByCode), and that token goes through the very same verification as a scanned QR.

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const N = CODE_ALPHABET.length; // 32: five bits per character
const BODY = 8;

function luhnCheck(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * CODE_ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CODE_ALPHABET[(N - (sum % N)) % N]!;
}

const format = (raw: string) => `${raw.slice(0, 3)}-${raw.slice(3, 6)}-${raw.slice(6, 9)}`;

/** The printed code of a token id ("K7M-2QX-9PD"). */
export function codeFromTokenId(tokenId: Uint8Array): string {
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(tokenId[i] ?? 0);
  let body = '';
  for (let i = BODY - 1; i >= 0; i--) body += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]!;
  return format(body + luhnCheck(body));
}

export type TypedCodeParsed = { ok: true; code: string } | { ok: false; reason: 'bad-code'; detail: string };

/** Accepts what a visitor types: lower case, spaces and dashes anywhere. */
export function parseTypedCode(input: string): TypedCodeParsed {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== BODY + 1)
    return { ok: false, reason: 'bad-code', detail: `the code has ${BODY + 1} characters (letters and digits), this has ${raw.length}` };
  const wrong = [...raw].find((c) => !CODE_ALPHABET.includes(c));
  if (wrong !== undefined) {
    const hint = /[0O1I]/.test(wrong) ? ': codes never contain 0, O, 1 or I' : '';
    return { ok: false, reason: 'bad-code', detail: `"${wrong}" cannot appear in a code${hint}` };
  }
  if (luhnCheck(raw.slice(0, BODY)) !== raw[BODY])
    return { ok: false, reason: 'bad-code', detail: 'a character is mistyped (the check character does not match): compare with the e-mail' };
  return { ok: true, code: format(raw) };
}
