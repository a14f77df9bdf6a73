import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACK, ENQ, EOT, NAK, frameMessage } from './codec';
import { ConcertDecoder, type ConcertEvent } from './decoder';

const REQ = frameMessage('0100001250110978          A010B010');
const ANS = frameMessage('0100001500015040000000000');
const stream = Uint8Array.from([ENQ, ...REQ, ACK, EOT, 0x7f, 0x41, ...ANS, NAK, ...ANS]);

const meaningful = (events: ConcertEvent[]) => events.filter((e) => e.kind !== 'noise');

function feed(chunks: Uint8Array[]): ConcertEvent[] {
  const d = new ConcertDecoder();
  return chunks.flatMap((c) => d.push(c));
}

function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

describe('Concert streaming decoder', () => {
  const whole = feed([stream]);

  it('finds controls and frames, skipping noise before STX', () => {
    expect(meaningful(whole)).toEqual([
      { kind: 'control', byte: ENQ },
      { kind: 'frame', message: '0100001250110978          A010B010', lrcOk: true },
      { kind: 'control', byte: ACK },
      { kind: 'control', byte: EOT },
      { kind: 'frame', message: '0100001500015040000000000', lrcOk: true },
      { kind: 'control', byte: NAK },
      { kind: 'frame', message: '0100001500015040000000000', lrcOk: true },
    ]);
  });

  it('gives the same events fed one byte at a time', () => {
    expect(feed([...stream].map((b) => Uint8Array.of(b)))).toEqual(whole);
  });

  it('property: any chunking gives the same events', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(feed(chunk(stream, cuts))).toEqual(whole);
      }),
    );
  });

  it('flags a wrong LRC without losing the message', () => {
    const bad = Uint8Array.from(REQ);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
    expect(feed([bad])).toEqual([{ kind: 'frame', message: '0100001250110978          A010B010', lrcOk: false }]);
  });

  it('an LRC byte equal to a control code (EOT = 04) is still the LRC', () => {
    const f = frameMessage('0100015000010504          A011B010');
    expect(f[f.length - 1]).toBe(EOT);
    expect(meaningful(feed([f]))).toHaveLength(1);
  });

  it('resynchronises after a frame cut short by a new STX or a control byte', () => {
    const cut = Uint8Array.from([...REQ.subarray(0, 10), ...ANS]);
    expect(meaningful(feed([cut]))).toEqual([{ kind: 'frame', message: '0100001500015040000000000', lrcOk: true }]);
    const withEnq = Uint8Array.from([...REQ.subarray(0, 10), ENQ, ...ANS]);
    expect(meaningful(feed([withEnq])).map((e) => e.kind)).toEqual(['control', 'frame']);
  });

  it('property: random bytes never throw, and a clean frame afterwards is always found', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (junk) => {
        const d = new ConcertDecoder();
        d.push(junk);
        // A frame in progress ends at the next ETX+LRC at worst; an EOT flushes it, then the frame follows.
        const events = d.push(Uint8Array.from([EOT, ...ANS]));
        expect(events.filter((e) => e.kind === 'frame' && e.lrcOk && e.message === '0100001500015040000000000')).toHaveLength(1);
      }),
    );
  });

  it('mask7 strips a parity bit seen through an 8N1 adapter', () => {
    const withParity = Uint8Array.from([...ANS].map((b) => b | 0x80));
    expect(new ConcertDecoder(true).push(withParity)).toEqual([{ kind: 'frame', message: '0100001500015040000000000', lrcOk: true }]);
  });
});
