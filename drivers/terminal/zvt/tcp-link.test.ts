import { describe, expect, it } from 'vitest';
import { createDuplexPair } from '../../serial/stream';
import { encodeApdu } from './apdu';
import { ApduSplitter, ZvtTcpLink, foreignBytes } from './tcp-link';

const T = { ackMs: 150, replyMs: 150, completionMs: 300, interByteMs: 40, retries: 3 };
const hx = (s: string) => Uint8Array.from(s.split(' ').map((x) => parseInt(x, 16)));
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');

describe('ZVT over TCP: splitting the stream into APDUs by their length field', () => {
  it('gives an APDU cut over many reads once, whole', () => {
    const s = new ApduSplitter();
    const apdu = hx('06 01 07 04 00 00 00 00 01 90');
    const out: Uint8Array[] = [];
    for (const b of apdu) out.push(...s.push(Uint8Array.of(b)));
    expect(out.map(hex)).toEqual(['06 01 07 04 00 00 00 00 01 90']);
    expect(s.pending).toBe(0);
  });

  it('gives several APDUs from one read, and keeps the start of the next', () => {
    const s = new ApduSplitter();
    const got = s.push(hx('80 00 00 04 FF 01 0A 06 0F 00 04 0F 05'));
    expect(got.map(hex)).toEqual(['80 00 00', '04 FF 01 0A', '06 0F 00']);
    expect(s.pending).toBe(3);
    expect(s.push(hx('27 00 04 00 00')).map(hex)).toEqual(['04 0F 05 27 00 04 00 00']);
  });

  it('reads the 3-byte length FF lo hi, low byte first (300 data bytes = FF 2C 01)', () => {
    const data = new Uint8Array(300).fill(0x41);
    const apdu = encodeApdu(0x06, 0xd3, data);
    expect(hex(apdu.subarray(0, 5))).toBe('06 D3 FF 2C 01');
    const s = new ApduSplitter();
    // The length field itself split: FF now, lo hi later.
    expect(s.push(apdu.subarray(0, 3))).toEqual([]);
    expect(s.push(apdu.subarray(3, 100))).toEqual([]);
    const got = s.push(Uint8Array.from([...apdu.subarray(100), 0x80, 0x00, 0x00]));
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual(apdu);
    expect(hex(got[1]!)).toBe('80 00 00');
  });

  it('an APDU with no data is its 3 header bytes', () => {
    expect(new ApduSplitter().push(hx('06 B0 00')).map(hex)).toEqual(['06 B0 00']);
  });
});

describe('ZVT over TCP: the link', () => {
  it('sends the bare APDU (no DLE STX, no CRC) and calls it acked once written', async () => {
    const [mine, theirs] = createDuplexPair();
    const got: number[] = [];
    theirs.onData((c) => got.push(...c));
    const link = new ZvtTcpLink(mine, T);
    expect(await link.sendApdu(hx('05 01 03 00 00 00'))).toEqual({ kind: 'acked' });
    await new Promise((r) => setImmediate(r));
    expect(hex(Uint8Array.from(got))).toBe('05 01 03 00 00 00');
    link.dispose();
  });

  it('sends nothing and says closed once the connection is gone', async () => {
    const [mine] = createDuplexPair();
    const link = new ZvtTcpLink(mine, T);
    await mine.close();
    expect(await link.sendApdu(hx('05 01 03 00 00 00'))).toMatchObject({ kind: 'closed' });
    expect(await link.receiveApdu(50)).toMatchObject({ kind: 'closed' });
  });

  it('drops the connection on bytes that are no APDU, saying what they were', async () => {
    const [mine, theirs] = createDuplexPair();
    const link = new ZvtTcpLink(mine, T);
    let closed = '';
    mine.onClose((r) => (closed = r));
    theirs.write(hx('10 02 80 00 00 10 03 F5 1F'));
    expect(await link.receiveApdu(500)).toEqual({ kind: 'failed', reason: expect.stringMatching(/serial framing \(DLE STX\) on TCP/) });
    expect(closed).not.toBe('');
  });

  it('a cut-off APDU is given up after the gap and the connection dropped', async () => {
    const [mine, theirs] = createDuplexPair();
    const link = new ZvtTcpLink(mine, { ...T, interByteMs: 40 });
    theirs.write(hx('04 0F 20 27 00'));
    const started = Date.now();
    expect(await link.receiveApdu(5000)).toEqual({ kind: 'failed', reason: expect.stringMatching(/stopped after 5 bytes \(04 0F 20 27 00/) });
    // The floor for TCP is 2 s, not the serial 40 ms: segments may take a LAN round trip.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });
});

describe('what the first bytes of a non-ZVT answer say', () => {
  it('names a TLS record and the serial framing, and nothing else', () => {
    expect(foreignBytes(hx('15 03 03 00 02 02 32'))).toMatch(/requires TLS/);
    expect(foreignBytes(hx('16 03 01 00 2A'))).toMatch(/requires TLS/);
    expect(foreignBytes(hx('10 02 06 0F'))).toMatch(/serial framing/);
    expect(foreignBytes(hx('80 00 00'))).toBeUndefined();
    expect(foreignBytes(hx('84 9C 00'))).toBeUndefined();
  });
});
