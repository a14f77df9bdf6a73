// The central projections against a REAL daemon's journal (issue 16): visits paid through the kiosk's own flow,
// a served ticket and a no-show at a counter, the day closed by the supervisor; its journal copied into the central
// `events` table as the ingest stores it; projected; the network figures equal the daemon's own report exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDaemon } from '../../server/daemon';
import type { CentralDb } from '../../central/db/db';
import { projectPending } from '../../central/db/projections';
import { networkDay, postDrillDown, setPostTimeZone } from '../../central/db/dashboard';
import { startVisitDaemon } from '../../bench/visit-driver';
import { tempDir } from '../support/tmp';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb, copyJournal, daemonDay, drivePostDay, postReport, type PostReport } from './dashboard-helpers';

let tdb: TestDatabase;
let db: CentralDb;
let daemon: RunningDaemon;
let tmp: { dir: string; cleanup: () => void };
let report: PostReport;

const TABLES = ['proj_tickets', 'proj_calls', 'proj_visits', 'proj_payments', 'proj_payment_quotes', 'proj_day_closes', 'proj_devices', 'projection_cursors'];
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES)
    out[t] = (await db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)).rows.map((r: Record<string, unknown>) => ({ ...r, projected_at: undefined }));
  return out;
}

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('dash_proj'));
  tmp = tempDir('central-proj-');
  daemon = await startVisitDaemon(tmp.dir);
  await drivePostDay(daemon, { visits: 3, close: true });
  report = await postReport(daemon, daemonDay(daemon));
  await copyJournal(db, daemon, 'FR-PAR');
  await setPostTimeZone(db, 'FR-PAR', daemon.ctx.config.consulate.timeZone);
}, 180_000);
afterAll(async () => {
  await daemon?.close();
  tmp?.cleanup();
  await db?.end();
  await tdb?.drop();
});

describe('central projections from a real daemon', () => {
  it("equal the post's own day report: visitors, served, no-shows, fees by currency and in dirhams, day close", async () => {
    const first = await projectPending(db, { max: 100_000 });
    expect(first.events).toBeGreaterThan(20);
    const day = report.day;
    const [row] = (await networkDay(db, { now: new Date(), day })).posts;
    expect(row).toBeDefined();
    const s = report.stats;
    expect(row!.day).toBe(day);
    expect({ visitors: row!.visitors, persons: row!.persons }).toEqual({ visitors: s.visitors.total.tickets, persons: s.visitors.total.persons });
    expect(s.visitors.total.tickets).toBe(3);
    expect(row!.served).toBe(s.counters.reduce((a, c) => a + c.served, 0));
    expect(row!.served).toBe(1);
    expect(row!.noShows).toBe(s.noShows.total);
    expect(row!.noShows).toBe(1);
    expect(row!.waiting).toBe(1);
    // Fees by currency: the post's totals (post-day) and its stats' fees by service, summed per currency.
    const feesByCurrency = new Map<string, { payments: number; totalMinor: number }>();
    for (const f of s.fees) {
      const x = feesByCurrency.get(f.currency) ?? { payments: 0, totalMinor: 0 };
      x.payments += f.payments;
      x.totalMinor += f.totalMinor;
      feesByCurrency.set(f.currency, x);
    }
    expect(row!.fees.map((f) => ({ currency: f.currency, payments: f.payments, totalMinor: f.totalMinor }))).toEqual(report.postDay.totals);
    expect(row!.fees.map((f) => [f.currency, { payments: f.payments, totalMinor: f.totalMinor }])).toEqual([...feesByCurrency.entries()]);
    expect(row!.fees[0]!.totalMinor).toBeGreaterThan(0);
    // Dirhams: Σ of the schedule's fee × persons of each approved visit's quote, as the kiosk journaled it.
    const quotes = daemon.ctx.db
      .prepare(`SELECT e.payload FROM events e JOIN payments p ON p.id = e.subject WHERE e.kind = 'checkin.paying' AND p.state = 'approved' AND p.is_test = 0`)
      .all() as Array<{ payload: string }>;
    const mad = quotes
      .map((q) => (JSON.parse(q.payload) as { visit: { quote: { lines: Array<{ unitFeeMad: string; persons: number }> } } }).visit.quote.lines)
      .flat()
      .reduce((a, l) => a + Number(l.unitFeeMad) * l.persons, 0);
    expect(mad).toBeGreaterThan(0);
    expect(Number(row!.feesMad)).toBe(mad);
    // Day close: the post's own status and each close's difference.
    const own = report.postDay.kiosks.find((k) => k.kioskId === daemon.ctx.config.kioskId)!;
    expect(row!.dayClose).toBe(own.dayClose);
    expect(row!.dayClose).toBe('closed');
    expect(row!.closeDifferences).toEqual(
      (own.closes ?? []).filter((c) => !c.balanced).map((c) => ({ terminalId: c.terminalId, differenceMinor: c.terminalTotalMinor - c.journalTotalMinor })),
    );
    // Drill-down by service equals the report's visitors by service.
    const drill = await postDrillDown(db, { postId: 'FR-PAR', day, now: new Date() });
    expect(drill.services.map((x) => ({ service: x.service, tickets: x.visitors, persons: x.persons }))).toEqual(s.visitors.byService);
    const fees = new Map<string, number>();
    for (const f of drill.fees) fees.set(`${f.service}/${f.currency}`, f.totalMinor);
    expect(Object.fromEntries(fees)).toEqual(Object.fromEntries(s.fees.map((f) => [`${f.service}/${f.currency}`, f.totalMinor])));
  });

  it('are idempotent: projecting again changes nothing; two projectors at once project each event once', async () => {
    await projectPending(db);
    const before = await snapshot();
    expect(await projectPending(db)).toMatchObject({ events: 0 });
    expect(await snapshot()).toEqual(before);
    for (const t of TABLES) await db.query(`TRUNCATE ${t}`);
    const [a, b] = await Promise.all([projectPending(db, { chunk: 7 }), projectPending(db, { chunk: 5 })]);
    const total = (await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n;
    expect(a.events + b.events).toBe(Number(total));
    expect(await snapshot()).toEqual(before);
  });

  it('resume from the cursor: events stored later are projected, the earlier ones are not counted twice', async () => {
    const head = (daemon.ctx.db.prepare('SELECT max(id) AS id FROM events').get() as { id: number }).id;
    await drivePostDay(daemon, { visits: 1, close: false });
    await copyJournal(db, daemon, 'FR-PAR', { after: head });
    const r = await projectPending(db, { max: 3 });
    expect(r).toMatchObject({ events: 3, more: true });
    await projectPending(db);
    const again = await postReport(daemon, report.day);
    const [row] = (await networkDay(db, { now: new Date(), day: report.day })).posts;
    expect(row!.visitors).toBe(again.stats.visitors.total.tickets);
    expect(row!.served).toBe(again.stats.counters.reduce((a, c) => a + c.served, 0));
    expect(row!.fees.map((f) => ({ currency: f.currency, payments: f.payments, totalMinor: f.totalMinor }))).toEqual(again.postDay.totals);
    // A payment taken after the close reopens the day, as the post itself says.
    expect(row!.dayClose).toBe(again.postDay.kiosks.find((k) => k.kioskId === daemon.ctx.config.kioskId)!.dayClose);
  });
});
