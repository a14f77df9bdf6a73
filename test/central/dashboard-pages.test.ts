// The ministry's pages over HTTP (issue 16): login and roles, the network table (a stale post flagged), Arabic
// and French, drill-down, CSV, users managed by an admin, the users command, and the network query's index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../../central/db/db';
import { buildCentralApp } from '../../central/http/app';
import { dashboardPlugin } from '../../central/dashboard/plugin';
import { projectPending } from '../../central/db/projections';
import { NETWORK_TICKETS_SQL } from '../../central/db/dashboard';
import { addCentralUser, checkCentralLogin } from '../../central/db/users';
import { registerCentralUsers } from '../../server/commands/central-users';
import { tempDir } from '../support/tmp';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb, storeSyntheticDay } from './dashboard-helpers';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;
const NOW = new Date('2026-11-20T15:00:00Z');
const DAY = '2026-11-20';

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('dash_pages'));
  await storeSyntheticDay(db, 'FR-PAR', {
    day: DAY,
    at: new Date('2026-11-20T09:00:00Z'),
    lastContact: new Date('2026-11-20T14:58:00Z'),
    services: ['passport', 'cnie'],
  });
  await storeSyntheticDay(db, 'BE-BRU', { day: DAY, at: new Date('2026-11-20T09:00:00Z'), lastContact: new Date('2026-11-20T14:00:00Z'), services: ['cnie'] });
  await projectPending(db);
  expect((await addCentralUser(db, { name: 'viewer', role: 'viewer', password: 'viewer-password-1', by: { name: 'test', via: 'cli' } })).ok).toBe(true);
  expect((await addCentralUser(db, { name: 'admin', role: 'admin', password: 'admin-password-1', by: { name: 'test', via: 'cli' } })).ok).toBe(true);
  app = await buildCentralApp({ db, version: 'test', now: () => NOW, plugins: [dashboardPlugin({ staleMinutes: 15 })] });
});
afterAll(async () => {
  await app?.close();
  await db?.end();
  await tdb?.drop();
});

async function login(name: string, password: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/central/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ name, password, next: '/central' }).toString(),
  });
  expect(r.statusCode).toBe(303);
  const set = String(r.headers['set-cookie'] ?? '');
  expect(set, 'a signed-in user gets the session cookie').toMatch(/^central_session=/);
  expect(set).toMatch(/HttpOnly/);
  expect(set).toMatch(/SameSite=Strict/);
  return set.split(';')[0]!;
}

describe('the network dashboard', () => {
  it('asks for a login; a wrong password is refused without saying which part was wrong', async () => {
    const r = await app.inject({ url: '/central' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toMatch(/^\/central\/login\?next=/);
    const bad = await app.inject({
      method: 'POST',
      url: '/central/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=viewer&password=wrong-password',
    });
    expect(bad.headers.location).toMatch(/failed=1/);
    expect(bad.headers['set-cookie']).toBeUndefined();
    expect(await checkCentralLogin(db, 'nobody', 'viewer-password-1')).toBeNull();
  });

  it("shows every post's day to a viewer, flags the post silent for more than 15 minutes, in French and in Arabic", async () => {
    const cookie = await login('viewer', 'viewer-password-1');
    const fr = await app.inject({ url: `/central?day=${DAY}&lang=fr`, headers: { cookie } });
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toMatch(/<html lang="fr" dir="ltr">/);
    expect(fr.body).toContain('Visiteurs');
    const row = (post: string, body: string) => new RegExp(`<tr data-post="${post}"[^>]*>(.*?)</tr>`).exec(body)?.[0] ?? '';
    expect(row('BE-BRU', fr.body)).toMatch(/class="stale"/);
    expect(row('BE-BRU', fr.body)).toContain('Sans nouvelles');
    expect(row('FR-PAR', fr.body)).not.toMatch(/stale/);
    // FR-PAR: 2 visitors, 1 served, 1 waiting, 80.00 EUR = 860 MAD, printer out of paper.
    expect(row('FR-PAR', fr.body)).toMatch(/<td class="n">2<\/td><td class="n">1<\/td>/);
    expect(row('FR-PAR', fr.body)).toContain('80.00 EUR');
    expect(row('FR-PAR', fr.body)).toContain('860 MAD');
    expect(row('FR-PAR', fr.body)).toContain('post/printer: paper-out');
    const ar = await app.inject({ url: `/central?day=${DAY}&lang=ar`, headers: { cookie } });
    expect(ar.body).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar.body).toContain('الزوار');
    expect(row('BE-BRU', ar.body)).toContain('لا أخبار');
    // The choice is remembered.
    expect(String(ar.headers['set-cookie'])).toMatch(/central_lang=ar/);
    const users = await app.inject({ url: '/central/users', headers: { cookie } });
    expect(users.statusCode).toBe(403);
  });

  it('drills down per service and exports the network and the post as CSV', async () => {
    const cookie = await login('viewer', 'viewer-password-1');
    const post = await app.inject({ url: `/central/posts/FR-PAR?day=${DAY}`, headers: { cookie } });
    expect(post.statusCode).toBe(200);
    expect(post.body).toMatch(/<tr data-service="cnie">.*?<td class="n">1<\/td>/);
    expect(post.body).toMatch(/<tr data-service="passport">/);
    const csv = await app.inject({ url: `/central/network.csv?day=${DAY}`, headers: { cookie } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'post,day,visitors,persons,waiting,longest_wait_minutes,served,no_shows,fees_minor_EUR,fees_mad,' +
        'day_close,differences,devices_in_fault,last_contact,lag,stale',
    );
    expect(lines.find((l) => l.startsWith('BE-BRU'))).toMatch(/,yes$/);
    expect(lines.find((l) => l.startsWith('FR-PAR'))).toMatch(/^FR-PAR,2026-11-20,2,2,1,/);
    const drill = await app.inject({ url: `/central/posts/FR-PAR/export.csv?day=${DAY}`, headers: { cookie } });
    expect(drill.body).toContain('FR-PAR,2026-11-20,fees,passport,,,,,,,EUR,8000,860');
    const missing = await app.inject({ url: '/central/posts/XX-XXX', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
  });

  it('draws the trends chart by day, week and month', async () => {
    const cookie = await login('viewer', 'viewer-password-1');
    for (const period of ['day', 'week', 'month']) {
      const r = await app.inject({ url: `/central/trends?period=${period}`, headers: { cookie } });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('<svg id="trend-chart"');
    }
    const month = await app.inject({ url: '/central/trends?period=month', headers: { cookie } });
    expect(month.body).toMatch(/<td>2026-11-01<\/td><td class="n">3<\/td><td class="n">2<\/td>/);
  });

  it('lets an admin add and disable users; a disabled user is signed out', async () => {
    const admin = await login('admin', 'admin-password-1');
    const add = await app.inject({
      method: 'POST',
      url: '/central/users',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=amal.b&role=viewer&password=amal-password-9',
    });
    expect(add.statusCode).toBe(303);
    const amal = await login('amal.b', 'amal-password-9');
    expect((await app.inject({ url: '/central', headers: { cookie: amal } })).statusCode).toBe(200);
    const short = await app.inject({
      method: 'POST',
      url: '/central/users',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=omar&role=viewer&password=short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('too short');
    await app.inject({ method: 'POST', url: '/central/users/amal.b/disable', headers: { cookie: admin } });
    expect((await app.inject({ url: '/central', headers: { cookie: amal } })).statusCode).toBe(303);
  });

  it('kiosk central user add reads the password from a file, never from the command line', async () => {
    const t = tempDir('central-user-');
    try {
      writeFileSync(join(t.dir, 'pw'), 'file-password-1\n');
      const program = new Command().exitOverride();
      registerCentralUsers(program.command('central'));
      await program.parseAsync(['central', 'user', 'add', '--name', 'nadia', '--role', 'admin', '--password-file', join(t.dir, 'pw'), '--db', tdb.url], {
        from: 'user',
      });
      expect(await checkCentralLogin(db, 'nadia', 'file-password-1')).toMatchObject({ name: 'nadia', role: 'admin' });
    } finally {
      t.cleanup();
    }
  });

  it('the network query reads the tickets through the (business_day, post_id) index', async () => {
    // A year of 60 posts, so the planner's choice is the one the full network would get.
    await db.query(`
      INSERT INTO proj_tickets (post_id, origin, ticket_id, business_day, service, persons, issued_at, state, state_at)
      SELECT 'P' || p, 'post', 'T' || p || '/' || d || '/' || n, DATE '2026-01-01' + d, 'passport', 1, now(), 'finished', now()
      FROM generate_series(1, 60) p, generate_series(0, 364) d, generate_series(1, 10) n`);
    await db.query('ANALYZE proj_tickets');
    const ids = ['FR-PAR', 'BE-BRU', ...Array.from({ length: 58 }, (_, i) => `P${i + 1}`)];
    const plan = await db.query(`EXPLAIN ${NETWORK_TICKETS_SQL}`, [ids, ids.map(() => DAY), NOW]);
    const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan using proj_tickets_day/);
    expect(text).not.toMatch(/Seq Scan on proj_tickets/);
  });
});
