// Issue 15: a hub and three kiosk daemons on loopback, each with its own data dir and simulated devices;
// 3 × 200 visits at once (walk-ins for a passport, and appointment QR codes): numbers unique and gap-free
// per prefix, every ticket at the hub exactly once, every kiosk's journal shipped, and the hub's counter
// calls the passport tickets of all kiosks in arrival order.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVisits, screenWatcher, visit, visitTokens } from '../../bench/visit-driver';
import { tempDir } from '../support/tmp';
import { startHub, startPostKiosk, type Hub } from './rig';
import type { RunningDaemon } from '../../server/daemon';

const VISITS = Number(process.env.POST_VISITS ?? 200);
const KIOSKS = ['K1', 'K2', 'K3'];

let hub: Hub;
const kiosks: RunningDaemon[] = [];
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('post-volume-');
  cleanup = t.cleanup;
  hub = await startHub(join(t.dir, 'hub'));
  for (const id of KIOSKS) kiosks.push(await startPostKiosk(hub, id, join(t.dir, id)));
}, 120_000);
afterAll(async () => {
  for (const k of kiosks) await k.close();
  await hub?.stop();
  cleanup();
});

async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface HubTicket {
  id: string;
  label: string;
  prefix: string;
  number: number;
  series: string;
  offline: number;
  state: string;
  service: string;
  arrived_at: string;
}

describe('a post: one hub, three kiosks', () => {
  it(`${KIOSKS.length} × ${VISITS} visits at once: one numbering for the post, every ticket at the hub once, every journal shipped`, async () => {
    const tokens = await visitTokens(VISITS * KIOSKS.length);
    await Promise.all(
      kiosks.map(async (k, i) => {
        const step = screenWatcher(k);
        for (let v = 0; v < VISITS; v++) await visit(step, v % 4 === 1 ? tokens[(i * VISITS + v) >> 1]! : null);
      }),
    );
    for (const [i, k] of kiosks.entries()) checkVisits(k, VISITS, KIOSKS[i]!);

    // Every kiosk's tickets, as its own journal knows them, and nothing waiting to upload or ship.
    const parts = kiosks.map((k) => k.ctx as unknown as { db: RunningDaemon['ctx']['db'] });
    const local = parts.map((p) =>
      (p.db.prepare("SELECT subject FROM events WHERE kind = 'checkin.ticket-issued'").all() as { subject: string }[]).map((r) => r.subject),
    );
    expect(local.flat()).toHaveLength(VISITS * KIOSKS.length);
    const heads = parts.map((p) => (p.db.prepare('SELECT max(id) AS id FROM events').get() as { id: number }).id);
    await until('every kiosk journal shipped to the hub', () =>
      hub.read((db) =>
        KIOSKS.every((id, i) => {
          const row = db.prepare('SELECT last_id FROM post_kiosk_heads WHERE kiosk_id = ?').get(id) as { last_id: number } | undefined;
          return (row?.last_id ?? 0) >= heads[i]!;
        }),
      ),
    );

    const tickets = hub.read((db) => db.prepare("SELECT * FROM queue_tickets WHERE state <> 'expired'").all() as HubTicket[]);
    // Every ticket at the hub exactly once, and the hub has no ticket no kiosk gave out.
    expect(tickets.map((t) => t.id).sort()).toEqual(local.flat().sort());
    expect(new Set(tickets.map((t) => t.label)).size).toBe(tickets.length);
    // All online here (the hub answered): per prefix the numbers are 1..n without a gap.
    expect(tickets.filter((t) => t.offline || t.series !== '')).toEqual([]);
    for (const prefix of new Set(tickets.map((t) => t.prefix))) {
      const numbers = tickets
        .filter((t) => t.prefix === prefix)
        .map((t) => t.number)
        .sort((a, b) => a - b);
      expect(numbers, prefix).toEqual(numbers.map((_, i) => i + 1));
    }

    // Counter 3 (passport) at the hub calls the walk-ins of all three kiosks in arrival order.
    const login = await hub.fetch('POST', '/api/auth/login', { body: { counter: '3', pin: '2222', user: 'yusuf' } });
    expect(login.status).toBe(200);
    const passport = tickets.filter((t) => t.service === 'passport').sort((a, b) => a.arrived_at.localeCompare(b.arrived_at) || a.id.localeCompare(b.id));
    const called: string[] = [];
    for (let n = 0; n < 12; n++) {
      const r = await hub.fetch('POST', '/api/queue/counter/call-next', { body: {}, cookie: login.cookie! });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      called.push((r.body as { current: { id: string } }).current.id);
      expect((await hub.fetch('POST', '/api/queue/counter/finish', { body: {}, cookie: login.cookie! })).status).toBe(200);
    }
    expect(called).toEqual(passport.slice(0, 12).map((t) => t.id));
  }, 600_000);
});
