// The simulated ZVT terminal as an independent ECR would see it: its bytes read the strict way field
// implementations read them (exactly two CRC bytes after DLE ETX, as python-ecrterm's SerialTransport.read).
import { afterEach, describe, expect, it } from 'vitest';
import { createDuplexPair, type ByteStream } from '../../serial/stream';
import { frameCrc } from '../zvt/crc';
import { decodeApdu } from '../zvt/apdu';
import { toHex } from '../../bytes';
import { ZvtDriver } from '../zvt/driver';
import { parseStatusInfo } from '../zvt/messages';
import { ZvtSimulator, type ZvtSimOptions } from './zvt-sim';

const FAST = { ackMs: 400, replyMs: 600, completionMs: 900, interByteMs: 200, retries: 3 };

interface StrictFrame {
  wire: string;
  apdu: Uint8Array;
  crcOk: boolean;
}

/** Splits what the terminal sent into link bytes and frames; throws on anything a strict reader rejects. */
function strictRead(bytes: number[]): StrictFrame[] {
  const out: StrictFrame[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] === 0x06 || bytes[i] === 0x15) {
      i++;
      continue;
    }
    const start = i;
    if (bytes[i] !== 0x10 || bytes[i + 1] !== 0x02) throw new Error(`at ${i}: expected DLE STX, got ${toHex(Uint8Array.from(bytes.slice(i, i + 2)))}`);
    i += 2;
    const apdu: number[] = [];
    for (;;) {
      if (i >= bytes.length) throw new Error('frame cut off');
      const b = bytes[i++]!;
      if (b !== 0x10) {
        apdu.push(b);
        continue;
      }
      const next = bytes[i++];
      if (next === 0x10) apdu.push(0x10);
      else if (next === 0x03) break;
      else throw new Error(`at ${i}: DLE followed by ${next}`);
    }
    const crc = bytes[i]! | (bytes[i + 1]! << 8);
    i += 2;
    const a = Uint8Array.from(apdu);
    out.push({ wire: toHex(Uint8Array.from(bytes.slice(start, i))), apdu: a, crcOk: crc === frameCrc(a) });
  }
  return out;
}

interface Bench {
  driver: ZvtDriver;
  sim: ZvtSimulator;
  /** Every byte the simulated terminal sent. */
  fromTerminal: number[];
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

function bench(simOpts: ZvtSimOptions = {}): Bench {
  const [kioskEnd, terminalEnd]: [ByteStream, ByteStream] = createDuplexPair();
  const fromTerminal: number[] = [];
  kioskEnd.onData((c) => fromTerminal.push(...c));
  const sim = new ZvtSimulator(terminalEnd, { timers: FAST, ...simOpts });
  const driver = new ZvtDriver(async () => ({ ok: true, stream: kioskEnd }), { timers: FAST });
  open.push(async () => {
    await driver.close();
    await sim.close();
    await kioskEnd.close();
  });
  return { driver, sim, fromTerminal };
}

describe('ZVT simulator on the wire', () => {
  it('sends the receipt lines of 0.28 and 1.02 EUR (CRC with a 10 byte) with the CRC raw', async () => {
    const b = bench();
    expect((await b.driver.pay({ amountMinor: 28, currency: 'EUR', reference: 'a' })).outcome).toBe('approved');
    expect((await b.driver.pay({ amountMinor: 102, currency: 'EUR', reference: 'b' })).outcome).toBe('approved');
    const frames = strictRead(b.fromTerminal);
    expect(frames.filter((f) => !f.crcOk)).toEqual([]);
    const wires = frames.map((f) => f.wire);
    expect(wires).toContain('10 02 06 D1 0C 00 41 4D 4F 55 4E 54 20 30 2E 32 38 10 03 9C 10');
    expect(wires).toContain('10 02 06 D1 0C 00 41 4D 4F 55 4E 54 20 31 2E 30 32 10 03 10 53');
  });
});

describe('ZVT simulator receipts', () => {
  it("print the amount in the payment currency's own minor unit", async () => {
    const b = bench();
    const r = await b.driver.pay({ amountMinor: 1500, currency: 'TND', reference: 't' });
    expect(r.outcome).toBe('approved');
    expect(r.ok && r.receiptLines).toContain('AMOUNT 1.500');
  });
});

describe('ZVT simulator clock', () => {
  // 23:30:05 UTC on 15 January is already the 16th in Tokyo and still the afternoon in New York.
  const at = new Date('2025-01-15T23:30:05Z');
  const statusTimes = async (opts: ZvtSimOptions) => {
    const b = bench({ now: () => at, ...opts });
    expect((await b.driver.pay({ amountMinor: 500, currency: 'EUR', reference: 't' })).outcome).toBe('approved');
    return strictRead(b.fromTerminal)
      .map((f) => decodeApdu(f.apdu))
      .flatMap((d) => (d.ok && d.apdu.cls === 0x04 && d.apdu.ins === 0x0f ? [parseStatusInfo(d.apdu.data)] : []))
      .map((i) => ({ date: i.date, time: i.time }));
  };

  it('sends BMP 0C/0D as the wall clock of its time zone, as a terminal does', async () => {
    expect(await statusTimes({ timeZone: 'Asia/Tokyo' })).toEqual([{ date: '0116', time: '083005' }]);
    expect(await statusTimes({ timeZone: 'America/New_York' })).toEqual([{ date: '0115', time: '183005' }]);
  });

  it("defaults to the process's local zone", async () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = { date: `${pad(at.getMonth() + 1)}${pad(at.getDate())}`, time: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}` };
    expect(await statusTimes({})).toEqual([local]);
  });
});
