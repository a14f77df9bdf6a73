import { describe, expect, it } from 'vitest';
import { createDuplexPair } from '../../serial/stream';
import { ACK, ENQ, EOT, NAK, frameMessage } from './codec';
import { ConcertDecoder } from './decoder';
import { ConcertLink, type ConcertTimers } from './link';

const T: ConcertTimers = { enqAckMs: 60, enqAttempts: 3, messageAckMs: 80, frameMs: 100, eotMs: 60, answerMs: 200, retries: 3 };
const MSG = '0100001250110978          A010B010';

/** Scripted peer: reacts to each control/frame event it receives. */
function peer(react: (e: { kind: string; byte?: number; lrcOk?: boolean }, n: number) => number[] | undefined) {
  const [mine, theirs] = createDuplexPair();
  const dec = new ConcertDecoder();
  const seen: string[] = [];
  theirs.onData((c) => {
    for (const e of dec.push(c)) {
      seen.push(
        e.kind === 'frame' ? 'FRAME' : e.kind === 'control' ? ({ 5: 'ENQ', 6: 'ACK', 4: 'EOT', 21: 'NAK' } as Record<number, string>)[e.byte]! : 'noise',
      );
      const out = react(e, seen.length);
      if (out) theirs.write(Uint8Array.from(out));
    }
  });
  return { link: new ConcertLink(mine, T), theirs, seen };
}

describe('Concert link layer', () => {
  it('ENQ/ACK, message/ACK, EOT', async () => {
    const p = peer((e) => (e.kind === 'frame' || e.byte === ENQ ? [ACK] : undefined));
    expect(await p.link.send(MSG)).toEqual({ ok: true, naks: 0 });
    await new Promise((r) => setTimeout(r, 5));
    expect(p.seen).toEqual(['ENQ', 'FRAME', 'EOT']);
  });

  it('no ACK to ENQ: tries enqAttempts times, then EOT and stage enq (nothing sent)', async () => {
    const p = peer(() => undefined);
    const r = await p.link.send(MSG);
    expect(r).toMatchObject({ ok: false, stage: 'enq' });
    await new Promise((r) => setTimeout(r, 5));
    expect(p.seen).toEqual(['ENQ', 'ENQ', 'ENQ', 'EOT']);
  });

  it('NAK to every copy: 1 + 3 retries, then refused', async () => {
    const p = peer((e) => (e.byte === ENQ ? [ACK] : e.kind === 'frame' ? [NAK] : undefined));
    const r = await p.link.send(MSG);
    expect(r).toMatchObject({ ok: false, stage: 'message', refused: true });
    expect(p.seen.filter((s) => s === 'FRAME')).toHaveLength(4);
  });

  it('message sent but no ACK/NAK: not refused (it may have been taken), never resent', async () => {
    const p = peer((e) => (e.byte === ENQ ? [ACK] : undefined));
    expect(await p.link.send(MSG)).toMatchObject({ ok: false, stage: 'message', refused: false });
    expect(p.seen.filter((s) => s === 'FRAME')).toHaveLength(1);
  });

  it('receiving: ACK the ENQ, NAK a bad LRC, ACK the good copy, accept a missing EOT', async () => {
    const p = peer(() => undefined);
    const bad = frameMessage(MSG);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    p.theirs.write(Uint8Array.of(0x7e, ENQ)); // noise first
    setTimeout(() => p.theirs.write(bad), 5);
    setTimeout(() => p.theirs.write(frameMessage(MSG)), 15);
    const r = await p.link.receive(100);
    expect(r).toEqual({ ok: true, message: MSG, eot: false });
    await new Promise((r) => setTimeout(r, 5));
    expect(p.seen).toEqual(['ACK', 'NAK', 'ACK']);
  });

  it('receiving: the sender giving up with EOT is a failure value', async () => {
    const p = peer(() => undefined);
    p.theirs.write(Uint8Array.of(ENQ));
    setTimeout(() => p.theirs.write(Uint8Array.of(EOT)), 5);
    expect(await p.link.receive(100)).toMatchObject({ ok: false, stage: 'frame' });
  });
});
