// base64url without padding (RFC 4648 §5), on bytes, with no platform API: domain/ runs in the daemon and pages alike.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** The bytes, or undefined for a character outside the alphabet or an impossible length (padding is accepted). */
export function base64urlDecode(text: string): Uint8Array | undefined {
  const s = text.replace(/=+$/, '');
  if (s.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    const chunk = s.slice(i, i + 4);
    for (let k = 0; k < 4; k++) {
      const v = k < chunk.length ? VALUE.get(chunk[k]!) : 0;
      if (v === undefined) return undefined;
      n = (n << 6) | v;
    }
    for (let k = 0; k < chunk.length - 1; k++) out[o++] = (n >> (16 - 8 * k)) & 255;
  }
  return out;
}
