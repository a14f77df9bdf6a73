// `kiosk payments settle` finds the journal the way the other journal commands do: --db FILE, else
// --data DIR, else the config's dataDir (--config, $KIOSK_CONFIG, else the Paris sample).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runKiosk, writeConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { runPay } from '../../server/commands/pay';
import { openJournal } from '../../store/db';
import { getPayment } from '../../store/payments';

let tmp: { dir: string; cleanup: () => void };
let config: string;
let journal: string;

beforeAll(() => {
  tmp = tempDir('kiosk-settle-');
  const data = join(tmp.dir, 'data');
  mkdirSync(data);
  journal = join(data, 'journal.sqlite');
  const paris = JSON.parse(readFileSync(join(ROOT, 'fixtures/config/paris.json'), 'utf8')) as object;
  config = writeConfig(tmp.dir, { ...paris, dataDir: data });
});
afterAll(() => tmp.cleanup());

/** A payment whose answer was lost: only staff can say what the terminal did. */
async function unknownPayment(): Promise<string> {
  const r = await runPay({
    protocol: 'concert',
    port: 'sim',
    scenario: 'answer-lost',
    timer: ['answerMs=300'],
    amount: '5.00',
    currency: 'EUR',
    db: journal,
    kioskId: 'K1',
    terminalId: 'terminal',
  });
  expect(r.json).toMatchObject({ outcome: 'unknown' });
  return String(r.json.paymentId);
}

const settled = (id: string) => {
  const db = openJournal(journal, { readonly: true, migrate: false });
  try {
    return getPayment(db, id);
  } finally {
    db.close();
  }
};

describe('kiosk payments settle without --db', () => {
  it('settles in the journal of $KIOSK_CONFIG, and of --config', async () => {
    for (const [args, env] of [
      [[], { KIOSK_CONFIG: config }],
      [['--config', config], {}],
    ] as const) {
      const id = await unknownPayment();
      const k = runKiosk(
        ['payments', 'settle', id, '--outcome', 'not-charged', '--by', 'Amina B.', '--reason', 'terminal journal: nothing at 10:42', ...args],
        env,
      );
      expect(await k.exited, k.stderr()).toBe(0);
      expect(JSON.parse(k.stdout())).toMatchObject({ ok: true });
      expect(settled(id)).toMatchObject({ state: 'settled_not_charged', settledBy: 'Amina B.' });
    }
  });

  it('takes --data DIR, and refuses a journal that does not exist instead of creating an empty one', async () => {
    const id = await unknownPayment();
    const ok = runKiosk([
      'payments',
      'settle',
      id,
      '--outcome',
      'approved',
      '--auth-code',
      '123456',
      '--by',
      'Amina B.',
      '--reason',
      'terminal journal: approved',
      '--data',
      join(tmp.dir, 'data'),
    ]);
    expect(await ok.exited, ok.stderr()).toBe(0);
    expect(settled(id)).toMatchObject({ state: 'settled_approved', authCode: '123456' });

    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    const k = runKiosk(['payments', 'settle', id, '--outcome', 'not-charged', '--by', 'x', '--reason', 'y', '--data', empty]);
    expect(await k.exited).toBe(2);
    expect(k.stderr()).toMatch(/journal\.sqlite does not exist/);
    expect(existsSync(join(empty, 'journal.sqlite'))).toBe(false);
  });
});
