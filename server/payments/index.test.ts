import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { getPayment, recordIntent, transition } from '../../store/payments';
import { startPayments, type LockState } from './index';
import { FakeTerminal, FakeZvt } from './fake-terminal.test-util';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payidx-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startPayments', () => {
  it('refuses payments until start-up reconciliation is done, then takes them', async () => {
    recordIntent(db, { id: 'crash-1', kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    const locks: LockState[] = [];
    const t = new FakeZvt();
    const p = startPayments({ db, terminal: t, kioskId: 'K1', onLockChange: (l) => locks.push(l) });
    expect(p.lockState().state).toBe('reconciling');
    const early = await p.service.pay({ amountMinor: 200, currency: 'EUR' });
    expect(early).toMatchObject({ ok: false, outcome: 'refused', code: 'locked' });
    const report = await p.ready;
    expect(report.actions).toEqual([expect.objectContaining({ id: 'crash-1', to: 'not_sent' })]);
    expect(p.lockState()).toEqual({ state: 'ready' });
    expect(locks.at(-1)).toEqual({ state: 'ready' });
    expect((await p.service.pay({ amountMinor: 200, currency: 'EUR' })).ok).toBe(true);
    expect(t.requests).toHaveLength(1);
  });

  it('stays locked for staff after a Concert payment lost in a crash', async () => {
    recordIntent(db, { id: 'crash-2', kioskId: 'K1', terminalId: 'terminal', protocol: 'concert', amountMinor: 100, currency: 'EUR' });
    transition(db, 'crash-2', 'sent', {}, 'service');
    const p = startPayments({ db, terminal: new FakeTerminal('concert'), kioskId: 'K1' });
    await p.ready;
    expect(p.lockState()).toEqual({ state: 'locked-for-staff', paymentIds: ['crash-2'] });
    expect(getPayment(db, 'crash-2')!.state).toBe('unknown');
  });
});
