// Every Concert E+ simulator scenario against the Concert driver over a real pty pair (socat).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { scenarioNames } from '../../drivers/terminal/sim/scenarios';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N1 } from '../../drivers/serial/line';
import { ConcertLink, DEFAULT_CONCERT_TIMERS } from '../../drivers/terminal/concert/link';
import { decodeAnswer, encodeRequest } from '../../drivers/terminal/concert/codec';
import { openJournal } from '../../store/db';
import { getPayment } from '../../store/payments';
import { PaymentService } from '../../server/payments/service';
import { tempDir } from '../support/tmp';
import { concertRig, LINE_7E1 } from './harness';
import { EXPECT, FAST_CONCERT } from './expectations';

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
    expect(r.outcome).toBe('not_sent');
    expect(r.ok ? '' : r.reason).toMatch(/cannot open serial port/);
    expect((await d.status()).state).toBe('offline');
    await d.close();
  });

  // The answer's private field is terminal data on some models (the authorisation id): no identity check.
  it("takes an approval whose private field carries the terminal's own data, and returns that data", async () => {
    const rig = await concertRig({}, { answerPrivateData: 'AUT4471X09' });
    try {
      const r = await rig.driver.pay({ amountMinor: 1250, currency: 'EUR', reference: 'PAY-0042' });
      expect(r).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 1250, currency: 'EUR', terminalData: 'AUT4471X09' });
    } finally {
      await rig.close();
    }
  });

  it("sends the payment's short reference in the private field, whatever the length of its id", async () => {
    const rig = await concertRig();
    try {
      const r = await rig.driver.pay({ amountMinor: 700, currency: 'EUR', reference: 'PJ3K9XW2M7Q-visit-2026-03-03-t1', shortRef: '0303-0042' });
      expect(r.outcome).toBe('approved');
      expect(rig.sim.log.entries).toMatchObject([{ kind: 'charge', amountMinor: 700, reference: '0303-0042' }]);
    } finally {
      await rig.close();
    }
  });

  it.each([
    ['another amount', { answerAmountMinor: 1500 }, 1500, 'EUR'],
    ['another currency', { answerCurrencyNumeric: '504' }, 1250, 'MAD'],
  ])("does not take an approval for %s as ours: unknown, with the terminal's approval attached", async (_n, simOpts, amount, currency) => {
    const rig = await concertRig({}, simOpts);
    try {
      const r = await rig.driver.pay({ amountMinor: 1250, currency: 'EUR', reference: 'PAY-0042' });
      expect(r).toMatchObject({ ok: false, outcome: 'unknown', approval: { ok: true, outcome: 'approved', amountMinor: amount, currency } });
      expect(r.ok ? '' : r.reason).toMatch(/approved .*the request was 12\.50 EUR/);
      expect(rig.sim.log.entries).toMatchObject([{ kind: 'charge', amountMinor: amount, currency }]);
    } finally {
      await rig.close();
    }
  });

  it('does not take a refusal for another amount as the fate of our request', async () => {
    const rig = await concertRig({}, { scenario: 'decline', answerAmountMinor: 990 });
    try {
      const r = await rig.driver.pay({ amountMinor: 1250, currency: 'EUR', reference: 'PAY-0042' });
      expect(r).toMatchObject({ ok: false, outcome: 'unknown' });
      expect(r.ok || r.outcome !== 'unknown' ? undefined : r.approval).toBeUndefined();
    } finally {
      await rig.close();
    }
  });

  it("journals an approval for another amount with the terminal's amount, for staff (service over the pty)", async () => {
    const rig = await concertRig({}, { answerAmountMinor: 1500, answerPrivateData: 'AUT4471X09' });
    const t = tempDir('concert-mismatch-');
    const db = openJournal(join(t.dir, 'j.sqlite'));
    try {
      const svc = new PaymentService({ db, terminal: rig.driver, kioskId: 'K1', terminalId: 'terminal' });
      const r = await svc.pay({ amountMinor: 1250, currency: 'EUR' });
      expect(r).toMatchObject({ ok: false, outcome: 'unknown', retryAsNewPayment: false });
      const p = getPayment(db, r.outcome === 'refused' ? '' : r.payment.id)!;
      expect(p).toMatchObject({ state: 'unknown', amountMinor: 1250, approvedAmountMinor: 1500, approvedCurrency: 'EUR', terminalData: 'AUT4471X09' });
      expect(rig.sim.log.entries).toMatchObject([{ kind: 'charge', amountMinor: 1500, reference: p.shortRef }]);
    } finally {
      db.close();
      t.cleanup();
      await rig.close();
    }
  });
});

// The delay field, as independent cash registers use it: `A010` waits for the end of the transaction and
// its report; `A011` asks for an answer at once (OCA hw_telium_payment_terminal and akretion/pypostelium send
// A011 and wait only 3 s for the terminal's ENQ after their EOT), so the answer cannot carry the card's outcome.
describe('Concert E+ simulator: the delay field', () => {
  async function rawRequest(delay: 'A010' | 'A011') {
    const rig = await concertRig({}, { scenario: 'pin-delay', timing: { pinDelayMs: 3000 } });
    const opened = await openSerialPort(rig.kioskPort, LINE_8N1);
    if (!opened.ok) throw new Error(opened.reason);
    const link = new ConcertLink(opened.stream, { ...DEFAULT_CONCERT_TIMERS, ...FAST_CONCERT, answerMs: 15_000 });
    const req = encodeRequest({
      pos: '01',
      amountMinor: 15000,
      longAnswer: false,
      paymentMode: '1',
      transactionType: '0',
      currencyNumeric: '504',
      privateData: '',
      delay,
      authorisation: 'B010',
    });
    if (!req.ok) throw new Error(req.reason);
    expect((await link.send(req.message)).ok).toBe(true);
    const got = await link.receive(15_000);
    const chargedAtAnswer = rig.sim.log.entries.length;
    link.dispose();
    await opened.stream.close();
    return { rig, got, chargedAtAnswer };
  }

  it('A011: answers at once, before the card is handled; the charge follows', async () => {
    const { rig, got, chargedAtAnswer } = await rawRequest('A011');
    try {
      expect(got.ok).toBe(true);
      expect(got.ok && decodeAnswer(got.message)).toMatchObject({ ok: true, answer: { pos: '01', amountMinor: 15000, currencyNumeric: '504' } });
      expect(chargedAtAnswer).toBe(0);
      const end = Date.now() + 15_000;
      while (rig.sim.log.entries.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(rig.sim.log.entries).toMatchObject([{ kind: 'charge', amountMinor: 15000, currency: 'MAD' }]);
    } finally {
      await rig.close();
    }
  }, 30_000);

  it('A010: answers at the end of the transaction, after the charge, with its outcome', async () => {
    const { rig, got, chargedAtAnswer } = await rawRequest('A010');
    try {
      expect(got.ok && decodeAnswer(got.message)).toMatchObject({ ok: true, answer: { status: '0', amountMinor: 15000 } });
      expect(chargedAtAnswer).toBe(1);
    } finally {
      await rig.close();
    }
  }, 30_000);
});
