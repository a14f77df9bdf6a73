// ZVT over TCP/IP, both sides: APDUs go on the connection as they are, with no DLE STX/ETX, no CRC and no
// ACK/NAK bytes (TCP already delivers them whole and in order). The receiver cuts the byte stream into APDUs
// by each APDU's own length: CLASS INSTR LEN, LEN one byte, or FF followed by the length low byte first.
//
// Checked against two independent implementations (not only our simulator):
// - Wireshark's ZVT dissector, epan/dissectors/packet-zvt.c: dissect_zvt_tcp hands tcp_dissect_pdus the
//   length from get_zvt_message_len (byte 2 + 3, or when it is FF, the little-endian 16 bits at bytes 3-4
//   + 5), and notes "ZVT can run on top of TCP, the default port is 20007, only the TCP/IP protocol can be
//   used here".
// - python-ecrterm, ecrterm/transmission/transport_socket.py: SocketTransport.send writes the bare APDU,
//   _receive_length reads 3 bytes and, when the third is FF, 2 more unpacked as '<H'.
//
// With no link ACK, "the terminal has the command" is unknowable at this layer: sendApdu says 'acked' once
// the APDU is written, and the application reply (80 00 00) stays the proof that the terminal took it
// (session.ts). A connection that drops after the write leaves a payment unknown, to be reconciled.
import type { ByteStream } from '../../serial/stream';
import { Inbox } from '../inbox';
import type { ApduLink, ReceiveApdu, SendApdu, ZvtTimers } from './link';

export type TcpEvent = { kind: 'apdu'; bytes: Uint8Array } | { kind: 'broken'; reason: string };

/** Splits a TCP byte stream into APDUs: any chunking, several APDUs per chunk, an APDU over many chunks. */
export class ApduSplitter {
  private buf = new Uint8Array(0);

  /** Bytes held for an APDU not yet complete (the inter-byte timer applies while this is > 0). */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    const out: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      const size = apduSize(joined, at);
      if (size === undefined || at + size > joined.length) break;
      out.push(joined.slice(at, at + size));
      at += size;
    }
    this.buf = joined.slice(at);
    return out;
  }

  /** The first bytes held, to say what the peer sent when it never completes an APDU. */
  head(n: number): Uint8Array {
    return this.buf.subarray(0, n);
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }
}

/** Whole size of the APDU starting at `at`, once its length field is there. */
function apduSize(b: Uint8Array, at: number): number | undefined {
  if (b.length - at < 3) return undefined;
  const len = b[at + 2]!;
  if (len !== 0xff) return 3 + len;
  if (b.length - at < 5) return undefined;
  return 5 + (b[at + 3]! | (b[at + 4]! << 8));
}

/**
 * What the first bytes of an answer say when they cannot be ZVT over TCP: the serial framing (the terminal's
 * IP port is set to the serial transport), or a TLS record (a TLS-only port answering our plain bytes with an
 * alert). Only what the bytes show; a terminal that just hangs up says nothing about why.
 */
export function foreignBytes(b: Uint8Array): string | undefined {
  if (b[0] === 0x10 && b[1] === 0x02) return 'the terminal sent the serial framing (DLE STX) on TCP: set its ECR interface to ZVT over TCP/IP, not serial';
  if ((b[0] === 0x15 || b[0] === 0x16) && b[1] === 0x03 && (b[2] ?? 0) <= 0x04) {
    return 'the terminal answered with a TLS record: its port requires TLS, which the kiosk does not speak; switch the terminal to plain ZVT over TCP/IP';
  }
  return undefined;
}

/** ZVT APDU classes a terminal sends or answers with (80/84 replies; 04, 05, 06, 08 commands). */
const KNOWN_CLASSES = new Set([0x04, 0x05, 0x06, 0x08, 0x80, 0x84]);

export class ZvtTcpLink implements ApduLink {
  readonly transport = 'tcp' as const;
  readonly inbox = new Inbox<TcpEvent>();
  private readonly splitter = new ApduSplitter();
  private readonly unsub: Array<() => void> = [];
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly writeFn: (b: Uint8Array) => void;
  private broken = false;

  constructor(
    private readonly stream: ByteStream,
    readonly timers: ZvtTimers,
    opts: { write?: (b: Uint8Array) => void } = {},
  ) {
    this.writeFn = opts.write ?? ((b) => stream.write(b));
    this.unsub.push(stream.onData((c) => this.onChunk(c)));
    this.unsub.push(stream.onClose((r) => this.inbox.close(r)));
  }

  private onChunk(chunk: Uint8Array): void {
    if (this.broken) return;
    const before = this.splitter.pending;
    if (before === 0) {
      const foreign = foreignBytes(chunk) ?? (KNOWN_CLASSES.has(chunk[0]!) ? undefined : `the terminal sent ${hexHead(chunk)}, which is no ZVT APDU`);
      if (foreign) return this.breakOff(foreign);
    }
    for (const bytes of this.splitter.push(chunk)) this.inbox.push({ kind: 'apdu', bytes });
    clearTimeout(this.gapTimer);
    if (this.splitter.pending > 0) {
      this.gapTimer = setTimeout(() => {
        if (this.splitter.pending === 0) return;
        this.breakOff(`an APDU stopped after ${this.splitter.pending} bytes (${hexHead(this.splitter.head(8))}…) for more than ${this.gapMs} ms`);
      }, this.gapMs);
    }
  }

  /** TCP segments of one APDU follow within a LAN round trip; the serial inter-byte timer is far too short a floor. */
  private get gapMs(): number {
    return Math.max(this.timers.interByteMs, 2000);
  }

  /**
   * The stream no longer splits into APDUs: after bytes that are not ZVT, or a cut-off APDU, where the next
   * APDU starts is unknowable. Drop the connection (the next command reconnects on a clean stream).
   */
  private breakOff(reason: string): void {
    this.broken = true;
    clearTimeout(this.gapTimer);
    this.splitter.reset();
    this.inbox.push({ kind: 'broken', reason });
    void this.stream.close();
  }

  /** Drops APDUs nobody read (late answers to an earlier, given-up command) before a new command starts. */
  discardStale(): void {
    this.inbox.clear();
  }

  dispose(): void {
    clearTimeout(this.gapTimer);
    this.unsub.forEach((u) => u());
  }

  async sendApdu(apdu: Uint8Array): Promise<SendApdu> {
    const closed = this.inbox.closed;
    if (closed !== undefined) return { kind: 'closed', reason: closed };
    if (this.broken) return { kind: 'closed', reason: 'the connection was dropped after unreadable bytes' };
    this.writeFn(apdu);
    return { kind: 'acked' };
  }

  async receiveApdu(ms: number, signal?: AbortSignal): Promise<ReceiveApdu> {
    const w = await this.inbox.next(ms, signal);
    if (w.kind !== 'event') return w;
    if (w.event.kind === 'broken') return { kind: 'failed', reason: w.event.reason };
    return { kind: 'apdu', bytes: w.event.bytes };
  }
}

function hexHead(b: Uint8Array): string {
  return Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
