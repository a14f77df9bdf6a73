// The README's network set-up end to end (issue 16): `kiosk central init|start|enrol` at the ministry, `kiosk central
// join` and `kiosk start` at two posts, visitors paying at both; the central figures (projected from the shipped
// journals) equal each post's own report exactly.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { networkDay } from '../../central/db/dashboard';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { CENTRAL_READY } from '../support/central';
import { ROOT, runKiosk, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';

const POSTS = ['FR-PAR', 'FR-LYO'] as const;
type PostId = (typeof POSTS)[number];
const FAST = { KIOSK_CENTRAL_HEARTBEAT_MS: '300', KIOSK_CENTRAL_POLL_MS: '100', KIOSK_CENTRAL_MAX_BACKOFF_MS: '400' };

let tdb: TestDatabase;
let db: CentralDb;
let t: { dir: string; cleanup: () => void };
let central: KioskProcess;
const posts = new Map<PostId, { k: KioskProcess; url: string }>();

async function until<T>(what: string, ms: number, f: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function kiosk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const p = runKiosk(args, { KIOSK_CENTRAL_DB: tdb.url, KIOSK_CENTRAL_DATA: join(t.dir, 'central'), ...env });
  const code = await p.exited;
  if (code !== 0) throw new Error(`kiosk ${args.join(' ')} exited ${code}: ${p.stderr()}`);
  return p.stdout();
}

const act = (url: string, body: object) =>
  fetch(`${url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const screen = async (url: string) => ((await (await fetch(`${url}/api/checkin`)).json()) as { screen: string }).screen;
/** The summary with Pay offered: the terminal answered its last status check (issue 17 part 4). */
const payOffered = async (url: string) => {
  const v = (await (await fetch(`${url}/api/checkin`)).json()) as { screen: string; terminal?: { ready: boolean | null } };
  return v.screen.startsWith('summary') && v.terminal?.ready === true;
};

async function visit(url: string, service: string) {
  await until('attract', 20_000, async () => ((await screen(url)).startsWith('attract') ? true : undefined));
  await act(url, { type: 'TOUCH' });
  await act(url, { type: 'SELECT_LANGUAGE', language: 'fr' });
  await act(url, { type: 'WALK_IN' });
  await act(url, { type: 'SELECT_SERVICE', service });
  await until('summary with Pay offered', 45_000, async () => ((await payOffered(url)) ? true : undefined));
  await act(url, { type: 'CONFIRM' });
  await until('done', 30_000, async () => (/^done/.test(await screen(url)) ? true : undefined));
  await act(url, { type: 'TOUCH' });
}

/** The supervisor's own figures for today, from the post's report API. */
async function ownReport(url: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'sofia', pin: '3333', app: 'reports' }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  // The business day in the post's time zone (the Paris sample's).
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const get = async (path: string) => (await fetch(`${url}${path}`, { headers: { cookie } })).json();
  const postDay = (await get(`/api/reports/post-day?day=${day}`)) as {
    day: string;
    totals: Array<{ currency: string; payments: number; totalMinor: number }>;
  };
  const stats = (await get(`/api/reports/stats?from=${postDay.day}&to=${postDay.day}`)) as {
    stats: { visitors: { total: { tickets: number; persons: number } } };
  };
  if (!stats.stats) throw new Error(`stats: ${JSON.stringify(stats)} post-day: ${JSON.stringify(postDay).slice(0, 300)}`);
  return { day: postDay.day, totals: postDay.totals, visitors: stats.stats.visitors.total };
}

beforeAll(async () => {
  t = tempDir('central-network-');
  tdb = await createTestDatabase('network');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
  await kiosk(['central', 'init', '--data', join(t.dir, 'central')]);
  central = runKiosk(['central', 'start', '--db', tdb.url, '--data', join(t.dir, 'central'), '--listen', '127.0.0.1:0'], {}, { ready: CENTRAL_READY });
  const centralUrl = await central.ready;
  expect(centralUrl).toMatch(/^https:/);
  const paris = JSON.parse(readFileSync(join(ROOT, 'fixtures/config/paris.json'), 'utf8')) as { consulate: Record<string, unknown> };
  for (const id of POSTS) {
    const code = /((?:[0-9A-Z]{5}-){7}[0-9A-Z]{5})/.exec(await kiosk(['central', 'enrol', '--post', id]))![1]!;
    const config = join(t.dir, `${id}.json`);
    const data = join(t.dir, id);
    writeFileSync(
      config,
      JSON.stringify({ ...paris, dataDir: data, consulate: { ...paris.consulate, code: id }, log: { level: 'warn', maxSize: '10m', keep: 2 } }),
    );
    await kiosk(['central', 'join', '--url', centralUrl, '--code', code, '-c', config]);
    const k = runKiosk(['start', '--config', config, '--port', '0'], FAST);
    posts.set(id, { k, url: await k.ready });
  }
}, 180_000);

afterAll(async () => {
  for (const p of posts.values()) {
    p.k.child.kill('SIGTERM');
    await p.k.exited;
  }
  if (central) {
    central.child.kill('SIGTERM');
    await central.exited;
  }
  await db?.end();
  await tdb?.drop();
  t?.cleanup();
});

describe('the consular network: two posts and the central service (real processes, HTTPS, PostgreSQL)', () => {
  it("the central totals equal each post's own report exactly", async () => {
    const par = posts.get('FR-PAR')!.url;
    const lyo = posts.get('FR-LYO')!.url;
    await Promise.all([visit(par, 'passport'), visit(lyo, 'cnie')]);
    await Promise.all([visit(par, 'cnie'), visit(lyo, 'cnie')]);
    await visit(par, 'registration');
    for (const id of POSTS) {
      const own = await ownReport(posts.get(id)!.url);
      expect(own.visitors.tickets).toBe(id === 'FR-PAR' ? 3 : 2);
      const row = await until(`${id} at the central service`, 60_000, async () => {
        const r = (await networkDay(db, { now: new Date(), day: own.day, postId: id })).posts.find((p) => p.postId === id);
        return r && r.visitors === own.visitors.tickets && r.lag === 0 ? r : undefined;
      });
      expect({ visitors: row.visitors, persons: row.persons }).toEqual({ visitors: own.visitors.tickets, persons: own.visitors.persons });
      expect(row.fees.map((f) => ({ currency: f.currency, payments: f.payments, totalMinor: f.totalMinor }))).toEqual(own.totals);
      expect(row.stale).toBe(false);
    }
  }, 240_000);
});
