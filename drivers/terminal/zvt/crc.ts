// CRC-16/KERMIT: reflected polynomial 0x8408, init 0, no final xor. check("123456789") = 0x2189.

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

export function crc16Kermit(bytes: Uint8Array, init = 0): number {
  let crc = init;
  for (const b of bytes) crc = (crc >>> 8) ^ TABLE[(crc ^ b) & 0xff]!;
  return crc & 0xffff;
}

/** The CRC a ZVT frame carries: over the unstuffed APDU plus the ETX byte. */
export function frameCrc(apdu: Uint8Array): number {
  return crc16Kermit(Uint8Array.of(0x03), crc16Kermit(apdu));
}
