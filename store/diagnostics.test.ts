import { afterEach, describe, expect, it } from 'vitest';
import { appendEvent } from './events';
import { recordIntent, transition } from './payments';
import { printJobJournal } from './print-jobs';
import { journalCounts } from './diagnostics';
import { tempJournal } from '../test/support/journal';

let close = () => {};
afterEach(() => close());

describe('journalCounts', () => {
  it('counts events by kind, payments by state, test flag and currency, and print jobs by state and kind', () => {
    const { db: j, close: done } = tempJournal('store-diagnostics-');
    close = done;
    appendEvent(j, { kind: 'daemon.started', at: new Date('2026-03-02T08:00:00Z') });
    appendEvent(j, { kind: 'daemon.started', at: new Date('2026-03-02T09:00:00Z') });
    for (const [id, amount, isTest] of [
      ['pay-1', 8000, false],
      ['pay-2', 2000, false],
      ['pay-3', 100, true],
    ] as const) {
      recordIntent(j, { id, kioskId: 'K1', terminalId: `T-${id}`, protocol: 'zvt', amountMinor: amount, currency: 'EUR', reference: null, isTest });
      transition(j, id, 'approved', {}, 'service');
    }
    const jobs = printJobJournal(j);
    jobs.queued({ id: 'job-1', kind: 'ticket', bytes: 100, printer: 'tcp://127.0.0.1:9100' });
    jobs.queued({ id: 'job-2', kind: 'ticket', bytes: 100, printer: 'tcp://127.0.0.1:9100' });

    const c = journalCounts(j);
    expect(c.eventsByKind.find((e) => e.kind === 'daemon.started')).toEqual({ kind: 'daemon.started', n: 2, last: '2026-03-02T09:00:00.000Z' });
    expect(c.paymentsByState).toEqual([
      { state: 'approved', isTest: 0, n: 2, amountMinor: 10000, currency: 'EUR' },
      { state: 'approved', isTest: 1, n: 1, amountMinor: 100, currency: 'EUR' },
    ]);
    expect(c.printJobsByState).toEqual([{ state: 'queued', kind: 'ticket', n: 2 }]);
  });
});
