// Reversal (ZVT 06 30) and refund (ZVT 06 31, Concert transaction type 1) between the real drivers and the
// simulated terminals over a real pty pair; the simulator's charge log says what money moved.
import { describe, expect, it } from 'vitest';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N2 } from '../../drivers/serial/line';
import { ZvtDecoder } from '../../drivers/terminal/zvt/frame';
import { toHex } from '../../drivers/bytes';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { concertRig, zvtRig } from './harness';
import { FAST_ZVT } from './expectations';
import { openPtyPair } from './pty';

describe('ZVT reversal and refund over a pty', () => {
  it('reversal before the end of day cancels the charge; after it the terminal refuses (B5) and a refund gives the money back', async () => {
    const rig = await zvtRig();
    try {
      const a = await rig.driver.pay({ amountMinor: 1500, currency: 'EUR', reference: 'a' });
      const b = await rig.driver.pay({ amountMinor: 700, currency: 'EUR', reference: 'b' });
      if (!a.ok || !b.ok) throw new Error('payments not approved');
      let acks = 0;
      const rev = await rig.driver.reverse(a.receiptNumber!, { onAcknowledged: () => acks++ });
      expect(rev).toMatchObject({ ok: true, amountMinor: 1500 });
      expect(acks).toBe(1);
      expect(rig.sim.log.entries.at(-1)).toMatchObject({ kind: 'reversal', reverses: a.receiptNumber, amountMinor: 1500 });

      expect(await rig.driver.endOfDay()).toMatchObject({ ok: true, totalMinor: 700 });
      const late = await rig.driver.reverse(b.receiptNumber!);
      expect(late).toMatchObject({ ok: false, outcome: 'declined' });
      expect(late.ok ? '' : late.reason).toMatch(/reversal not possible/);

      let refundAcks = 0;
      const progress: string[] = [];
      const r = await rig.driver.refund({
        amountMinor: 700,
        currency: 'EUR',
        reference: 'RF-1',
        onAcknowledged: () => refundAcks++,
        onProgress: (p) => progress.push(p.code),
      });
      expect(r).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 700, currency: 'EUR' });
      expect(refundAcks).toBe(1);
      expect(progress).toContain('insert-card'); // the card is presented again
      expect(rig.sim.log.entries.map((e) => e.kind)).toEqual(['charge', 'charge', 'reversal', 'refund']);
      expect(rig.sim.log.netMinor()).toBe(0);
    } finally {
      await rig.close();
    }
  });

  it('a reversal of an unknown receipt number and a second reversal are refused and move no money', async () => {
    const rig = await zvtRig();
    try {
      const a = await rig.driver.pay({ amountMinor: 990, currency: 'EUR', reference: 'a' });
      if (!a.ok) throw new Error('not approved');
      expect(await rig.driver.reverse('9999')).toMatchObject({ ok: false, outcome: 'declined' });
      expect(await rig.driver.reverse(a.receiptNumber!)).toMatchObject({ ok: true });
      const twice = await rig.driver.reverse(a.receiptNumber!);
      expect(twice.ok ? '' : twice.reason).toMatch(/already reversed/);
      expect(rig.sim.log.netMinor()).toBe(0);
    } finally {
      await rig.close();
    }
  });

  it('a declined refund moves nothing; a refund whose answer is lost is unknown and was taken by the terminal once', async () => {
    const rig = await zvtRig();
    try {
      expect(await rig.driver.register()).toEqual({ ok: true });
      rig.sim.setScenario('decline');
      expect(await rig.driver.refund({ amountMinor: 500, currency: 'EUR', reference: 'x' })).toMatchObject({ ok: false, outcome: 'declined' });
      expect(rig.sim.log.entries).toHaveLength(0);
      rig.sim.setScenario('answer-lost');
      let acks = 0;
      const lost = await rig.driver.refund({ amountMinor: 500, currency: 'EUR', reference: 'y', onAcknowledged: () => acks++ });
      expect(lost).toMatchObject({ ok: false, outcome: 'unknown' });
      expect(acks).toBe(1);
      expect(rig.sim.log.entries.map((e) => e.kind)).toEqual(['refund']);
      // The terminal can still say what its last transaction was: the refund.
      rig.sim.setScenario('approve');
      expect(await rig.driver.repeatLastReceipt()).toMatchObject({ ok: true, amountMinor: 500 });
    } finally {
      await rig.close();
    }
  });

  it('the refund command on the wire: 06 31, password, BMP 04 amount, BMP 49 currency', async () => {
    const pty = await openPtyPair();
    const terminal = await openSerialPort(pty.terminal, LINE_8N2);
    if (!terminal.ok) throw new Error(terminal.reason);
    const driver = new ZvtDriver(() => openSerialPort(pty.kiosk, LINE_8N2), { timers: FAST_ZVT, autoRegister: false });
    try {
      const decoder = new ZvtDecoder();
      let apdu = '';
      terminal.stream.onData((c) => {
        for (const e of decoder.push(c)) if (e.kind === 'frame') apdu = toHex(e.apdu);
      });
      // Nobody answers: sent once, not acknowledged, so nothing can have happened.
      const r = await driver.refund({ amountMinor: 1234, currency: 'EUR', reference: 'w' });
      expect(r.outcome).toBe('not_sent');
      expect(apdu).toBe('06 31 0D 00 00 00 04 00 00 00 00 12 34 49 09 78');
    } finally {
      await driver.close();
      await terminal.stream.close();
      await pty.close();
    }
  });
});

describe('Concert refund over a pty', () => {
  it('sends transaction type 1 (crédit) with the refund reference; the terminal logs a refund', async () => {
    const rig = await concertRig();
    try {
      const paid = await rig.driver.pay({ amountMinor: 2500, currency: 'EUR', reference: 'P1', shortRef: '0212-0001' });
      expect(paid.ok).toBe(true);
      let acks = 0;
      const r = await rig.driver.refund({ amountMinor: 2500, currency: 'EUR', reference: 'R1', shortRef: 'R0212-0001', onAcknowledged: () => acks++ });
      expect(r).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 2500 });
      expect(acks).toBe(1);
      expect(rig.sim.log.entries.map((e) => [e.kind, e.reference])).toEqual([
        ['charge', '0212-0001'],
        ['refund', 'R0212-0001'],
      ]);
      expect(rig.sim.log.netMinor()).toBe(0);
    } finally {
      await rig.close();
    }
  });

  it('a refund whose answer is lost is unknown and is not sent again', async () => {
    const rig = await concertRig({}, { scenario: 'answer-lost' });
    try {
      const r = await rig.driver.refund({ amountMinor: 300, currency: 'EUR', reference: 'R2' });
      expect(r).toMatchObject({ ok: false, outcome: 'unknown' });
      expect(rig.sim.log.entries.map((e) => e.kind)).toEqual(['refund']);
    } finally {
      await rig.close();
    }
  });
});
