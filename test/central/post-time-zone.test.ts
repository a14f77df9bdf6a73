// A post's time zone is known centrally (issue 16): the post sends its configured zone when it joins (and again
// through POST /api/central/status when it changes), so the network page's "today" is the post's own day. A post in
// Auckland whose visitors came just after its local midnight shows them as today while UTC's date is still yesterday.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../../central/db/db';
import { buildCentralApp } from '../../central/http/app';
import { centralJoinRoutes } from '../../central/http/join';
import { dashboardPlugin } from '../../central/dashboard/plugin';
import { addEnrolmentCode } from '../../central/db/enrolment';
import { projectPending } from '../../central/db/projections';
import { addCentralUser } from '../../central/db/users';
import { newEnrolmentCode, secretHash } from '../../shared/enrolment-code';
import { joinCentral } from '../../server/central/join';
import { loadCentralLink } from '../../server/central/link-file';
import { createCentralLink } from '../../server/central/link';
import { startCentralParts } from '../../server/central/post-parts';
import { openJournal } from '../../store/db';
import pino from 'pino';
import { tempDir } from '../support/tmp';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb, storeSyntheticDay } from './dashboard-helpers';

// 00:30 on 3 December in Auckland (NZDT, UTC+13); still 2 December in UTC.
const NOW = new Date('2026-12-02T11:30:00Z');
const AUCKLAND_DAY = '2026-12-03';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;
let url: string;
let t: { dir: string; cleanup: () => void };

beforeAll(async () => {
  t = tempDir('central-tz-');
  ({ tdb, db } = await centralTestDb('post_tz'));
  expect((await addCentralUser(db, { name: 'viewer', role: 'viewer', password: 'viewer-password-1', by: { name: 'test', via: 'cli' } })).ok).toBe(true);
  app = await buildCentralApp({ db, version: 'test', now: () => NOW, plugins: [centralJoinRoutes(), dashboardPlugin({ staleMinutes: 15 })] });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  await db?.end();
  await tdb?.drop();
  t?.cleanup();
});

async function enrol(postId: string): Promise<string> {
  const { text, code } = newEnrolmentCode(Buffer.alloc(32));
  await addEnrolmentCode(db, { postId, secretHash: secretHash(code.secret), expiresAt: new Date(NOW.getTime() + 3_600_000), at: NOW });
  return text;
}

async function networkRow(postId: string): Promise<string> {
  const login = await app.inject({
    method: 'POST',
    url: '/central/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'name=viewer&password=viewer-password-1&next=/central',
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const page = await app.inject({ url: '/central?lang=fr', headers: { cookie } });
  expect(page.statusCode).toBe(200);
  const row = new RegExp(`<tr data-post="${postId}"[^>]*>(.*?)</tr>`).exec(page.body);
  expect(row, `the network page has a row for ${postId}`).not.toBeNull();
  return row![1]!;
}

const cells = (row: string) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());

describe("a post's time zone, known centrally", () => {
  it("a post in Auckland sends its zone when it joins; its visits just after local midnight are today's on /central", async () => {
    const joined = await joinCentral({
      url,
      code: await enrol('NZ-AKL'),
      postId: 'NZ-AKL',
      timeZone: 'Pacific/Auckland',
      dataDir: t.dir,
      insecureHttp: true,
    });
    expect(joined).toMatchObject({ ok: true, postId: 'NZ-AKL' });
    expect((await db.query('SELECT time_zone FROM posts WHERE post_id = $1', ['NZ-AKL'])).rows[0].time_zone).toBe('Pacific/Auckland');
    // Two visitors at 00:05 and 00:06 Auckland time (11:05Z and 11:06Z on the UTC date before).
    await storeSyntheticDay(db, 'NZ-AKL', { day: AUCKLAND_DAY, at: new Date('2026-12-02T11:05:00Z'), lastContact: NOW, services: ['passport', 'cnie'] });
    await projectPending(db);
    const [, day, visitors] = cells(await networkRow('NZ-AKL'));
    expect(day).toBe(AUCKLAND_DAY);
    expect(visitors).toBe('2');
  });

  it('a post that changes its zone says so (POST /api/central/status); an unknown zone is refused with the reason', async () => {
    const link = loadCentralLink(t.dir);
    if (!link.ok) throw new Error(link.detail);
    const client = createCentralLink(link.options);
    try {
      const bad = await client.request('POST', '/api/central/status', { timeZone: 'Mars/Olympus' });
      expect(bad).toMatchObject({ ok: false });
      expect(JSON.stringify(bad)).toMatch(/Mars\/Olympus/);
      expect(await client.request('POST', '/api/central/status', { timeZone: 'America/Los_Angeles' })).toMatchObject({ ok: true });
    } finally {
      client.close();
    }
    expect((await db.query('SELECT time_zone FROM posts WHERE post_id = $1', ['NZ-AKL'])).rows[0].time_zone).toBe('America/Los_Angeles');
    // 03:30 on 2 December in Los Angeles: the Auckland-dated visits are no longer "today".
    const [, day, visitors] = cells(await networkRow('NZ-AKL'));
    expect(day).toBe('2026-12-02');
    expect(visitors).toBe('0');
  });

  it("a post started with another zone in its config tells the central service at start (the daemon's central parts)", async () => {
    await db.query("UPDATE posts SET time_zone = 'Pacific/Auckland' WHERE post_id = $1", ['NZ-AKL']);
    const journal = openJournal(`${t.dir}/journal.db`);
    const c = startCentralParts({ dataDir: t.dir, db: journal, role: 'standalone', log: pino({ level: 'silent' }), timeZone: 'Europe/Paris' });
    if (!c.ok) throw new Error(c.detail);
    try {
      await expect
        .poll(async () => (await db.query('SELECT time_zone FROM posts WHERE post_id = $1', ['NZ-AKL'])).rows[0].time_zone, { timeout: 20_000 })
        .toBe('Europe/Paris');
    } finally {
      await c.parts.close();
      journal.close();
    }
  });
});
