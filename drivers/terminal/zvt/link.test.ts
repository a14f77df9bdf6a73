import { describe, expect, it } from 'vitest';
import { createDuplexPair } from '../../serial/stream';
import { ZvtLink } from './link';
import { ACK, NAK, ZvtDecoder, encodeFrame } from './frame';

const T = { ackMs: 150, replyMs: 150, completionMs: 300, interByteMs: 40, retries: 3 };
const hx = (s: string) => Uint8Array.from(s.split(' ').map((x) => parseInt(x, 16)));

/** The peer end, scripted: records frames it receives and answers each with `answer(n)`. */
function peer(answer: (n: number) => number[] | undefined) {
  const [mine, theirs] = createDuplexPair();
  const dec = new ZvtDecoder();
  let frames = 0;
  const got: number[] = [];
  theirs.onData((c) => {
    got.push(...c);
    for (const e of dec.push(c)) {
      if (e.kind !== 'frame') continue;
      const reply = answer(frames++);
      if (reply) theirs.write(Uint8Array.from(reply));
    }
  });
  return { link: new ZvtLink(mine, T), theirs, frames: () => frames, got };
}

describe('ZVT link layer', () => {
  it('resends after NAK and gives up after 1 + retries copies', async () => {
    const p = peer(() => [NAK]);
    expect(await p.link.sendApdu(hx('06 01 07 04 00 00 00 00 01 90'))).toEqual({ kind: 'refused', naks: 4 });
    expect(p.frames()).toBe(4);
  });

  it('a NAK then an ACK succeeds on the second copy', async () => {
    const p = peer((n) => (n === 0 ? [NAK] : [ACK]));
    expect(await p.link.sendApdu(hx('80 00 00'))).toEqual({ kind: 'acked' });
    expect(p.frames()).toBe(2);
  });

  it('silence is no-ack, and never resent (the peer may have it)', async () => {
    const p = peer(() => undefined);
    expect(await p.link.sendApdu(hx('06 01 07 04 00 00 00 00 01 90'))).toEqual({ kind: 'no-ack', heardSomething: false });
    expect(p.frames()).toBe(1);
  });

  it('a reply frame without the ACK counts as ACK and stays readable', async () => {
    const p = peer(() => [...encodeFrame(hx('80 00 00'))]);
    expect(await p.link.sendApdu(hx('06 01 07 04 00 00 00 00 01 90'))).toEqual({ kind: 'acked' });
    const r = await p.link.receiveApdu(100);
    expect(r).toEqual({ kind: 'apdu', bytes: hx('80 00 00') });
  });

  it('receiving: ACK for a good frame, NAK for a bad CRC, NAK after an inter-byte gap', async () => {
    const p = peer(() => undefined);
    const frame = encodeFrame(hx('04 FF 01 0A'));
    p.theirs.write(encodeFrame(hx('04 FF 01 0A'), { corruptCrc: true }));
    p.theirs.write(frame.subarray(0, 4)); // … then silence longer than interByteMs
    setTimeout(() => p.theirs.write(frame), 120);
    const r = await p.link.receiveApdu(400);
    expect(r).toEqual({ kind: 'apdu', bytes: hx('04 FF 01 0A') });
    await new Promise((r) => setTimeout(r, 5));
    expect(p.got).toEqual([NAK, NAK, ACK]);
  });

  it('times out as a value', async () => {
    const p = peer(() => undefined);
    expect(await p.link.receiveApdu(30)).toEqual({ kind: 'timeout' });
  });
});
