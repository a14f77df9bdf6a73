// Fees on the trends page (issue 16): fees collected per currency and in dirhams per day, charted and in the
// trends CSV, from the projected payments (the same figures as the network page's day).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../../central/db/db';
import { buildCentralApp } from '../../central/http/app';
import { dashboardPlugin } from '../../central/dashboard/plugin';
import { projectPending } from '../../central/db/projections';
import { addCentralUser } from '../../central/db/users';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb, storeSyntheticDay } from './dashboard-helpers';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;
let cookie: string;
const NOW = new Date('2026-11-20T15:00:00Z');

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('trends_fees'));
  // Each synthetic day: one visitor (served) and one approved payment of 80.00 EUR, quoted 860 MAD.
  const day = (postId: string, d: string) =>
    storeSyntheticDay(db, postId, { day: d, at: new Date(`${d}T09:00:00Z`), lastContact: NOW, services: ['passport'] });
  await day('ES-MAD', '2026-11-19'); // (a post's synthetic payments share one id: one day each)
  await day('FR-PAR', '2026-11-20');
  await day('BE-BRU', '2026-11-20');
  await projectPending(db);
  expect((await addCentralUser(db, { name: 'viewer', role: 'viewer', password: 'viewer-password-1', by: { name: 'test', via: 'cli' } })).ok).toBe(true);
  app = await buildCentralApp({ db, version: 'test', now: () => NOW, plugins: [dashboardPlugin({ staleMinutes: 15 })] });
  const login = await app.inject({
    method: 'POST',
    url: '/central/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'name=viewer&password=viewer-password-1&next=/central',
  });
  cookie = String(login.headers['set-cookie']).split(';')[0]!;
});
afterAll(async () => {
  await app?.close();
  await db?.end();
  await tdb?.drop();
});

describe('fees on the trends page', () => {
  it('charts the fees in dirhams per day and lists them per currency and in dirhams', async () => {
    const r = await app.inject({ url: '/central/trends?period=day&lang=fr', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/<svg id="fees-chart"/);
    const row = (day: string) => /<tr[^>]*>(.*?)<\/tr>/g.exec(r.body.slice(r.body.indexOf(`<td>${day}</td>`) - 40))?.[1] ?? '';
    expect(row('2026-11-20')).toMatch(/160[.,]00.*EUR/);
    expect(row('2026-11-20')).toMatch(/1720 MAD/);
    expect(row('2026-11-19')).toMatch(/860 MAD/);
    const one = await app.inject({ url: '/central/trends?period=day&post=BE-BRU', headers: { cookie } });
    expect(one.body).toMatch(/<a id="csv" href="\/central\/trends.csv\?period=day&amp;post=BE-BRU"/);
  });

  it('the trends CSV has a column per currency (minor units) and one in dirhams', async () => {
    const r = await app.inject({ url: '/central/trends.csv?period=day', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const lines = r.body.trim().split('\r\n');
    expect(lines[0]).toBe('period,visitors,served,no_shows,fees_minor_EUR,fees_mad');
    expect(lines).toContain('2026-11-20,2,2,0,16000,1720');
    expect(lines).toContain('2026-11-19,1,1,0,8000,860');
    expect(lines).toContain('2026-11-18,0,0,0,0,0');
    const bru = await app.inject({ url: '/central/trends.csv?period=month&post=BE-BRU', headers: { cookie } });
    expect(bru.body.trim().split('\r\n')).toContain('2026-11-01,1,1,0,8000,860');
  });
});
