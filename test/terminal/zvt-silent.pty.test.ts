// A ZVT terminal that takes an enquiry (link ACK, 80 00 00) and then never completes it, over a real pty.
// This is what the simulator does when the kiosk's link ACK comes late on a loaded machine (it gives up on
// the command), and what a terminal restarting mid-command does. The kiosk's enquiries (status, repeat
// receipt, registration) must end within enquiryMs, not the payment's completion time (180 s in the field):
// the chaos test hung there in reconciliation (180 s), and a restarted kiosk kept its payments locked as long.
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N2 } from '../../drivers/serial/line';
import type { ByteStream } from '../../drivers/serial/stream';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { DEFAULT_ZVT_TIMERS, ENQUIRY_COMPLETION_MS, ZvtLink, enquiryCompletionMs, type ZvtTimers } from '../../drivers/terminal/zvt/link';
import { PAY_WAIT_MS } from '../../drivers/terminal/line-holder';
import { positive } from '../../drivers/terminal/zvt/messages';
import { openPtyPair, type PtyPair } from './pty';

/** The payment's completion wait stays long; only the enquiries are bounded short. */
const TIMERS: ZvtTimers = { ackMs: 1000, replyMs: 2000, completionMs: 120_000, enquiryMs: 400, interByteMs: 200, retries: 3 };

interface Silent {
  /** Commands the terminal took (each answered ACK + 80 00 00, then nothing). */
  taken: Uint8Array[];
  close(): Promise<void>;
}

/** Takes every command and falls silent after its 80 00 00. */
async function silentTerminal(port: string): Promise<Silent> {
  const opened = await openSerialPort(port, LINE_8N2);
  if (!opened.ok) throw new Error(opened.reason);
  const stream: ByteStream = opened.stream;
  const link = new ZvtLink(stream, TIMERS);
  const taken: Uint8Array[] = [];
  let closed = false;
  const served = (async () => {
    while (!closed) {
      const r = await link.receiveApdu(60_000);
      if (r.kind === 'closed') return;
      if (r.kind !== 'apdu') continue;
      // Late link ACKs and the kiosk's own 80 00 00 answers are not commands.
      if (r.bytes[0] === 0x80 || r.bytes[0] === 0x84) continue;
      taken.push(r.bytes);
      await link.sendApdu(positive());
    }
  })();
  return {
    taken,
    async close() {
      closed = true;
      link.inbox.close('test over');
      await served;
      link.dispose();
      await stream.close();
    },
  };
}

describe('ZVT enquiries to a terminal that accepts and falls silent (pty)', () => {
  let pair: PtyPair | undefined;
  let terminal: Silent | undefined;
  let driver: ZvtDriver | undefined;
  afterEach(async () => {
    await driver?.close();
    await terminal?.close();
    await pair?.close();
  });

  async function rig(): Promise<{ driver: ZvtDriver; terminal: Silent }> {
    pair = await openPtyPair();
    terminal = await silentTerminal(pair.terminal);
    const kiosk = pair.kiosk;
    driver = new ZvtDriver(() => openSerialPort(kiosk, LINE_8N2), { timers: TIMERS, autoRegister: false });
    return { driver, terminal };
  }

  it('a status enquiry ends as "unknown" after enquiryMs, the line free again', { timeout: 15_000 }, async () => {
    const { driver, terminal } = await rig();
    const started = Date.now();
    const s = await driver.status();
    expect(s.state).toBe('unknown');
    expect(s.detail).toMatch(/no completion/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(terminal.taken.map((a) => a[1])).toEqual([0x01]);
    // The line is free: the next enquiry goes out (not answered "busy" by the driver's gate).
    expect((await driver.status()).state).toBe('unknown');
    expect(terminal.taken).toHaveLength(2);
  });

  it('a repeat receipt ends as "unknown" (the reconciler asks again), not after the payment wait', { timeout: 15_000 }, async () => {
    const { driver, terminal } = await rig();
    const started = Date.now();
    const r = await driver.repeatLastReceipt();
    expect(r).toMatchObject({ ok: false, outcome: 'unknown' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(terminal.taken.map((a) => a[1])).toEqual([0x20]);
  });

  it('by default an enquiry waits 10 s, less than a payment waits behind it, and never longer than the payment timer', () => {
    expect(enquiryCompletionMs(DEFAULT_ZVT_TIMERS)).toBe(ENQUIRY_COMPLETION_MS);
    expect(ENQUIRY_COMPLETION_MS + DEFAULT_ZVT_TIMERS.interByteMs).toBeLessThan(PAY_WAIT_MS);
    expect(enquiryCompletionMs({ ...DEFAULT_ZVT_TIMERS, completionMs: 2000 })).toBe(2000);
  });

  it('a registration fails after enquiryMs', { timeout: 15_000 }, async () => {
    const { driver } = await rig();
    const started = Date.now();
    const r = await driver.register();
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
