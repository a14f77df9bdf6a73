// ZVT APDU = CLASS INSTR LEN data; LEN is one byte, or FF lo hi for 255 and more.

export interface Apdu {
  cls: number;
  ins: number;
  data: Uint8Array;
}

export function encodeApdu(cls: number, ins: number, data: Uint8Array | number[] = []): Uint8Array {
  const d = data instanceof Uint8Array ? data : Uint8Array.from(data);
  if (d.length > 0xffff) throw new RangeError(`APDU data of ${d.length} bytes exceeds 65535`);
  const head = d.length < 0xff ? [cls, ins, d.length] : [cls, ins, 0xff, d.length & 0xff, d.length >>> 8];
  const out = new Uint8Array(head.length + d.length);
  out.set(head, 0);
  out.set(d, head.length);
  return out;
}

export function decodeApdu(bytes: Uint8Array): { ok: true; apdu: Apdu } | { ok: false; reason: string } {
  if (bytes.length < 3) return { ok: false, reason: `APDU of ${bytes.length} bytes is shorter than CLASS INSTR LEN` };
  let len = bytes[2]!;
  let start = 3;
  if (len === 0xff) {
    if (bytes.length < 5) return { ok: false, reason: 'APDU with FF length lacks the two length bytes' };
    len = bytes[3]! | (bytes[4]! << 8);
    start = 5;
  }
  if (bytes.length !== start + len) {
    return { ok: false, reason: `APDU length field says ${len} data bytes, frame has ${bytes.length - start}` };
  }
  return { ok: true, apdu: { cls: bytes[0]!, ins: bytes[1]!, data: bytes.subarray(start) } };
}

export const cmd = (a: Apdu): number => (a.cls << 8) | a.ins;
