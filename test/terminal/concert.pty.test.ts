// Every Concert E+ simulator scenario against the Concert driver over a real pty pair (socat).
import { describe, expect, it } from 'vitest';
import { scenarioNames } from '../../drivers/terminal/sim/scenarios';
import { concertRig, LINE_7E1 } from './harness';
import { EXPECT } from './expectations';

describe('Concert E+ driver against the simulated terminal over a pty', () => {
  for (const scenario of scenarioNames('concert')) {
    const want = EXPECT.concert[scenario]!;
    it(`${scenario} → ${want.outcome}`, async () => {
      const rig = await concertRig({}, { scenario });
      try {
        let acks = 0;
        const result = await rig.driver.pay({ amountMinor: 1250, currency: 'EUR', reference: 'PAY-0042', onAcknowledged: () => acks++ });
        expect(result.outcome, JSON.stringify(result)).toBe(want.outcome);
        expect(acks).toBe(want.acknowledged ? 1 : 0);
        const charges = rig.sim.log.entries.filter((e) => e.kind === 'charge');
        expect(charges.length).toBe(want.charged ? 1 : 0);
        if (want.charged) expect(charges[0]).toMatchObject({ amountMinor: 1250, currency: 'EUR', reference: 'PAY-0042' });
        if (result.ok) expect(result).toMatchObject({ amountMinor: 1250, currency: 'EUR' });
      } finally {
        await rig.close();
      }
    });
  }

  it('never sends the request twice: after a lost answer the terminal saw exactly one request', async () => {
    const rig = await concertRig({}, { scenario: 'answer-lost' });
    try {
      const r = await rig.driver.pay({ amountMinor: 990, currency: 'MAD', reference: 'X1' });
      expect(r.outcome).toBe('unknown');
      rig.sim.setScenario('approve');
      // The next payment is a new request; the lost one stays charged exactly once.
      const again = await rig.driver.pay({ amountMinor: 500, currency: 'MAD', reference: 'X2' });
      expect(again.outcome).toBe('approved');
      expect(rig.sim.log.entries.map((e) => [e.reference, e.amountMinor])).toEqual([
        ['X1', 990],
        ['X2', 500],
      ]);
    } finally {
      await rig.close();
    }
  });

  it('status(): ready when the terminal ACKs ENQ, offline when it does not', async () => {
    const rig = await concertRig();
    try {
      expect((await rig.driver.status()).state).toBe('ready');
      rig.sim.setScenario('line-drop-enq');
      expect((await rig.driver.status()).state).toBe('offline');
      rig.sim.setScenario('approve');
      expect((await rig.driver.status()).state).toBe('ready');
    } finally {
      await rig.close();
    }
  });

  it('long answer carries the masked card number; 7E1 line settings accepted', async () => {
    const rig = await concertRig({ longAnswer: true }, { maskedPan: '497010******0119' }, LINE_7E1);
    try {
      const r = await rig.driver.pay({ amountMinor: 15000, currency: 'MAD', reference: 'LONG' });
      expect(r).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 15000, currency: 'MAD', maskedPan: '497010******0119' });
    } finally {
      await rig.close();
    }
  });

  it('a missing port is not-sent with a reason, not an exception', async () => {
    const { ConcertTerminal } = await import('../../drivers/terminal/concert/driver');
    const { openSerialPort } = await import('../../drivers/serial/open');
    const { LINE_8N1 } = await import('../../drivers/serial/line');
    const d = new ConcertTerminal(() => openSerialPort('/dev/does-not-exist-kiosk', LINE_8N1));
    const r = await d.pay({ amountMinor: 100, currency: 'EUR', reference: 'r' });
    expect(r.outcome).toBe('not-sent');
    expect(r.ok ? '' : r.reason).toMatch(/cannot open serial port/);
    expect((await d.status()).state).toBe('offline');
    await d.close();
  });
});
