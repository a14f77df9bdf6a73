// The hub's reports over a post (issue 15, item 4): a kiosk journal written by the real payment and day-close
// store functions, shipped into a hub journal through receiveEvents, both real SQLite files.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { receiveEvents } from '../../store/post-events';
import { outgoingBatch } from '../../store/post-outbox';
import { recordIntent, transition } from '../../store/payments';
import { recordDayClose } from '../../store/day-close';
import { recordETimbreReference } from '../../store/etimbre';
import { recordRefundIntent, transitionRefund, type RefundState } from '../../store/refunds';
import { issueTicket } from '../../store/queue';
import { DEFAULT_NUMBERING } from '../../domain/queue/numbering';
import { reportStats } from '../../server/reports/stats';
import { statsCsv } from '../../server/reports/stats-csv';
import { postDay } from '../../server/reports/post-day';
import { periodBounds } from '../../server/reports/period';
import { tempDir } from '../support/tmp';
import { checkVisits, screenWatcher, visit } from '../../bench/visit-driver';
import { startHub, startPostKiosk, type Hub } from './rig';
import type { RunningDaemon } from '../../server/daemon';

const TZ = 'Europe/Paris';
const DAY = '2026-12-01';
const bounds = periodBounds(DAY, DAY, TZ);
const period = { ...bounds, timeZone: TZ };
let hub: Db;
let k1: Db;
let k2: Db;
let cleanup = () => {};
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  hub = openJournal(join(t.dir, 'hub.sqlite'));
  k1 = openJournal(join(t.dir, 'k1.sqlite'));
  k2 = openJournal(join(t.dir, 'k2.sqlite'));
});
afterEach(() => {
  for (const db of [hub, k1, k2]) db.close();
  cleanup();
});

function pay(
  db: Db,
  kioskId: string,
  id: string,
  amountMinor: number,
  at: string,
  to: 'approved' | 'sent' | 'unknown' | 'declined',
  isTest = false,
  reference?: string,
) {
  const r = recordIntent(db, { id, kioskId, terminalId: 'terminal', protocol: 'zvt', amountMinor, currency: 'EUR', isTest, reference }, new Date(at));
  expect(r.ok).toBe(true);
  expect(transition(db, id, 'sent', {}, 'service', { at: new Date(at) }).ok).toBe(true);
  if (to !== 'sent') expect(transition(db, id, to, to === 'approved' ? { authCode: 'A1' } : {}, 'service', { at: new Date(at) }).ok).toBe(true);
}
function close(db: Db, totalMinor: number, count: number, journalTotalMinor = totalMinor) {
  const r = recordDayClose(db, {
    businessDay: DAY,
    terminalId: 'terminal',
    currency: 'EUR',
    source: 'zvt-end-of-day',
    terminalTotalMinor: totalMinor,
    terminalCount: count,
    journalTotalMinor,
    journalCount: count,
    detail: {},
    closedBy: 'Sofia (sofia)',
    at: new Date('2026-12-01T17:00:00Z'),
  });
  expect(r.ok).toBe(true);
}
/** Ships everything the kiosk has (or all but the last `hold` events, the head still reported). */
function ship(kiosk: Db, kioskId: string, hold = 0) {
  const b = outgoingBatch(kiosk, 0, { maxEvents: 100_000, maxBytes: 1e8 });
  const r = receiveEvents(hub, kioskId, { ...b, events: b.events.slice(0, b.events.length - hold) });
  expect(r.ok).toBe(true);
}

describe('hub reports over the kiosks of the post', () => {
  it("the stats count each kiosk's shipped payments, per kiosk and post-wide, with the hub's own", () => {
    pay(k1, 'K1', 'k1-a', 8600, '2026-12-01T09:00:00Z', 'approved');
    pay(k1, 'K1', 'k1-b', 4000, '2026-12-01T09:10:00Z', 'declined');
    pay(k1, 'K1', 'k1-t', 100, '2026-12-01T09:20:00Z', 'approved', true);
    // The eTimbre reference is issued on the kiosk; its service reaches the hub in the shipped etimbre.issued event.
    const services = ['cnie'];
    recordETimbreReference(k2, {
      reference: 'ET-K2-1',
      consulate: 'FR-PAR',
      kioskId: 'K2',
      amountMinor: 2500,
      currency: 'EUR',
      services,
      persons: 1,
      appointmentId: null,
      at: new Date('2026-12-01T09:59:00Z'),
    });
    pay(k2, 'K2', 'k2-a', 2500, '2026-12-01T10:00:00Z', 'approved', false, 'ET-K2-1');
    pay(k2, 'K2', 'k2-next', 9900, '2026-12-02T10:00:00Z', 'approved'); // the next day
    pay(hub, 'HUB', 'hub-a', 1000, '2026-12-01T11:00:00Z', 'approved');
    ship(k1, 'K1');
    ship(k2, 'K2');
    // A kiosk's walk-in ticket is issued at the hub (the post's queue lives there): counted with the hub's.
    const t = issueTicket(hub, {
      consulate: 'FR-PAR',
      businessDay: DAY,
      prefix: 'A',
      rule: DEFAULT_NUMBERING,
      service: 'passport',
      kind: 'walk-in',
      slot: null,
      priority: null,
      persons: 2,
      lang: 'fr',
      at: new Date('2026-12-01T09:00:00Z'),
      actor: 'kiosk:K1',
    });
    expect(t.ok).toBe(true);

    const s = reportStats(hub, period, { localId: 'hub', day: DAY });
    expect(s.visitors.total).toEqual({ tickets: 1, persons: 2 });
    expect(s.fees).toEqual([
      { service: '(no eTimbre reference)', currency: 'EUR', payments: 2, totalMinor: 9600 },
      { service: 'cnie', currency: 'EUR', payments: 1, totalMinor: 2500 },
    ]);
    expect(s.tests).toEqual({ payments: 1, totalMinor: 100 });
    expect(s.kiosks).toEqual([
      { kioskId: 'hub', currency: 'EUR', payments: 1, totalMinor: 1000, testPayments: 0, testTotalMinor: 0, pending: 0, dayClose: 'not-closed' },
      { kioskId: 'K1', currency: 'EUR', payments: 1, totalMinor: 8600, testPayments: 1, testTotalMinor: 100, pending: 0, dayClose: 'not-closed' },
      { kioskId: 'K2', currency: 'EUR', payments: 1, totalMinor: 2500, testPayments: 0, testTotalMinor: 0, pending: 0, dayClose: 'not-closed' },
    ]);
    const csv = statsCsv(s, 'EUR');
    expect(csv).toContain('kiosks');
    expect(csv).toMatch(/^kiosks,.*,EUR,.*,1,86,K1,0,not-closed,,,,,,,,$/m);
  });

  it("the stats count the refunds each kiosk shipped with the hub's own, and the post's net takings", () => {
    const refund = (db: Db, kioskId: string, id: string, paymentId: string, amountMinor: number, at: string, to: RefundState, testReversal = false) => {
      const when = new Date(at);
      const ask = { id, paymentId, method: 'reversal' as const, kioskId, terminalId: 'terminal', why: 'w', requestedBy: 'sup-1', amountMinor, testReversal };
      expect(recordRefundIntent(db, ask, when).ok).toBe(true);
      expect(transitionRefund(db, id, 'sent', {}, 'service', { at: when }).ok).toBe(true);
      expect(transitionRefund(db, id, to, {}, 'service', { at: when }).ok).toBe(true);
    };
    recordETimbreReference(k2, {
      reference: 'ET-K2-1',
      consulate: 'FR-PAR',
      kioskId: 'K2',
      amountMinor: 2500,
      currency: 'EUR',
      services: ['cnie'],
      persons: 1,
      appointmentId: null,
      at: new Date('2026-12-01T09:59:00Z'),
    });
    pay(k2, 'K2', 'k2-a', 2500, '2026-12-01T10:00:00Z', 'approved', false, 'ET-K2-1');
    refund(k2, 'K2', 'rf-k2', 'k2-a', 2500, '2026-12-01T10:30:00Z', 'refunded');
    pay(k1, 'K1', 'k1-a', 8600, '2026-12-01T09:00:00Z', 'approved');
    refund(k1, 'K1', 'rf-k1', 'k1-a', 8600, '2026-12-01T09:30:00Z', 'unknown'); // staff have not settled it: not counted
    pay(hub, 'HUB', 'hub-a', 1000, '2026-12-01T11:00:00Z', 'approved');
    refund(hub, 'HUB', 'rf-hub', 'hub-a', 1000, '2026-12-01T11:30:00Z', 'refunded');
    // kiosk setup's test payments, reversed at once (issue 20): neither in the fees nor in the refunds.
    pay(k1, 'K1', 'k1-t', 1, '2026-12-01T09:40:00Z', 'approved', true);
    refund(k1, 'K1', 'rf-k1-t', 'k1-t', 1, '2026-12-01T09:41:00Z', 'refunded', true);
    pay(hub, 'HUB', 'hub-t', 1, '2026-12-01T11:40:00Z', 'approved', true);
    refund(hub, 'HUB', 'rf-hub-t', 'hub-t', 1, '2026-12-01T11:41:00Z', 'refunded', true);
    ship(k1, 'K1');
    ship(k2, 'K2');
    const s = reportStats(hub, period, { localId: 'hub', day: DAY });
    expect(s.refunds).toEqual([
      { service: '(no eTimbre reference)', currency: 'EUR', refunds: 1, reversals: 1, refundedMinor: 1000 },
      { service: 'cnie', currency: 'EUR', refunds: 1, reversals: 1, refundedMinor: 2500 },
    ]);
    expect(s.net.at(-1)).toEqual({ service: '(all)', currency: 'EUR', approvedMinor: 12100, refundedMinor: 3500, netMinor: 8600 });
    expect(s.tests).toEqual({ payments: 2, totalMinor: 2 });
  });

  it('the post day is complete only when every kiosk shipped everything, has nothing open and closed its day', () => {
    pay(k1, 'K1', 'k1-a', 8600, '2026-12-01T09:00:00Z', 'approved');
    pay(k2, 'K2', 'k2-a', 2500, '2026-12-01T10:00:00Z', 'approved');
    pay(k2, 'K2', 'k2-u', 700, '2026-12-01T11:00:00Z', 'unknown');
    close(k1, 8600, 1);
    ship(k1, 'K1', 1); // the close is journaled on K1 but not shipped yet
    ship(k2, 'K2');

    let d = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(d.complete).toBe(false);
    const k1Row = d.kiosks.find((k) => k.kioskId === 'K1')!;
    expect(k1Row).toMatchObject({ dayClose: 'not-closed', link: { lag: 1 } });
    expect(d.refusals.map((r) => [r.kioskId, r.reason])).toEqual([
      ['K1', 'lag'],
      ['K1', 'not-closed'],
      ['K2', 'pending'],
      ['K2', 'not-closed'],
    ]);
    expect(d.refusals[0]!.text).toMatch(/K1.*1 event.*not.*shipped/);
    expect(d.refusals[2]!.text).toContain('k2-u');

    // K1 ships its close; K2's unknown payment is settled by staff and K2 closes with a difference.
    ship(k1, 'K1');
    expect(transition(k2, 'k2-u', 'settled_not_charged', { settledBy: 'sofia', settleReason: 'receipt says declined' }, 'staff').ok).toBe(true);
    close(k2, 2500, 1, 2400);
    ship(k2, 'K2');
    d = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(d.refusals).toEqual([]);
    expect(d.complete).toBe(true);
    expect(d.kiosks.map((k) => [k.kioskId, k.dayClose])).toEqual([
      ['K1', 'closed'],
      ['K2', 'differences'],
    ]);
    expect(d.totals).toEqual([{ currency: 'EUR', payments: 2, totalMinor: 11100 }]);
  });

  it("refuses the post day while a kiosk's chain is forked, naming the kiosk", () => {
    pay(k1, 'K1', 'k1-a', 8600, '2026-12-01T09:00:00Z', 'approved');
    close(k1, 8600, 1);
    ship(k1, 'K1');
    const b = outgoingBatch(k1, 0, { maxEvents: 100_000, maxBytes: 1e8 });
    const e = b.events.find((x) => x.kind === 'payment.intent')!;
    expect(receiveEvents(hub, 'K1', { ...b, events: [{ ...e, payload: e.payload.replace('8600', '8700') }] }).ok).toBe(false);
    const d = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(d.complete).toBe(false);
    expect(d.refusals).toEqual([expect.objectContaining({ kioskId: 'K1', reason: 'fork' })]);
    expect(d.refusals[0]!.text).toMatch(/K1.*supervisor/);
  });
});

// Real processes: a hub daemon (HTTPS, post CA) and two kiosk daemons of role kiosk paying on simulated terminals.
describe('a live post: the hub supervisor sees every kiosk', () => {
  let liveHub: Hub;
  const live: RunningDaemon[] = [];
  let liveCleanup = () => {};
  beforeAll(async () => {
    const t = tempDir('hub-reports-');
    liveCleanup = t.cleanup;
    liveHub = await startHub(join(t.dir, 'hub'));
    for (const id of ['K1', 'K2']) live.push(await startPostKiosk(liveHub, id, join(t.dir, id)));
  }, 120_000);
  afterAll(async () => {
    for (const k of live) await k.close();
    await liveHub?.stop();
    liveCleanup();
  });

  it("the hub's stats and post day list each kiosk's paid visits", async () => {
    for (const k of live) {
      const step = screenWatcher(k);
      for (let v = 0; v < 2; v++) await visit(step, null);
      checkVisits(k, 2, k.ctx.config.kioskId);
    }
    const heads = live.map((k) => (k.ctx.db.prepare('SELECT max(id) AS id FROM events').get() as { id: number }).id);
    const end = Date.now() + 60_000;
    const shipped = () =>
      liveHub.read((db) =>
        ['K1', 'K2'].every((id, i) => {
          const row = db.prepare('SELECT last_id FROM post_kiosk_heads WHERE kiosk_id = ?').get(id) as { last_id: number } | undefined;
          return (row?.last_id ?? 0) >= heads[i]!;
        }),
      );
    while (!shipped()) {
      if (Date.now() > end) throw new Error('timed out waiting for the kiosks to ship their journals');
      await new Promise((r) => setTimeout(r, 100));
    }
    const taken = live.map(
      (k) => k.ctx.db.prepare("SELECT count(*) AS n, sum(amount_minor) AS total FROM payments WHERE state = 'approved'").get() as { n: number; total: number },
    );

    const login = await liveHub.fetch('POST', '/api/auth/login', { body: { user: 'sofia', pin: '3333', app: 'reports' } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const me = (await liveHub.fetch('GET', '/api/reports/me', { cookie: login.cookie! })).body as { timeZone: string };
    const day = new Date().toLocaleDateString('sv-SE', { timeZone: me.timeZone });
    const stats = await liveHub.fetch('GET', `/api/reports/stats?from=${day}&to=${day}`, { cookie: login.cookie! });
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    const s = (stats.body as { stats: { kiosks: Array<Record<string, unknown>>; visitors: { total: { tickets: number } } } }).stats;
    expect(s.visitors.total.tickets).toBe(4);
    expect(s.kiosks.map((k) => [k.kioskId, k.payments, k.totalMinor, k.dayClose])).toEqual([
      ['K1', 2, taken[0]!.total, 'not-closed'],
      ['K2', 2, taken[1]!.total, 'not-closed'],
    ]);

    const post = await liveHub.fetch('GET', `/api/reports/post-day?day=${day}`, { cookie: login.cookie! });
    expect(post.status, JSON.stringify(post.body)).toBe(200);
    const d = post.body as { complete: boolean; refusals: Array<{ kioskId: string; reason: string }> };
    expect(d.complete).toBe(false);
    expect(d.refusals.map((r) => [r.kioskId, r.reason])).toEqual([
      ['K1', 'not-closed'],
      ['K2', 'not-closed'],
    ]);
  }, 300_000);
});
