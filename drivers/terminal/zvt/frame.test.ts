import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { frameCrc } from './crc';
import { ACK, MAX_APDU, NAK, ZvtDecoder, encodeFrame, type ZvtEvent } from './frame';
import { toHex } from '../../bytes';

const hx = (s: string) => Uint8Array.from(s.split(' ').map((x) => parseInt(x, 16)));

const VECTORS: Array<[string, string]> = [
  ['06 0F 0B F0 F0 F7 32 2E 31 34 2E 31 35 00', '10 02 06 0F 0B F0 F0 F7 32 2E 31 34 2E 31 35 00 10 03 B1 11'],
  ['05 01 03 12 34 56', '10 02 05 01 03 12 34 56 10 03 E0 43'],
  ['80 00 00', '10 02 80 00 00 10 03 F5 1F'],
  ['06 01 07 04 00 00 00 00 01 90', '10 02 06 01 07 04 00 00 00 00 01 90 10 03 76 57'],
  ['06 01 07 04 00 00 00 00 10 00', '10 02 06 01 07 04 00 00 00 00 10 10 00 10 03 62 91'],
  // CRC bytes go out raw even when one is 10 (reference note, issue 12): the driver's request for 1.78 EUR
  // (amount, currency 978, timeout 120 s) has CRC AF10, sent `10 AF`, not `10 10 AF` …
  ['06 01 0C 04 00 00 00 00 01 78 49 09 78 01 78', '10 02 06 01 0C 04 00 00 00 00 01 78 49 09 78 01 78 10 03 10 AF'],
  // … and the simulator's receipt line "AMOUNT 0.28" (CRC 109C: high byte 10) and "AMOUNT 1.02" (CRC 5310: low byte 10).
  ['06 D1 0C 00 41 4D 4F 55 4E 54 20 30 2E 32 38', '10 02 06 D1 0C 00 41 4D 4F 55 4E 54 20 30 2E 32 38 10 03 9C 10'],
  ['06 D1 0C 00 41 4D 4F 55 4E 54 20 31 2E 30 32', '10 02 06 D1 0C 00 41 4D 4F 55 4E 54 20 31 2E 30 32 10 03 10 53'],
];

/** The doubled-CRC form some peers send (each 10 of the two CRC bytes written twice): the decoder takes it too. */
function withDoubledCrc(wire: Uint8Array): Uint8Array {
  const crc = [...wire.subarray(wire.length - 2)].flatMap((b) => (b === 0x10 ? [0x10, 0x10] : [b]));
  return Uint8Array.from([...wire.subarray(0, wire.length - 2), ...crc]);
}

/** APDUs whose CRC has a 10 in the low byte, the high byte, or both: found by search, not guessed. */
function apduWithCrc(test: (crc: number) => boolean): Uint8Array {
  for (let n = 0; n < 1_000_000; n++) {
    const a = Uint8Array.of(0x06, 0x01, 0x07, 0x04, 0, 0, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, 0x49);
    if (test(frameCrc(a))) return a;
  }
  throw new Error('no such APDU in the search range');
}
const CRC_LO_10 = apduWithCrc((c) => (c & 0xff) === 0x10 && c >> 8 !== 0x10);
const CRC_HI_10 = apduWithCrc((c) => c >> 8 === 0x10 && (c & 0xff) !== 0x10);

const frames = (events: ZvtEvent[]) => events.filter((e) => e.kind === 'frame');

describe('ZVT framing', () => {
  for (const [apdu, wire] of VECTORS) {
    it(`encodes and decodes ${apdu}`, () => {
      expect(toHex(encodeFrame(hx(apdu)))).toBe(wire);
      expect(new ZvtDecoder().push(hx(wire))).toEqual([{ kind: 'frame', apdu: hx(apdu), crcOk: true }]);
    });
  }

  it('doubles 10 inside an amount (10.00) and undoes it', () => {
    const wire = encodeFrame(hx('06 01 07 04 00 00 00 00 10 00'));
    expect([...wire].filter((b) => b === 0x10)).toHaveLength(4); // DLE STX, doubled 10, DLE ETX
  });

  it('sends the two CRC bytes raw, never doubled, even when one is 10 (low, high)', () => {
    for (const apdu of [CRC_LO_10, CRC_HI_10]) {
      const wire = encodeFrame(apdu);
      const crc = frameCrc(apdu);
      // Exactly two bytes after DLE ETX, low byte first: what field implementations read.
      expect([...wire.subarray(-4)]).toEqual([0x10, 0x03, crc & 0xff, crc >>> 8]);
    }
  });

  it('decodes a CRC containing 10 raw or doubled, and the next frame after either', () => {
    for (const apdu of [CRC_LO_10, CRC_HI_10]) {
      for (const wire of [encodeFrame(apdu), withDoubledCrc(encodeFrame(apdu))]) {
        const d = new ZvtDecoder();
        expect(frames(d.push(wire))).toEqual([{ kind: 'frame', apdu, crcOk: true }]);
        expect(frames(d.push(encodeFrame(hx('80 00 00'))))).toHaveLength(1);
      }
    }
  });

  it('a CRC high byte 10 (raw or doubled) followed by an ACK and the next frame loses nothing', () => {
    for (const wire of [encodeFrame(CRC_HI_10), withDoubledCrc(encodeFrame(CRC_HI_10))]) {
      const events = new ZvtDecoder().push(Uint8Array.from([...wire, ACK, ...encodeFrame(hx('80 00 00'))]));
      expect(events.map((e) => e.kind)).toEqual(['frame', 'ack', 'frame']);
    }
  });

  it('link ACK glued to the next frame, and NAK', () => {
    const events = new ZvtDecoder().push(Uint8Array.from([ACK, ...encodeFrame(hx('80 00 00')), NAK]));
    expect(events).toEqual([{ kind: 'ack' }, { kind: 'frame', apdu: hx('80 00 00'), crcOk: true }, { kind: 'nak' }]);
  });

  it('flags a wrong CRC', () => {
    expect(new ZvtDecoder().push(encodeFrame(hx('80 00 00'), { corruptCrc: true }))).toEqual([{ kind: 'frame', apdu: hx('80 00 00'), crcOk: false }]);
  });

  const STREAM = Uint8Array.from([
    0x41,
    0x06,
    ...encodeFrame(hx('06 01 07 04 00 00 00 00 10 00')),
    0x06,
    ...encodeFrame(CRC_LO_10),
    ...withDoubledCrc(encodeFrame(CRC_HI_10)),
    0x15,
    0xff,
    ...encodeFrame(hx('06 0F 0B F0 F0 F7 32 2E 31 34 2E 31 35 00')),
  ]);
  const decodeChunks = (chunks: Uint8Array[]) => {
    const d = new ZvtDecoder();
    return chunks.flatMap((c) => d.push(c));
  };
  const whole = decodeChunks([STREAM]);

  it('byte by byte gives the same events as all at once', () => {
    expect(frames(whole)).toHaveLength(4);
    expect(decodeChunks([...STREAM].map((b) => Uint8Array.of(b)))).toEqual(whole);
  });

  it('property: any chunking gives the same frames', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 30 }), (cuts) => {
        const points = [...new Set([0, ...cuts, STREAM.length])].sort((a, b) => a - b);
        const chunks = points.slice(1).map((p, i) => STREAM.subarray(points[i]!, p));
        expect(decodeChunks(chunks)).toEqual(whole);
      }),
    );
  });

  it('property: random bytes never throw, and a clean frame afterwards is found once the junk is flushed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (junk) => {
        const d = new ZvtDecoder();
        d.push(junk);
        // The link layer discards a half frame after the inter-byte gap; then the next frame decodes.
        d.reset();
        const after = frames(d.push(encodeFrame(hx('80 00 00'))));
        expect(after).toEqual([{ kind: 'frame', apdu: hx('80 00 00'), crcOk: true }]);
      }),
    );
  });

  it('property: any APDU survives encode → decode, with the CRC raw or doubled by the peer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (apdu, doubled) => {
        const wire = doubled ? withDoubledCrc(encodeFrame(apdu)) : encodeFrame(apdu);
        expect(new ZvtDecoder().push(wire)).toEqual([{ kind: 'frame', apdu, crcOk: true }]);
      }),
    );
  });

  it('resynchronises on DLE followed by garbage inside a frame', () => {
    const broken = Uint8Array.from([0x10, 0x02, 0x80, 0x10, 0x44, ...encodeFrame(hx('80 00 00'))]);
    const events = new ZvtDecoder().push(broken);
    expect(events[0]).toMatchObject({ kind: 'broken' });
    expect(frames(events)).toEqual([{ kind: 'frame', apdu: hx('80 00 00'), crcOk: true }]);
  });

  it('bounds a frame of stuffed 10 10 pairs like any other: broken, and never more than the largest APDU held', () => {
    const d = new ZvtDecoder();
    const events: ZvtEvent[] = d.push(Uint8Array.of(0x10, 0x02));
    const chunk = new Uint8Array(64 * 1024).fill(0x10); // 32 K stuffed pairs: 32 K APDU bytes of 10
    let most = 0;
    for (let i = 0; i < 16; i++) {
      events.push(...d.push(chunk));
      most = Math.max(most, d.buffered);
    }
    expect(events.filter((e) => e.kind === 'broken')).toEqual([{ kind: 'broken', reason: 'frame longer than any APDU' }]);
    expect(most).toBeLessThanOrEqual(MAX_APDU);
    // And the decoder still finds the next real frame.
    d.reset();
    expect(frames(d.push(encodeFrame(hx('80 00 00'))))).toEqual([{ kind: 'frame', apdu: hx('80 00 00'), crcOk: true }]);
  });
});
