// Every ZVT simulator scenario against the ZVT driver over a real pty pair (socat) and over a real TCP socket
// (ZVT over TCP/IP), plus the recovery commands (status enquiry, repeat receipt), ECR abort, "ECR controls
// payment", end of day and reversal. The serial framing's own checks stay pty-only at the end.
import { describe, expect, it } from 'vitest';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N2 } from '../../drivers/serial/line';
import { scenarioNames } from '../../drivers/terminal/sim/scenarios';
import type { PayProgress } from '../../drivers/terminal/types';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { ZvtDecoder } from '../../drivers/terminal/zvt/frame';
import { toHex } from '../../drivers/bytes';
import { ZVT_TRANSPORTS, zvtRig as rigOver, type ZvtTransport } from './harness';
import { EXPECT, EXPECT_ZVT_TCP, FAST_ZVT } from './expectations';
import { openPtyPair } from './pty';

const SLOW_PIN = { pinDelayMs: 2000, pinStepMs: 300 };

for (const transport of ZVT_TRANSPORTS) describeOver(transport);

function describeOver(transport: ZvtTransport): void {
  const zvtRig = (driverOpts: Parameters<typeof rigOver>[0] = {}, simOpts: Parameters<typeof rigOver>[1] = {}) => rigOver(driverOpts, simOpts, transport);
  const expected = transport === 'tcp' ? EXPECT_ZVT_TCP : EXPECT.zvt;

  describe(`ZVT driver against the simulated terminal over ${transport === 'tcp' ? 'TCP/IP' : 'a pty'}`, () => {
    for (const scenario of scenarioNames('zvt')) {
      const want = expected[scenario]!;
      it(`${scenario} → ${want.outcome}`, async () => {
        const rig = await zvtRig({}, { timing: SLOW_PIN });
        try {
          expect(await rig.driver.register()).toEqual({ ok: true });
          rig.sim.setScenario(scenario);
          let acks = 0;
          const progress: PayProgress[] = [];
          const result = await rig.driver.pay({
            amountMinor: 1000,
            currency: 'EUR',
            reference: 'PAY-7',
            onAcknowledged: () => acks++,
            onProgress: (p) => progress.push(p),
          });
          expect(result.outcome, JSON.stringify(result)).toBe(want.outcome);
          expect(acks).toBe(want.acknowledged ? 1 : 0);
          const net = rig.sim.log.netMinor();
          expect(net).toBe(want.charged ? 1000 : 0);
          if (result.ok) {
            const charge = rig.sim.log.entries.find((e) => e.kind === 'charge')!;
            expect(result).toMatchObject({ amountMinor: 1000, currency: 'EUR', receiptNumber: charge.receiptNumber, authCode: charge.authCode });
          }
          if (scenario === 'pin-delay') {
            // Far longer than the 900 ms completion timer: only the restarts kept the payment alive.
            expect(progress.filter((p) => p.code === 'enter-pin').length).toBeGreaterThan(3);
            expect(progress.every((p) => typeof p.deadline === 'number')).toBe(true);
          }
        } finally {
          await rig.close();
        }
      });
    }

    it('registers on first use when the terminal says 51 (initialisation required)', async () => {
      const rig = await zvtRig();
      try {
        expect((await rig.driver.status()).state).toBe('not-registered');
        const r = await rig.driver.pay({ amountMinor: 190, currency: 'EUR', reference: 'a' });
        expect(r.outcome).toBe('approved');
        expect((await rig.driver.status()).state).toBe('ready');
        rig.sim.setScenario('busy');
        expect((await rig.driver.status()).state).toBe('busy');
      } finally {
        await rig.close();
      }
    });

    it('answer lost → unknown; repeat receipt recovers the same transaction the terminal logged', async () => {
      const rig = await zvtRig({}, { scenario: 'answer-lost' });
      try {
        const lost = await rig.driver.pay({ amountMinor: 4500, currency: 'EUR', reference: 'L' });
        expect(lost.outcome).toBe('unknown');
        rig.sim.setScenario('approve');
        const again = await rig.driver.repeatLastReceipt();
        const charge = rig.sim.log.entries[0]!;
        expect(again).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 4500, receiptNumber: charge.receiptNumber, trace: charge.trace });
        expect(rig.sim.log.entries).toHaveLength(1);
        // The terminal's stamp (its wall clock, read in its zone) says when it made the receipt: just now.
        const stamps = (again as { madeAt?: string[] }).madeAt ?? [];
        expect(stamps.length).toBeGreaterThan(0);
        expect(stamps.some((t) => Math.abs(Date.parse(t) - Date.now()) < 120_000)).toBe(true);
      } finally {
        await rig.close();
      }
    });

    it('a bare completion (06 0F, no status information) is approved only from the repeated receipt', async () => {
      const rig = await zvtRig({}, { sendStatusInformation: false });
      try {
        const first = await rig.driver.pay({ amountMinor: 1000, currency: 'EUR', reference: 'bare-1' });
        const second = await rig.driver.pay({ amountMinor: 1000, currency: 'EUR', reference: 'bare-2' });
        const [c1, c2] = rig.sim.log.entries;
        // Each approval carries what only the terminal's own record has: auth code, receipt and trace number.
        expect(first).toMatchObject({
          ok: true,
          outcome: 'approved',
          amountMinor: 1000,
          authCode: c1!.authCode,
          receiptNumber: c1!.receiptNumber,
          trace: c1!.trace,
        });
        expect(second).toMatchObject({
          ok: true,
          outcome: 'approved',
          amountMinor: 1000,
          authCode: c2!.authCode,
          receiptNumber: c2!.receiptNumber,
          trace: c2!.trace,
        });
        expect(rig.sim.log.entries).toHaveLength(2);
      } finally {
        await rig.close();
      }
    });

    it('a bare completion from a terminal that cannot repeat the receipt is unknown, never approved', async () => {
      const rig = await zvtRig({}, { sendStatusInformation: false, honourRepeatReceipt: false });
      try {
        const r = await rig.driver.pay({ amountMinor: 1000, currency: 'EUR', reference: 'bare' });
        expect(r).toMatchObject({ ok: false, outcome: 'unknown', reason: expect.stringMatching(/no status information/) });
        expect(rig.sim.log.netMinor()).toBe(1000);
      } finally {
        await rig.close();
      }
    });

    it('a terminal that does not honour repeat receipt answers "nothing"', async () => {
      const rig = await zvtRig({}, { honourRepeatReceipt: false });
      try {
        await rig.driver.pay({ amountMinor: 100, currency: 'EUR', reference: 'a' });
        const r = await rig.driver.repeatLastReceipt();
        expect(r).toMatchObject({ ok: false, outcome: 'nothing' });
      } finally {
        await rig.close();
      }
    });

    it('ECR abort (06 B0) while the visitor types the PIN → aborted, nothing charged', async () => {
      const rig = await zvtRig({}, { scenario: 'pin-delay', timing: { pinDelayMs: 5000, pinStepMs: 200 } });
      try {
        const ctl = new AbortController();
        const r = await rig.driver.pay({
          amountMinor: 1000,
          currency: 'EUR',
          reference: 'ab',
          signal: ctl.signal,
          onProgress: (p) => {
            if (p.code === 'enter-pin') ctl.abort();
          },
        });
        expect(r).toMatchObject({ ok: false, outcome: 'aborted' });
        expect(rig.sim.log.entries).toHaveLength(0);
      } finally {
        await rig.close();
      }
    });

    it('ECR controls payment: refusing the booking (84 66 00) makes the terminal reverse it', async () => {
      const rig = await zvtRig();
      try {
        const seen: string[] = [];
        const r = await rig.driver.pay({
          amountMinor: 2500,
          currency: 'EUR',
          reference: 'no-paper',
          confirmBooking: (a) => {
            seen.push(a.receiptNumber ?? '');
            return false;
          },
        });
        expect(r).toMatchObject({ ok: false, outcome: 'aborted' });
        expect(seen).toHaveLength(1);
        expect(rig.sim.log.entries.map((e) => e.kind)).toEqual(['charge', 'reversal']);
        expect(rig.sim.log.netMinor()).toBe(0);
        const ok = await rig.driver.pay({ amountMinor: 2500, currency: 'EUR', reference: 'paper', confirmBooking: () => true });
        expect(ok.outcome).toBe('approved');
        expect(rig.sim.log.netMinor()).toBe(2500);
      } finally {
        await rig.close();
      }
    });

    it('end of day totals and reversal by receipt number', async () => {
      const rig = await zvtRig();
      try {
        const a = await rig.driver.pay({ amountMinor: 1000, currency: 'EUR', reference: 'a' });
        const b = await rig.driver.pay({ amountMinor: 2345, currency: 'EUR', reference: 'b' });
        expect(a.ok && b.ok).toBe(true);
        const rev = await rig.driver.reverse(a.ok ? a.receiptNumber! : '');
        expect(rev).toMatchObject({ ok: true, amountMinor: 1000 });
        const twice = await rig.driver.reverse(a.ok ? a.receiptNumber! : '');
        expect(twice).toMatchObject({ ok: false, outcome: 'declined' });
        const eod = await rig.driver.endOfDay();
        expect(eod).toMatchObject({ ok: true, totalMinor: 2345, count: 1 });
        expect(rig.sim.log.netMinor()).toBe(2345);
      } finally {
        await rig.close();
      }
    });
  });
}

describe('ZVT serial framing over a pty', () => {
  it('the request for 1.78 EUR leaves the kiosk ending exactly 10 03 10 AF (CRC bytes raw)', async () => {
    const pty = await openPtyPair();
    const terminal = await openSerialPort(pty.terminal, LINE_8N2);
    if (!terminal.ok) throw new Error(terminal.reason);
    const driver = new ZvtDriver(() => openSerialPort(pty.kiosk, LINE_8N2), { timers: FAST_ZVT, autoRegister: false });
    try {
      const got: number[] = [];
      const decoder = new ZvtDecoder();
      let framed!: () => void;
      const oneFrame = new Promise<void>((resolve) => (framed = resolve));
      terminal.stream.onData((c) => {
        got.push(...c);
        if (decoder.push(c).some((e) => e.kind === 'frame')) framed();
      });
      // Nobody answers: the driver sends the frame once and reports not-sent when no ACK comes.
      const r = await driver.pay({ amountMinor: 178, currency: 'EUR', reference: 'crc' });
      expect(r.outcome).toBe('not_sent');
      await oneFrame;
      expect(toHex(Uint8Array.from(got))).toBe('10 02 06 01 0C 04 00 00 00 00 01 78 49 09 78 01 78 10 03 10 AF');
    } finally {
      await driver.close();
      await terminal.stream.close();
      await pty.close();
    }
  });

  it('amounts whose frames carry a 10 in the CRC pay like any other', async () => {
    const rig = await rigOver();
    try {
      // 1.78: the request's CRC; 0.28 and 1.02: the terminal's receipt line "AMOUNT …".
      for (const amountMinor of [178, 28, 102]) {
        const r = await rig.driver.pay({ amountMinor, currency: 'EUR', reference: `r${amountMinor}` });
        expect(r).toMatchObject({ outcome: 'approved', amountMinor });
      }
    } finally {
      await rig.close();
    }
  });
});
