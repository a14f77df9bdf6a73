// Byte helpers every protocol in drivers/ needs (ZVT frames and BMPs, ESC/POS jobs, the virtual printer).

/** The parts one after the other in a new array. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One byte as two upper-case hex digits, the way protocol specifications write them: 0x0a → "0A". */
export function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

/** Bytes as spaced hex for logs and messages: "10 02 06 1E". */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map(hex).join(' ');
}
