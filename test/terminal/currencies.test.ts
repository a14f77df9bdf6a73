// Currencies beyond the usual two dozen (issue 12, item 8): each passes `kiosk config check`, is quoted with
// its own minor unit, and is paid end to end through the journal-first service on a simulated terminal over
// a real pty. An unknown code is refused at config check, naming the field and the code.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from '../../store/db';
import { getPayment } from '../../store/payments';
import { PaymentService } from '../../server/payments/service';
import { parseConfig } from '../../server/config/load';
import { quoteFee } from '../../domain/fees/fee';
import { formatMoney } from '../../domain/ticket/format';
import { runKiosk, sampleConfig, writeConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { concertRig, zvtRig } from './harness';

const CURRENCIES = [
  // code, minor digits, what 70 DH cost at the rate, as text on the receipt
  { code: 'XAF', digits: 0, rate: '60.5', minor: 4235, text: '4 235 XAF' },
  { code: 'BRL', digits: 2, rate: '0.55', minor: 3850, text: '38,50 BRL' },
  { code: 'RON', digits: 2, rate: '0.46', minor: 3220, text: '32,20 RON' },
  { code: 'ZAR', digits: 2, rate: '1.85', minor: 12950, text: '129,50 ZAR' },
  { code: 'INR', digits: 2, rate: '8.4', minor: 58800, text: '588,00 INR' },
  { code: 'MRU', digits: 2, rate: '4.0', minor: 28000, text: '280,00 MRU' },
] as const;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function tmp(): string {
  const t = tempDir('kiosk-currency-');
  cleanups.push(t.cleanup);
  return t.dir;
}

/** The Paris sample as a config file, with another currency and rate. */
function configText(currency: string, rate: string): string {
  const base = sampleConfig();
  return JSON.stringify({ consulate: { ...base.consulate, currency, chanceryRate: Number(rate) } });
}

describe('currencies of the whole ISO 4217 table', () => {
  it('config check accepts XAF, BRL, RON, ZAR, INR and MRU and refuses an unknown code, naming field and code', () => {
    for (const c of CURRENCIES) {
      const r = parseConfig(configText(c.code, c.rate), `${c.code}.json`);
      expect(r.ok, `${c.code}: ${JSON.stringify(!r.ok && r.errors)}`).toBe(true);
    }
    const bad = parseConfig(configText('XXY', '1'), 'xxy.json');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([{ field: 'consulate.currency', problem: expect.stringMatching(/ISO 4217.*"XXY"/) }]);
  });

  it('`kiosk config check` exits 2 on XXY and 0 on XAF, as the command line runs it', async () => {
    const dir = tmp();
    const bad = runKiosk(['config', 'check', writeConfig(dir, configText('XXY', '1'), 'xxy.json')]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/consulate\.currency: .*"XXY"/);
    const good = runKiosk(['config', 'check', writeConfig(dir, configText('XAF', '60.5'), 'xaf.json')]);
    expect(await good.exited, good.stderr()).toBe(0);
    expect(good.stdout()).toMatch(/is valid: FR-PAR \(Europe\/Paris, XAF\)/);
  }, 30_000);

  it('quotes each currency in its own minor unit and prints it with the right decimals', () => {
    for (const c of CURRENCIES) {
      const q = quoteFee({ schedule: [{ code: 'registration', feeMad: 70 }], services: ['registration'], persons: 1, chanceryRate: c.rate, currency: c.code });
      expect(q.ok && { digits: q.quote.minorDigits, total: q.quote.totalMinor }, c.code).toEqual({ digits: c.digits, total: c.minor });
      expect(formatMoney(c.minor, c.code, 'fr')).toBe(c.text);
    }
  });

  for (const protocol of ['concert', 'zvt', 'zvt over tcp'] as const) {
    it(`${protocol}: pays each of them end to end through the journal on the simulated terminal`, async () => {
      const rig = protocol === 'concert' ? await concertRig() : await zvtRig({}, {}, protocol === 'zvt' ? 'pty' : 'tcp');
      const db = openJournal(join(tmp(), 'journal.sqlite'));
      try {
        const svc = new PaymentService({ db, terminal: rig.driver, kioskId: 'K1', terminalId: 'terminal' });
        for (const c of CURRENCIES) {
          const r = await svc.pay({ amountMinor: c.minor, currency: c.code, reference: `fee-${c.code}` });
          expect(r.ok, `${c.code}: ${JSON.stringify(r)}`).toBe(true);
          expect(getPayment(db, r.ok ? r.payment.id : '')).toMatchObject({ state: 'approved', amountMinor: c.minor, currency: c.code });
        }
        const charged = rig.sim.log.entries.filter((e) => e.kind === 'charge').map((e) => [e.currency, e.amountMinor]);
        expect(charged).toEqual(CURRENCIES.map((c) => [c.code, c.minor]));
      } finally {
        db.close();
        await rig.close();
      }
    }, 60_000);
  }
});
