// ZVT serial transport: DLE STX <APDU, each 10 doubled> DLE ETX CRC_lo CRC_hi, answered by ACK (06) or
// NAK (15). The decoder takes bytes in any chunking and resynchronises on noise.
//
// CRC bytes go out raw, never doubled, even when one is 10: field implementations read exactly two bytes
// after DLE ETX (python-ecrterm, ecrterm/transmission/transport_serial.py: SerialMessage.dump_message writes
// `DLE ETX crc_l crc_h`, SerialTransport.read takes read(2)) and NAK or time out on a doubled one. The
// decoder still accepts a doubled 10 from a peer that sends one: it knows the CRC it expects before the
// CRC bytes arrive. See ../shared/reference/payment-terminals.md.
import { frameCrc } from './crc';
import { hex } from '../../bytes';

export const DLE = 0x10;
export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;

/** 3 + 2 length bytes + 65535 data bytes is the largest APDU. */
export const MAX_APDU = 65_540;

export interface EncodeOptions {
  /** Simulator fault: send a wrong CRC. */
  corruptCrc?: boolean;
}

export function encodeFrame(apdu: Uint8Array, opts: EncodeOptions = {}): Uint8Array {
  let crc = frameCrc(apdu);
  if (opts.corruptCrc) crc ^= 0x5a5a;
  const out: number[] = [DLE, STX];
  for (const b of apdu) {
    out.push(b);
    if (b === DLE) out.push(DLE);
  }
  out.push(DLE, ETX, crc & 0xff, crc >>> 8);
  return Uint8Array.from(out);
}

export type ZvtEvent =
  | { kind: 'ack' }
  | { kind: 'nak' }
  | { kind: 'frame'; apdu: Uint8Array; crcOk: boolean }
  /** A frame broke off (DLE followed by a byte that is not 10/02/03, or runaway length). */
  | { kind: 'broken'; reason: string }
  | { kind: 'noise'; byte: number };

type State = 'idle' | 'idleDle' | 'data' | 'dataDle' | 'crcLo' | 'crcLoDle' | 'crcHi';

export class ZvtDecoder {
  private state: State = 'idle';
  private apdu: number[] = [];
  private expected = 0;
  private lo = 0;

  reset(): void {
    this.state = 'idle';
    this.apdu = [];
  }

  /** APDU bytes held for the frame being received (tests check the bound). */
  get buffered(): number {
    return this.apdu.length;
  }

  /** True between DLE STX and the last CRC byte: the inter-byte timer applies. */
  get inFrame(): boolean {
    return this.state !== 'idle' && this.state !== 'idleDle';
  }

  push(chunk: Uint8Array): ZvtEvent[] {
    const out: ZvtEvent[] = [];
    for (const b of chunk) this.step(b, out);
    return out;
  }

  /** One APDU byte, stuffed or not: a runaway frame breaks off at the largest APDU. */
  private keep(b: number, out: ZvtEvent[]): void {
    if (this.apdu.length < MAX_APDU) {
      this.apdu.push(b);
      return;
    }
    this.reset();
    out.push({ kind: 'broken', reason: 'frame longer than any APDU' });
  }

  private finish(hi: number, out: ZvtEvent[]): void {
    const got = this.lo | (hi << 8);
    out.push({ kind: 'frame', apdu: Uint8Array.from(this.apdu), crcOk: got === this.expected });
    this.reset();
  }

  private step(b: number, out: ZvtEvent[]): void {
    switch (this.state) {
      case 'idle':
        if (b === ACK) out.push({ kind: 'ack' });
        else if (b === NAK) out.push({ kind: 'nak' });
        else if (b === DLE) this.state = 'idleDle';
        else out.push({ kind: 'noise', byte: b });
        return;
      case 'idleDle':
        // A second DLE here is the doubled DLE of a stuffed CRC byte or noise: keep waiting for STX.
        if (b === STX) {
          this.state = 'data';
          this.apdu = [];
        } else if (b !== DLE) {
          this.state = 'idle';
          this.step(b, out);
        }
        return;
      case 'data':
        if (b === DLE) this.state = 'dataDle';
        else this.keep(b, out);
        return;
      case 'dataDle':
        if (b === DLE) {
          this.state = 'data';
          this.keep(DLE, out);
        } else if (b === ETX) {
          this.expected = frameCrc(Uint8Array.from(this.apdu));
          this.state = 'crcLo';
        } else if (b === STX) {
          this.apdu = [];
          this.state = 'data';
          out.push({ kind: 'broken', reason: 'new DLE STX inside a frame' });
        } else {
          this.reset();
          out.push({ kind: 'broken', reason: `DLE followed by ${hex(b)} inside a frame` });
          this.step(b, out);
        }
        return;
      case 'crcLo':
        this.lo = b;
        this.state = b === DLE ? 'crcLoDle' : 'crcHi';
        return;
      case 'crcLoDle': {
        // lo was 10: either the stuffing DLE follows, or (raw CRC) this byte already is hi.
        const hiExpected = this.expected >>> 8;
        if (b === DLE && hiExpected !== DLE) this.state = 'crcHi';
        else this.finish(b, out);
        return;
      }
      case 'crcHi':
        this.finish(b, out);
        return;
    }
  }
}
