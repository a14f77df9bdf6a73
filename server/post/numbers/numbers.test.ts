// Post numbers end to end: a real Fastify hub on 127.0.0.1 (real sockets, real SQLite files) and kiosk issuers
// talking to it through createHubLink. The hub "goes down" by closing its server and comes back on the same port.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../../store/db';
import { ticketForRequest } from '../../../store/post-numbers';
import { inImmediate, ticketEvents, ticketRoute, type TicketRow } from '../../../store/queue';
import { QueueConfig } from '../../queue/config';
import { QueueService } from '../../queue/service';
import { createHubLink } from '../link';
import type { KioskAuth } from '../kiosk-auth';
import { postNumberRoutes, type PostNumberRouteDeps } from './hub-routes';
import { walCommits } from '../../../test/support/wal';
import { IssuedTicket } from '../../../shared/queue-api';
import { createHubIssuer, type HubIssuer } from './issuer';
import type { NumberingRule } from '../../../domain/queue/numbering';
import { tempDir } from '../../../test/support/tmp';
import { until } from '../../../test/diagnostics/support';

const SERVICES = [
  { code: 'visa', prefix: 'A', name: { fr: 'Visa' } },
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
];
const consulate = { code: 'FR-PAR', timeZone: 'Europe/Paris' };
const FULL: NumberingRule = { start: 1, end: 999, wrap: false, digits: 3 };
let numbering = FULL;
const TOKENS = new Map([
  ['secret-K1', 'K1'],
  ['secret-K2', 'K2'],
  ['secret-K3', 'K3'],
]);
const auth: KioskAuth = (req) => {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const kioskId = m ? TOKENS.get(m[1]!) : undefined;
  return kioskId ? { ok: true, kioskId } : { ok: false, status: 401, reason: 'unknown', detail: 'unknown credential' };
};

let dir: string;
let cleanup: () => void;
let hubDb: Db;
let queue: QueueService;
let app: FastifyInstance | null = null;
let port = 0;
/** While set, the hub holds ticket requests until it resolves (a hub that answers after the kiosk's bound). */
let gate: Promise<void> | null = null;
/** Ticket requests the hub has answered (or tried to: the kiosk may have hung up). */
let answered = 0;
/** Ticket requests waiting at the gate. */
let held = 0;
const kiosks: Array<{ issuer: HubIssuer; db: Db }> = [];

/** The hub's queue, with the same numbering its number routes and the kiosks use (the daemon passes config.queue.numbering to all). */
function makeQueue(): void {
  const config = QueueConfig.parse({ counters: [{ id: '1', services: ['visa', 'passport'] }], numbering });
  queue = new QueueService({ db: hubDb, consulate, services: SERVICES, kioskId: 'HUB', config });
}

async function hubUp(blockSize = 5, commitGroup?: PostNumberRouteDeps['commitGroup'], syncJournal?: PostNumberRouteDeps['syncJournal']): Promise<void> {
  app = Fastify();
  app.addHook('preHandler', async (req) => {
    if (req.url !== '/api/post/tickets' || !gate) return;
    held++;
    await gate;
  });
  app.addHook('onResponse', async (req) => {
    if (req.url === '/api/post/tickets') answered++;
  });
  await app.register(
    postNumberRoutes({
      db: hubDb,
      queue,
      auth,
      consulate,
      services: SERVICES,
      numbering,
      blockSize,
      ...(commitGroup ? { commitGroup } : {}),
      ...(syncJournal ? { syncJournal } : {}),
    }),
    {
      prefix: '/api',
    },
  );
  await app.listen({ host: '127.0.0.1', port });
  port = (app.server.address() as { port: number }).port;
}
async function hubDown(): Promise<void> {
  await app?.close();
  app = null;
}

function kiosk(id: string, answerWithinMs = 5000): { issuer: HubIssuer; db: Db } {
  const db = openJournal(join(dir, `${id}.sqlite`));
  const link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: id, credential: `secret-${id}` });
  const issuer = createHubIssuer({ db, link, answerWithinMs, consulate, services: SERVICES, numbering, kioskId: id, intervalMs: 20, maxBackoffMs: 200 });
  const k = { issuer, db };
  kiosks.push(k);
  return k;
}

const walkIn = { service: 'visa', kind: 'walk-in' as const, persons: 1, lang: 'fr' };
async function issue(k: { issuer: HubIssuer }, key: string, service = 'visa') {
  const r = await k.issuer.issue({ ...walkIn, service }, key);
  if (!r.ok) throw new Error(r.detail);
  return r;
}
const hubTickets = (): TicketRow[] => hubDb.prepare('SELECT * FROM queue_tickets ORDER BY seq').all() as TicketRow[];
const live = (t: TicketRow) => ['waiting', 'called', 'serving'].includes(t.state);

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('post-numbers-'));
  hubDb = openJournal(join(dir, 'hub.sqlite'));
  numbering = FULL;
  makeQueue();
  port = 0;
  gate = null;
  answered = 0;
  held = 0;
  await hubUp();
});
afterEach(async () => {
  for (const k of kiosks.splice(0)) {
    await k.issuer.stop();
    k.db.close();
  }
  await hubDown();
  hubDb.close();
  cleanup();
});

describe('post numbers: kiosk issuer and hub', () => {
  it('issues online from the hub; the same request key gets the same ticket', async () => {
    const k = kiosk('K1');
    const a = await issue(k, 'v1');
    const b = await issue(k, 'v2');
    expect([a.ticket.label, b.ticket.label]).toEqual(['A-001', 'A-002']);
    expect(a.offline).toBeUndefined();
    expect((await issue(k, 'v1')).ticket.id).toBe(a.ticket.id);
    expect(hubTickets()).toHaveLength(2);
  });

  it("carries a walk-in's priority request to the hub, whose queue keeps it for staff to confirm (issue 18)", async () => {
    const k = kiosk('K1');
    const r = await k.issuer.issue({ ...walkIn, priorityRequest: 'pregnant' }, 'asks');
    if (!r.ok) throw new Error(r.detail);
    expect(r.ticket).toMatchObject({ priority: null, priorityRequest: 'pregnant' });
    expect(hubTickets()[0]).toMatchObject({ priority: null, priority_request: 'pregnant' });
  });

  it('carries the route of a visit of several services to the hub, whose queue routes the one ticket (issue 18 item 8)', async () => {
    const k = kiosk('K1');
    const r = await k.issuer.issue({ ...walkIn, route: ['visa', 'passport'] }, 'two-services');
    if (!r.ok) throw new Error(r.detail);
    expect(r.offline).toBeUndefined();
    const issued = hubDb
      .prepare("SELECT json_extract(detail, '$.route') AS route FROM queue_ticket_events WHERE ticket_id = ? AND kind = 'issued'")
      .get(r.ticket.id) as {
      route: string;
    };
    expect(JSON.parse(issued.route)).toEqual(['visa', 'passport']);
  });

  it('a visit of several services printed offline carries its route in the upload; the hub routes it, and refuses a route not its own', async () => {
    const k = kiosk('K1');
    await k.issuer.sync();
    await hubDown();
    const off = await k.issuer.issue({ ...walkIn, route: ['visa', 'passport'] }, 'two-offline');
    if (!off.ok) throw new Error(off.detail);
    expect(off.offline?.reason).toBe('unreachable');
    await hubUp();
    await k.issuer.sync();
    expect(k.issuer.status().pendingUploads).toBe(0);
    expect(ticketRoute(hubDb, off.ticket.id)).toEqual(['visa', 'passport']);

    const body = JSON.parse((k.db.prepare('SELECT body FROM kiosk_offline_tickets').get() as { body: string }).body) as Record<string, unknown>;
    const link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'K1', credential: 'secret-K1' });
    for (const route of [
      ['visa', 'embassy-party'],
      ['passport', 'visa'],
    ]) {
      const a = await link.request('POST', '/api/post/offline-tickets', { tickets: [{ ...body, requestKey: `bad-${route[1]}`, route }] });
      expect(a.ok && a.body).toMatchObject({ results: [{ outcome: 'refused', reason: 'unknown-service' }] });
    }
  });

  it("the kiosk records the hub's ticket without an fsync on its event loop, and answers only once its journal's sync returned (issue 14)", async () => {
    const db = openJournal(join(dir, 'K3-sync.sqlite'));
    const link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'K3', credential: 'secret-K3' });
    let release!: () => void;
    let asked = 0;
    const syncJournal = () => {
      asked++;
      return new Promise<void>((r) => (release = r));
    };
    const issuer = createHubIssuer({ db, link, answerWithinMs: 5000, consulate, services: SERVICES, numbering, kioskId: 'K3', syncJournal });
    kiosks.push({ issuer, db });
    let settled = false;
    const r = issuer.issue({ ...walkIn }, 'sync-1', undefined).then((x) => ((settled = true), x));
    expect(
      await until(
        () => asked,
        (n) => n === 1,
      ),
    ).toBe(1);
    // Committed (the kiosk's record is there) but not told: the visitor waits for the disk, the loop does not.
    const held = db.prepare('SELECT count(*) AS n FROM kiosk_online_tickets').get() as { n: number };
    expect(held.n).toBe(1);
    await new Promise((t) => setImmediate(t));
    expect(settled).toBe(false);
    release();
    const out = await r;
    expect(out.ok && !('offline' in out && out.offline)).toBe(true);
  });

  it("the hub's answer is checked once, by the kiosk: the hub does not parse the ticket it built from its own row again", async () => {
    // The body crossing the process boundary is parsed where it is received (the kiosk's issuer); the hub's own parse of
    // its answer cost a zod walk of every ticket field per allocation (issue 14, post scale).
    const parse = vi.spyOn(IssuedTicket, 'parse');
    const safeParse = vi.spyOn(IssuedTicket, 'safeParse');
    try {
      const r = await issue(kiosk('K1'), 'once');
      expect(r.ticket.label).toBe('A-001');
      expect(parse).not.toHaveBeenCalled();
      expect(safeParse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
      safeParse.mockRestore();
    }
  });

  it('hub down: block tickets marked offline; hub back: uploaded once, placed by issue time in the calling order', async () => {
    const k = kiosk('K1');
    await k.issuer.sync(); // leases a block per prefix: A 995-999, C 995-999
    const before = await issue(k, 'v1');
    await hubDown();
    const off = await issue(k, 'v2');
    expect(off.offline?.reason).toBe('unreachable');
    expect(off.ticket.label).toBe('A-995'); // the block 995-999, counted up
    expect(k.issuer.status().pendingUploads).toBe(1);
    await hubUp();
    const after = await issue(k, 'v3');
    expect(after.ticket.label).toBe('A-002');
    await k.issuer.sync();
    expect(k.issuer.status().pendingUploads).toBe(0);
    // A second upload of the same ticket is a duplicate and adds no row.
    const again = await createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'K1', credential: 'secret-K1' }).request(
      'POST',
      '/api/post/offline-tickets',
      {
        tickets: [JSON.parse((k.db.prepare('SELECT body FROM kiosk_offline_tickets').get() as { body: string }).body)],
      },
    );
    expect(again.ok && again.body).toEqual({ results: [{ requestKey: 'v2', outcome: 'duplicate', ticketId: off.ticket.id }] });
    expect(hubTickets().filter((t) => t.label === 'A-995')).toHaveLength(1);
    const row = hubTickets().find((t) => t.label === 'A-995')!;
    expect(row).toMatchObject({ offline: 1, arrived_at: off.ticket.arrivedAt });
    expect(JSON.parse(ticketEvents(hubDb, row.id)[0]!.detail)).toMatchObject({ offline: true });
    expect(ticketEvents(hubDb, row.id)[0]!.actor).toBe('kiosk:K1');
    const view = queue.counterView('1', { id: 'amina', name: 'Amina', role: 'staff' });
    if (!view.ok) throw new Error(view.detail);
    expect(view.view.waiting.map((w) => w.ticket.label)).toEqual([before.ticket.label, 'A-995', after.ticket.label]);
  });

  it('the hub answers after the bound: the kiosk prints offline, the late online ticket is closed as superseded', async () => {
    const k = kiosk('K1', 300);
    await k.issuer.sync();
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const off = await issue(k, 'v1');
    expect(off.offline?.reason).toBe('timeout');
    gate = null;
    open();
    const ghost = await until(
      () => ticketForRequest(hubDb, 'K1', 'v1'),
      (t) => t !== undefined,
    );
    expect(ghost!.label).toBe('A-001');
    await k.issuer.sync();
    const mine = hubTickets().filter((t) => ticketEvents(hubDb, t.id).length > 0 && live(t));
    expect(mine.map((t) => t.label)).toEqual([off.ticket.label]);
    const ghostEvents = ticketEvents(hubDb, ghost!.id);
    expect(ghostEvents.at(-1)).toMatchObject({ kind: 'expired' });
    expect(JSON.parse(ghostEvents.at(-1)!.detail)).toMatchObject({ superseded: true, by: off.ticket.id });
    expect(ticketForRequest(hubDb, 'K1', 'v1')!.id).toBe(off.ticket.id);
  });

  it('the late online request arrives after the offline upload: it gets the offline ticket, no second number', async () => {
    const k = kiosk('K1', 300);
    await k.issuer.sync();
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const off = await issue(k, 'v1');
    expect(off.offline?.reason).toBe('timeout');
    await k.issuer.sync(); // the upload is not held
    expect(k.issuer.status().pendingUploads).toBe(0);
    gate = null;
    open();
    await until(
      () => answered,
      (n) => n === 1,
    );
    expect(hubTickets().map((t) => t.label)).toEqual([off.ticket.label]);
    expect((await issue(k, 'v1')).ticket.id).toBe(off.ticket.id);
  });

  it('block used up: fallback labels of the kiosk, said by status(), accepted by the hub', async () => {
    await hubDown();
    await hubUp(2);
    const k = kiosk('K2');
    await k.issuer.sync();
    await hubDown();
    const labels = [];
    for (let i = 0; i < 3; i++) labels.push((await issue(k, `v${i}`)).ticket.label);
    expect(labels).toEqual(['A-998', 'A-999', 'A-K2-001']);
    expect(k.issuer.status().prefixes[0]).toMatchObject({ prefix: 'A', left: 0, blockUsedUp: true, fallbackInUse: true, usedFallback: 1 });
    await hubUp(2);
    await k.issuer.sync();
    expect(k.issuer.status().pendingUploads).toBe(0);
    expect(
      hubTickets()
        .map((t) => t.label)
        .sort(),
    ).toEqual(['A-998', 'A-999', 'A-K2-001']);
  });

  it('a hub that refuses the kiosk: the visitor still gets a block ticket, and status says the hub refuses', async () => {
    const k = kiosk('K1');
    await k.issuer.sync();
    TOKENS.delete('secret-K1');
    try {
      const r = await issue(k, 'v1');
      expect(r.offline?.reason).toBe('refused');
      expect(k.issuer.status().hubProblem).toMatchObject({ reason: 'refused' });
    } finally {
      TOKENS.set('secret-K1', 'K1');
    }
    await k.issuer.sync();
    expect(k.issuer.status().hubProblem).toBeNull();
  });

  it('randomized: three kiosks, the hub going up and down: no label twice, online numbers gap-free, every ticket at the hub once', async () => {
    // A short range, so the online count runs into the blocks and kiosks fall back to their own series.
    numbering = { start: 1, end: 60, wrap: false, digits: 2 };
    makeQueue();
    await hubDown();
    await hubUp(4);
    const ks = ['K1', 'K2', 'K3'].map((id) => kiosk(id));
    for (const k of ks) k.issuer.start();
    const seed0 = Number(process.env.POST_NUMBERS_SEED ?? Date.now() % 100000);
    let seed = seed0;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const issued: string[] = [];
    let exhausted = 0;
    for (let step = 0; step < 150; step++) {
      if (rnd() < 0.08) {
        if (app) await hubDown();
        else await hubUp(4);
        continue;
      }
      const k = ks[Math.floor(rnd() * ks.length)]!;
      const r = await k.issuer.issue({ ...walkIn, service: rnd() < 0.7 ? 'visa' : 'passport' }, `s${step}`);
      if (r.ok) issued.push(r.ticket.id);
      else if (r.reason === 'exhausted') exhausted++;
      else throw new Error(r.detail);
    }
    if (!app) await hubUp(4);
    await until(
      () => ks.reduce((n, k) => n + k.issuer.status().pendingUploads, 0),
      (n) => n === 0,
      30_000,
    );
    const rows = hubTickets();
    const labels = rows.map((t) => `${t.business_day}/${t.label}`);
    expect(new Set(labels).size, `seed ${seed0}`).toBe(labels.length);
    expect(issued.length + exhausted).toBeGreaterThan(100);
    expect(rows.map((t) => t.id).sort(), `seed ${seed0}`).toEqual([...issued].sort());
    for (const prefix of ['A', 'C']) {
      const online = rows.filter((t) => t.prefix === prefix && t.offline === 0).map((t) => t.number);
      expect(online, `seed ${seed0}`).toEqual(online.map((_, i) => i + 1));
    }
  }, 60_000);
});

describe('post numbers: the hub commits allocations that arrive together at once (group commit)', () => {
  /** `n` ticket requests of kiosk K1 held at the hub's gate until all arrived, then let through together. */
  async function together(n: number, key: string) {
    const k = kiosk('K1');
    await issue(k, `${key}-warm`); // the queue's first use of the day commits on its own
    hubDb.pragma('wal_checkpoint(TRUNCATE)');
    expect(walCommits(join(dir, 'hub.sqlite'))).toBe(0);
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const pending = Array.from({ length: n }, (_, i) => k.issuer.issue({ ...walkIn }, `${key}-${i}`));
    await until(
      () => held,
      (h) => h === n,
    );
    gate = null;
    open();
    return Promise.all(pending);
  }

  it('eight allocations arriving together: fewer commits than allocations (counted in the WAL file), every number answered once', async () => {
    const rs = await together(8, 'g');
    const online = rs.filter((r) => r.ok && !r.offline).map((r) => (r.ok ? r.ticket.label : ''));
    expect(online).toHaveLength(8);
    expect(new Set(online).size).toBe(8);
    expect(walCommits(join(dir, 'hub.sqlite'))).toBeLessThan(8);
    expect(hubTickets().map((t) => t.label)).toEqual(['A-001', ...online.sort()]);
  });

  it("after the first number, the hub's commits no longer checkpoint the journal on the event loop: a worker does (issue 14)", async () => {
    expect(hubDb.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await issue(kiosk('K1'), 'ckpt-1');
    await until(
      () => hubDb.pragma('wal_autocheckpoint', { simple: true }),
      (v) => v === 0,
    );
  });

  it("eight allocations arriving together read each service's recent service times and open counters once, not once per ticket", async () => {
    // Counted on the statements the hub's journal runs: the wait estimate's reads (domain/queue/estimate.ts inputs).
    const runs = { times: 0, counters: 0 };
    const prepare = hubDb.prepare.bind(hubDb);
    hubDb.prepare = ((sql: string) => {
      const s = prepare(sql);
      const which = /queue_ticket_events_service/.test(sql) ? 'times' : /FROM queue_counters/.test(sql) ? 'counters' : null;
      if (which) {
        const all = s.all.bind(s);
        s.all = ((...a: unknown[]) => (runs[which]++, all(...a))) as typeof s.all;
      }
      return s;
    }) as Db['prepare'];
    const rs = await together(8, 'e');
    expect(rs.filter((r) => r.ok && !r.offline)).toHaveLength(8);
    // The warm-up ticket reads them once (its commit is checkpointed away), then each group once: one read per commit.
    const groups = walCommits(join(dir, 'hub.sqlite'));
    expect(groups).toBeLessThan(8);
    expect(runs).toEqual({ times: 1 + groups, counters: 1 + groups });
  });

  // group-commit.ts: an answer at the commit, the sync after; a failed sync after answers is loud, and then answers wait for it.
  it("a group's numbers are answered once committed, while its sync runs; after a failed sync, answers wait for their own", async () => {
    await hubDown();
    // The disk, held by the test: each sync the hub asks for waits until released (or fails).
    const syncs: Array<{ release: () => void; fail: (e: Error) => void }> = [];
    await hubUp(5, undefined, () => new Promise<void>((release, fail) => syncs.push({ release, fail })));
    const [k1, k2, k3] = [kiosk('K1'), kiosk('K2'), kiosk('K3')];
    // Answered while its group's sync is held: committed to the WAL, on the disk a moment later (group-commit.ts).
    expect((await issue(k1, 's1')).ticket.label).toBe('A-001');
    expect(syncs).toHaveLength(1);
    // A request read during that in-flight sync is committed and answered without waiting for it: its own sync follows.
    expect((await issue(k2, 's2')).ticket.label).toBe('A-002');
    expect(syncs).toHaveLength(2);
    syncs[0]!.release();
    syncs[1]!.release();
    expect((await issue(k3, 's3')).ticket.label).toBe('A-003');
    // The sync after an answer fails: loud (journaled), and from now on no answer before its own sync returned.
    syncs[2]!.fail(new Error('EIO: the disk went away'));
    await until(
      () => hubDb.prepare("SELECT payload FROM events WHERE kind = 'post.numbers-sync-failed'").all() as Array<{ payload: string }>,
      (rows) => rows.length === 1,
    );
    const next = issue(k1, 's4');
    await until(
      () => syncs.length,
      (n) => n === 4,
    );
    // Committed (the number is taken) but not answered while its sync runs.
    expect(hubTickets().map((t) => t.label)).toEqual(['A-001', 'A-002', 'A-003', 'A-004']);
    expect(answered).toBe(3);
    syncs[3]!.release();
    expect((await next).ticket.label).toBe('A-004');
    // A sync that fails then answers no number: the kiosk prints from its block; the number stays taken, never given twice.
    const lost = k2.issuer.issue({ ...walkIn }, 's5');
    await until(
      () => syncs.length,
      (n) => n === 5,
    );
    syncs[4]!.fail(new Error('EIO: the disk went away again'));
    const r5 = await lost;
    expect(r5.ok && r5.offline !== undefined).toBe(true);
    const again = issue(k3, 's6');
    await until(
      () => syncs.length,
      (n) => n === 6,
    );
    syncs[5]!.release();
    expect((await again).ticket.label).toBe('A-006');
  });

  it('a group whose commit fails (the hub dying before the disk has it) answers no number; the numbers are given again, never twice', async () => {
    await hubDown();
    let fail = true;
    // The commit of the first group fails after every allocation of the group ran: as if the hub died before the disk had it.
    await hubUp(5, (work) =>
      inImmediate(hubDb, () => {
        const r = work();
        if (fail && held > 0) {
          fail = false;
          throw new Error('the disk went away');
        }
        return r;
      }),
    );
    const rs = await together(5, 'c');
    // Not one number of the lost group reached a kiosk: each visitor got an offline ticket from the kiosk's own series.
    expect(rs.every((r) => r.ok && r.offline !== undefined)).toBe(true);
    expect(hubTickets().map((t) => t.label)).toEqual(['A-001']);
    const k = kiosks[0]!;
    const next = [];
    for (let i = 0; i < 5; i++) next.push((await issue(k, `after-${i}`)).ticket.label);
    // The lost group's numbers are given again: nobody holds them.
    expect(next).toEqual(['A-002', 'A-003', 'A-004', 'A-005', 'A-006']);
    const answeredOnline = ['A-001', ...next];
    expect(new Set(answeredOnline).size).toBe(answeredOnline.length);
  });
});
