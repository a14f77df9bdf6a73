// Queue benchmarks: `npx tsx bench/queue.bench.ts`
//  1. "call next" latency with 100 and with 50,000 tickets in the journal (the ratio should be near 1:
//     call next reads only waiting tickets through a partial index). Baseline beside it: the same read
//     as a full table scan (NOT INDEXED), which is what grows with the journal.
//  2. Time for a call to reach 200 connected WebSocket clients (baseline: 1 client).
//  3. Issuing a ticket, one board read, call next and one counter view with 100, 1,000 and 10,000 waiting
//     (issue 14: ≤ 1.5× from 100 to 10,000). Baseline beside it, in the same run: the same operations done
//     the old way (oldIssue/oldBoard/oldCallNext/oldCounterView below: the whole waiting list loaded, ranked
//     or counted in JS, the last calls sorted), and the
//     "number still held?" query through its new index against the old plan, with 50,000 tickets that day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openJournal, type Db } from '../store/db';
import { eventHash } from '../store/events';
import { QueueConfig } from '../server/queue/config';
import { QueueService } from '../server/queue/service';
import * as store from '../store/queue';
import { rankWaiting, type OrderRule } from '../domain/queue/order';
import { estimateWaitMinutes } from '../domain/queue/estimate';
import { startHarness } from '../test/queue/harness';
import { goal } from './support';

const SERVICES = [
  { code: 'registration', prefix: 'A', name: {} },
  { code: 'passport', prefix: 'C', name: {} },
];
const DAY_MS = 86_400_000;
const actor = { id: 'bench' };

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.floor(s.length * 0.95)]! };
}
const ms = (x: number) => `${x.toFixed(3)} ms`;

/**
 * History: `total` finished tickets on earlier days, each with its four events (issued, called, started,
 * finished) in queue_ticket_events and in the journal's events, as the service writes them. Written with
 * plain INSERTs in one transaction (the journal's hash chain computed with store/events.ts eventHash): going through the service would take minutes for 50,000.
 */
function seedHistory(db: Db, total: number, endAt: number): void {
  const ins = db.prepare('INSERT INTO events (at, kind, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
  let prev = (db.prepare('SELECT hash FROM events ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined)?.hash ?? '';
  // The same hash chain as store/events.ts appendEvent, with one prepared statement.
  const appendEvent = (e: { at: string; kind: string; subject: string; payload: string }): number | bigint => {
    const hash = eventHash(prev, e.at, e.kind, e.subject, e.payload);
    const id = ins.run(e.at, e.kind, e.subject, e.payload, prev, hash).lastInsertRowid;
    prev = hash;
    return id;
  };
  const tev = db.prepare(
    `INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail)
     VALUES (?, ?, ?, ?, ?, '1', 'bench', 0, ?, '{}')`,
  );
  const tk = db.prepare(`INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons,
                                      lang, arrived_at, state, counter, called_at, started_at, closed_at)
    VALUES (?, 'FR-PAR', ?, ?, ?, 0, ?, ?, ?, 'walk-in', NULL, NULL, 1, 'fr', ?, 'done', NULL, ?, ?, ?)`);
  const days = Math.ceil(total / 1000);
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const d = Math.floor(i / 1000);
      const day = new Date(endAt - (days - d) * DAY_MS).toISOString().slice(0, 10);
      const n = (i % 1000) >> 1;
      const svc = SERVICES[i % 2]!;
      const id = `FR-PAR/${day}/${svc.prefix}/${n}`;
      const t0 = Date.parse(`${day}T07:00:00Z`) + (i % 1000) * 30_000;
      const at = [t0, t0 + 20_000, t0 + 25_000, t0 + 30_000].map((x) => new Date(x).toISOString());
      tk.run(id, svc.prefix, day, n, n + 1, `${svc.prefix}-${String(n + 1).padStart(4, '0')}`, svc.code, at[0], at[1], at[2], at[3]);
      (['issued', 'called', 'started', 'finished'] as const).forEach((kind, k) => {
        const e = appendEvent({
          at: at[k]!,
          kind: `queue.ticket.${kind}`,
          subject: id,
          payload: JSON.stringify({ service: svc.code, counter: '1', actor: 'bench' }),
        });
        tev.run(e, id, at[k], kind, svc.code, kind === 'called' ? 'walk-in' : null);
      });
    }
  })();
}

function journalWith(total: number, synchronous: 'FULL' | 'OFF'): { db: Db; q: QueueService; clock: { t: number }; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'queue-bench-'));
  const db = openJournal(join(dir, 'journal.sqlite'));
  const clock = { t: Date.parse('2025-05-12T07:00:00Z') };
  seedHistory(db, total, clock.t);
  db.pragma(`synchronous = ${synchronous}`);
  const q = new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: SERVICES,
    kioskId: 'B',
    now: () => new Date(clock.t),
    config: QueueConfig.parse({ counters: [{ id: '1', services: ['registration', 'passport'] }], numbering: { end: 9999, digits: 4 } }),
  });
  for (let i = 0; i < 20; i++)
    q.issueTicket({
      service: i % 2 ? 'passport' : 'registration',
      kind: i % 5 === 0 ? 'appointment' : 'walk-in',
      ...(i % 5 === 0 ? { slot: new Date(clock.t + i * 60_000) } : {}),
      persons: 1,
      lang: 'fr',
    });
  return { db, q, clock, dir };
}

function measureCallNext(total: number, rounds: number, synchronous: 'FULL' | 'OFF') {
  const { db, q, clock, dir } = journalWith(total, synchronous);
  const call: number[] = [];
  const read: number[] = [];
  const scan: number[] = [];
  const user = { id: 'bench', name: 'Bench', role: 'staff' as const };
  const scanStmt = db.prepare("SELECT * FROM queue_tickets NOT INDEXED WHERE consulate = 'FR-PAR' AND business_day = '2025-05-12' AND state = 'waiting'");
  for (let i = 0; i < rounds; i++) {
    q.issueTicket({ service: i % 2 ? 'passport' : 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }); // keep 20 waiting
    clock.t += 1000;
    const r0 = performance.now();
    q.counterView('1', user); // the read half of call next: waiting set + N:1 history + ranking
    read.push(performance.now() - r0);
    const t0 = performance.now();
    const r = q.callNext('1', actor);
    call.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.detail);
    q.finish('1', actor);
    const t1 = performance.now();
    scanStmt.all();
    scan.push(performance.now() - t1);
  }
  const tickets = (db.prepare('SELECT COUNT(*) AS n FROM queue_tickets').get() as { n: number }).n;
  const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { tickets, events, call: stats(call), read: stats(read), scan: stats(scan) };
}

async function measureFanOut(clients: number, rounds: number) {
  const h = await startHarness({ queue: { counters: [{ id: '1', services: ['registration'] }] } });
  const sockets: WebSocket[] = [];
  let waiting = 0;
  let done: (() => void) | null = null;
  for (let i = 0; i < clients; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api/ws`);
    ws.on('message', (d) => {
      if (String(d).includes('"changed"') && --waiting === 0) done?.();
    });
    await new Promise((r) => ws.once('open', r));
    sockets.push(ws);
  }
  await new Promise((r) => setTimeout(r, 200));
  const svc = h.queue.service;
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    svc.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }); // broadcasts; let it land first
    await new Promise((r) => setTimeout(r, 30));
    const all = new Promise<void>((r) => {
      done = r;
    });
    waiting = clients;
    const t0 = performance.now();
    svc.callNext('1', actor);
    await all;
    times.push(performance.now() - t0);
    svc.finish('1', actor);
    await new Promise((r) => setTimeout(r, 30));
  }
  for (const s of sockets) s.close();
  await h.close();
  return stats(times);
}

for (const sync of ['FULL', 'OFF'] as const) {
  const small = measureCallNext(100, 200, sync);
  const large = measureCallNext(50_000, 200, sync);
  console.log(`call next, 20 waiting, synchronous=${sync}${sync === 'OFF' ? ' (query cost without the fsync)' : ' (as the daemon runs)'}; median / p95:`);
  for (const r of [small, large]) {
    console.log(
      `  ${String(r.tickets).padStart(6)} tickets, ${String(r.events).padStart(7)} events: ` +
        `call next ${ms(r.call.median)} / ${ms(r.call.p95)}, its read part ${ms(r.read.median)}   ` +
        `baseline full-scan read of the waiting set: ${ms(r.scan.median)}`,
    );
  }
  console.log(
    `  ratio 50k/100: call next ${(large.call.median / small.call.median).toFixed(2)}, ` +
      `read part ${(large.read.median / small.read.median).toFixed(2)}; full-scan baseline ${(large.scan.median / small.scan.median).toFixed(1)}`,
  );
}
const one = await measureFanOut(1, 30);
const many = await measureFanOut(200, 30);
console.log('call → "changed" push received by every WebSocket client (median / p95):');
console.log(`  200 clients: ${ms(many.median)} / ${ms(many.p95)}   baseline 1 client: ${ms(one.median)} / ${ms(one.p95)}`);

// ---- 3. work that grows with the waiting list ------------------------------------------------------

const CONSULATE = 'FR-PAR';
const RULE = { start: 1, end: 99_999, wrap: true, digits: 5 };

/** The old way of issuing (before issue 14): the ticket's place in its counter's whole ranked list. */
function oldIssue(db: Db, q: QueueService, order: OrderRule, day: string, at: Date): void {
  const out = store.issueTicket(db, issueInput(day, at, SERVICES[0]!));
  if (!out.ok) throw new Error(out.detail);
  const counter = q.counters.find((c) => c.services.includes(out.ticket.service))!;
  const k = store.normalCallsSinceLastPriority(db, counter.services, 2);
  const ranked = rankWaiting(store.waitingTickets(db, CONSULATE, day).map(store.toWaiting), order, {
    now: at.getTime(),
    services: new Set(counter.services),
    normalSinceLastPriority: k,
  });
  const ahead = Math.max(
    0,
    ranked.findIndex((r) => r.ticket.id === out.ticket.id),
  );
  oldEstimate(db, out.ticket.service, ahead);
  store.updateTicket(db, out.ticket.id, ['waiting'], { state: 'done', closed_at: at.toISOString() }); // keep the list's length
}

/** The old board read: every waiting ticket loaded to count per service, the last calls sorted out of the whole history. */
function oldBoard(db: Db, day: string): void {
  db.prepare(
    `SELECT e.id AS eid, e.at AS eat, e.kind AS ekind, e.counter AS ecounter, t.*
     FROM queue_ticket_events e JOIN queue_tickets t ON t.id = e.ticket_id
     WHERE e.kind IN ('called', 'recalled') ORDER BY e.id DESC LIMIT ?`,
  ).all(32);
  const perService = new Map<string, number>();
  for (const w of store.waitingTickets(db, CONSULATE, day)) perService.set(w.service, (perService.get(w.service) ?? 0) + 1);
  for (const s of SERVICES) oldEstimate(db, s.code, perService.get(s.code) ?? 0);
  store.counterStates(db);
}

/** The old read of call next and of the counter view (before issue 14): every waiting ticket of the day. */
const OLD_WAITING_SQL = `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND state = 'waiting'`;

function oldRanked(db: Db, q: QueueService, order: OrderRule, day: string, at: Date) {
  const counter = q.counters[0]!;
  const k = store.normalCallsSinceLastPriority(db, counter.services, 2);
  const rows = db.prepare(OLD_WAITING_SQL).all(CONSULATE, day) as store.TicketRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ranked = rankWaiting(rows.map(store.toWaiting), order, { now: at.getTime(), services: new Set(counter.services), normalSinceLastPriority: k });
  return ranked.map((r) => ({ ...r, row: byId.get(r.ticket.id)! }));
}

/** The old call next: the whole list ranked for its first ticket, then the same update and event as today. */
function oldCallNext(db: Db, q: QueueService, order: OrderRule, day: string, at: Date): string {
  return store.inImmediate(db, () => {
    store.counterStates(db);
    if (store.ticketAtCounter(db, '1')) throw new Error('counter 1 is busy');
    const pick = oldRanked(db, q, order, day, at)[0]!;
    if (!store.updateTicket(db, pick.row.id, ['waiting'], { state: 'called', counter: '1', called_at: at.toISOString() })) throw new Error('stale');
    store.appendTicketEvent(db, { ticketId: pick.row.id, kind: 'called', at, service: pick.row.service, counter: '1', actor: 'bench', lane: pick.lane });
    return store.getTicket(db, pick.row.id)!.service;
  });
}

/** The old counter view: every waiting ticket ranked and listed. */
function oldCounterView(db: Db, q: QueueService, order: OrderRule, day: string, at: Date): void {
  store.ticketAtCounter(db, '1');
  const waiting = oldRanked(db, q, order, day, at).map((r, i) => ({ ticket: r.row, position: i + 1, lane: r.lane, reason: r.reason }));
  if (waiting.length === 0) throw new Error('nobody waiting');
  store.counterStates(db);
}

function oldEstimate(db: Db, service: string, ahead: number): number {
  store.counterStates(db);
  return estimateWaitMinutes({ ahead, recentMinutes: store.recentServiceMinutes(db, service, 20), openCounters: 1, defaultServiceMinutes: 8 });
}

function issueInput(day: string, at: Date, svc: (typeof SERVICES)[number]): store.IssueInput {
  return {
    consulate: CONSULATE,
    businessDay: day,
    prefix: svc.prefix,
    rule: RULE,
    service: svc.code,
    kind: 'walk-in',
    slot: null,
    priority: null,
    persons: 1,
    lang: 'fr',
    at,
    actor: 'bench',
  };
}

/** One journal with `waiting` tickets waiting; its rounds are run interleaved with the other sizes' (below). */
function waitingFixture(waiting: number) {
  const dir = mkdtempSync(join(tmpdir(), 'queue-bench-'));
  const db = openJournal(join(dir, 'journal.sqlite'));
  db.pragma('synchronous = OFF'); // the query cost: an fsync per ticket would hide it
  const clock = { t: Date.parse('2025-05-12T07:00:00Z') };
  seedHistory(db, 2000, clock.t); // finished tickets of earlier days: service times and calls to read
  const config = QueueConfig.parse({ counters: [{ id: '1', services: ['registration', 'passport'] }], numbering: { end: RULE.end, digits: RULE.digits } });
  const q = new QueueService({
    db,
    consulate: { code: CONSULATE, timeZone: 'Europe/Paris' },
    services: SERVICES,
    kioskId: 'B',
    now: () => new Date(clock.t),
    config,
  });
  const order: OrderRule = { appointments: config.order.appointments, priority: config.order.priority };
  const day = q.today();
  const at = new Date(clock.t);
  db.transaction(() => {
    for (let i = 0; i < waiting; i++) store.issueTicket(db, issueInput(day, at, SERVICES[i % 2]!));
  })();
  const issue: number[] = [];
  const board: number[] = [];
  const call: number[] = [];
  const view: number[] = [];
  const oldI: number[] = [];
  const oldB: number[] = [];
  const oldC: number[] = [];
  const oldV: number[] = [];
  const user = { id: 'bench', name: 'Bench', role: 'staff' as const };
  /**
   * After a call: the ticket leaves the counter and a new one of its service joins the list's end, which keeps
   * the list's length and its mix of services (the counter view reads the first tickets of each service).
   */
  const served = (service: string) => {
    q.finish('1', actor);
    q.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
  };
  let called = '';
  const time = (xs: number[], fn: () => void) => {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  };
  const oldRounds = waiting >= 10_000 ? 7 : 30;
  const round = (i: number) => {
    time(issue, () => {
      const r = q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!r.ok) throw new Error(r.detail);
      store.updateTicket(db, r.ticket.id, ['waiting'], { state: 'done', closed_at: at.toISOString() }); // keep the list's length
    });
    time(board, () => q.boardView());
    time(view, () => q.counterView('1', user));
    time(call, () => {
      const r = q.callNext('1', actor);
      if (!r.ok) throw new Error(r.detail);
      called = r.ticket.service;
    });
    served(called);
    if (i < oldRounds) {
      time(oldI, () => oldIssue(db, q, order, day, at));
      time(oldB, () => oldBoard(db, day));
      time(oldV, () => oldCounterView(db, q, order, day, at));
      time(oldC, () => (called = oldCallNext(db, q, order, day, at)));
      served(called);
    }
  };
  const result = () => {
    const counts = store.waitingCounts(db, CONSULATE, day);
    db.close();
    rmSync(dir, { recursive: true, force: true });
    return {
      waiting: [...counts.values()].reduce((a, b) => a + b, 0),
      issue: stats(issue),
      board: stats(board),
      call: stats(call),
      view: stats(view),
      oldIssue: stats(oldI),
      oldBoard: stats(oldB),
      oldCall: stats(oldC),
      oldView: stats(oldV),
    };
  };
  return { round, result };
}

/** "Number still held?" with `tickets` tickets of prefix A that day (closed, wrapped): new index against the old plan. */
function measureHeld(tickets: number) {
  const dir = mkdtempSync(join(tmpdir(), 'queue-bench-'));
  const db = openJournal(join(dir, 'journal.sqlite'));
  const ins = db.prepare(`INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, lang, arrived_at, state)
    VALUES (?, 'FR-PAR', 'A', '2025-05-12', ?, ?, ?, 'A', 'registration', 'walk-in', 'fr', 'x', 'done')`);
  db.transaction(() => {
    for (let i = 0; i < tickets; i++) ins.run(`t${i}`, i, Math.floor(i / 999), 1 + (i % 999));
  })();
  // The daemon's own clause (a parked ticket holds its number too since migration 026, and the partial index serves
  // only a WHERE that implies its own: a copy of the clause here went stale and timed a scan).
  const where = store.HELD_NUMBER_WHERE;
  const now = db.prepare(`SELECT 1 FROM queue_tickets ${where}`);
  const old = db.prepare(`SELECT 1 FROM queue_tickets INDEXED BY queue_tickets_day_seq ${where}`);
  // Each sample times a batch of look-ups (a single one is a few microseconds, below the timer's noise).
  const batch = (st: typeof now, k: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < k; i++) st.get('FR-PAR', 'A', '2025-05-12', 1 + (i % 999));
    return (performance.now() - t0) / k;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 21; i++) {
    a.push(batch(now, 200));
    b.push(batch(old, tickets >= 10_000 ? 2 : 200));
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { now: stats(a).median, old: stats(b).median };
}

const fixtures = [100, 1_000, 10_000].map(waitingFixture);
// Rounds interleaved across the sizes: load that comes and goes on a shared machine touches every size alike,
// so the growth ratios below compare like with like.
for (let i = 0; i < 200; i++) for (const f of fixtures) f.round(i);
const sizes = fixtures.map((f) => f.result());
console.log('issuing a ticket, one board read, call next and one counter view against the waiting list (synchronous=OFF: query cost); median / p95:');
for (const r of sizes)
  console.log(
    `  ${String(r.waiting).padStart(6)} waiting: issue ${ms(r.issue.median)} / ${ms(r.issue.p95)}, board ${ms(r.board.median)} / ${ms(r.board.p95)}, ` +
      `call next ${ms(r.call.median)} / ${ms(r.call.p95)}, counter view ${ms(r.view.median)} / ${ms(r.view.p95)}\n` +
      `  ${' '.repeat(14)} baseline (the old way): issue ${ms(r.oldIssue.median)}, board ${ms(r.oldBoard.median)}, ` +
      `call next ${ms(r.oldCall.median)}, counter view ${ms(r.oldView.median)}`,
  );
const [s100, , s10k] = sizes as [ReturnType<ReturnType<typeof waitingFixture>['result']>, unknown, ReturnType<ReturnType<typeof waitingFixture>['result']>];
// The goal is a growth ratio (10k waiting ÷ 100 waiting); the baseline is the same ratio of the old way.
const growth = (name: string, now: number, was: number) => goal(`${name}: cost with 10k waiting ÷ cost with 100`, was, now, { atMost: 1.5 }, '×');
growth('issuing a ticket', s10k.issue.median / s100.issue.median, s10k.oldIssue.median / s100.oldIssue.median);
growth('a board read', s10k.board.median / s100.board.median, s10k.oldBoard.median / s100.oldBoard.median);
growth('call next', s10k.call.median / s100.call.median, s10k.oldCall.median / s100.oldCall.median);
growth('a counter view', s10k.view.median / s100.view.median, s10k.oldView.median / s100.oldView.median);
const held100 = measureHeld(100);
const held50k = measureHeld(50_000);
console.log('"number still held?" (wrap), median:');
console.log(
  `  100 tickets that day: ${ms(held100.now)}; 50,000: ${ms(held50k.now)} (${(held50k.now / held100.now).toFixed(1)}×)   ` +
    `baseline (old plan, every ticket of the prefix): ${ms(held100.old)}; ${ms(held50k.old)} (${(held50k.old / held100.old).toFixed(1)}×)`,
);
