// Managing the ministry's users after they were added (issue 16): `kiosk central user role NAME viewer|admin` and
// `kiosk central user password NAME` (the new password from stdin, never an argument) as real processes on
// PostgreSQL, and the same two actions on the admin's users page. The last enabled admin cannot be demoted. Every
// change is logged (who, what, whom, when; never the password) and shown to admins: `kiosk central user log`, the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../../central/db/db';
import { buildCentralApp } from '../../central/http/app';
import { dashboardPlugin } from '../../central/dashboard/plugin';
import { addCentralUser, centralSessionUser, checkCentralLogin, listCentralUsers, openCentralSession } from '../../central/db/users';
import { KIOSK_BIN, ROOT } from '../support/daemon';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb } from './dashboard-helpers';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('users_cli'));
  expect((await addCentralUser(db, { name: 'amina', role: 'admin', password: 'amina-password-1', by: SETUP })).ok).toBe(true);
  expect((await addCentralUser(db, { name: 'karim', role: 'viewer', password: 'karim-password-1', by: SETUP })).ok).toBe(true);
  expect((await addCentralUser(db, { name: 'salma', role: 'viewer', password: 'salma-password-1', by: SETUP })).ok).toBe(true);
  app = await buildCentralApp({ db, version: 'test', plugins: [dashboardPlugin()] });
});
afterAll(async () => {
  await app?.close();
  await db?.end();
  await tdb?.drop();
});

function kiosk(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [KIOSK_BIN, 'central', 'user', ...args], {
    cwd: ROOT,
    env: { ...process.env, KIOSK_CENTRAL_DB: tdb.url },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(stdin);
  return new Promise((res) => child.on('exit', (code) => res({ code, stdout, stderr })));
}

const SETUP = { name: 'setup', via: 'cli' } as const;

const roleOf = async (name: string) => (await listCentralUsers(db)).find((u) => u.name === name)?.role;

async function login(name: string, password: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/central/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ name, password, next: '/central' }).toString(),
  });
  return String(r.headers['set-cookie'] ?? '').split(';')[0]!;
}

describe('kiosk central user role|password (real processes, PostgreSQL)', () => {
  it("changes a user's role; the last admin cannot be made a viewer; an unknown user or role is refused, saying why", async () => {
    const up = await kiosk(['role', 'karim', 'admin']);
    expect(up.stderr).toBe('');
    expect(up).toMatchObject({ code: 0, stdout: 'Central user karim is now admin (was viewer)\n' });
    expect(await roleOf('karim')).toBe('admin');
    expect(await kiosk(['role', 'amina', 'viewer'])).toMatchObject({ code: 0 });
    const last = await kiosk(['role', 'karim', 'viewer']);
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/karim is the last admin.*make another user admin first/);
    expect(await roleOf('karim')).toBe('admin');
    expect(await kiosk(['role', 'nobody', 'admin'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no user named nobody/) });
    expect(await kiosk(['role', 'salma', 'owner'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/give viewer or admin/) });
    expect(await roleOf('salma')).toBe('viewer');
  });

  it("sets a user's password from stdin; the old one stops working and the user's open sessions end", async () => {
    const token = await openCentralSession(db, 'salma', 3_600_000, new Date());
    const r = await kiosk(['password', 'salma'], 'a brand new passphrase\n');
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: 'Central user salma: password changed; their sessions are closed\n' });
    expect(await checkCentralLogin(db, 'salma', 'a brand new passphrase')).toMatchObject({ name: 'salma' });
    expect(await checkCentralLogin(db, 'salma', 'salma-password-1')).toBeNull();
    expect(await centralSessionUser(db, token, new Date())).toBeNull();
    expect(await kiosk(['password', 'salma'], 'short\n')).toMatchObject({ code: 1, stderr: expect.stringMatching(/too short.*at least 10/) });
    expect(await kiosk(['password', 'nobody'], 'a long enough one\n')).toMatchObject({ code: 1, stderr: expect.stringMatching(/no user named nobody/) });
    expect(await checkCentralLogin(db, 'salma', 'a brand new passphrase')).not.toBeNull();
  });

  it("an admin changes a user's role and password on the users page", async () => {
    const cookie = await login('karim', 'karim-password-1');
    const page = await app.inject({ url: '/central/users', headers: { cookie } });
    expect(page.body).toMatch(/action="\/central\/users\/salma\/role"/);
    expect(page.body).toMatch(/action="\/central\/users\/salma\/password"/);
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const role = await app.inject({ method: 'POST', url: '/central/users/salma/role', headers: form, payload: 'role=admin' });
    expect(role.statusCode).toBe(303);
    expect(await roleOf('salma')).toBe('admin');
    const pw = await app.inject({ method: 'POST', url: '/central/users/amina/password', headers: form, payload: 'password=amina+new+passphrase' });
    expect(pw.statusCode).toBe(303);
    expect(await checkCentralLogin(db, 'amina', 'amina new passphrase')).not.toBeNull();
    const short = await app.inject({ method: 'POST', url: '/central/users/amina/password', headers: form, payload: 'password=short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toMatch(/too short/);
    // A viewer cannot.
    const viewer = await login('amina', 'amina new passphrase');
    const refused = await app.inject({ method: 'POST', url: '/central/users/salma/role', headers: { ...form, cookie: viewer }, payload: 'role=viewer' });
    expect(refused.statusCode).toBe(403);
    expect(await roleOf('salma')).toBe('admin');
  });
});

describe('the log of user changes', () => {
  type Change = { at: string; by: string; via: string; action: string; user: string; from: string | null; to: string | null };
  const log = async (): Promise<Change[]> => {
    const r = await kiosk(['log', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Change[];
  };
  /** Every stored column of every logged change, as text: neither a password nor a hash may be in it. */
  const stored = async () => JSON.stringify((await db.query('SELECT * FROM central_user_changes')).rows);

  it('records who added a user, changed a role and set a password on the command line, newest first, never the password', async () => {
    const before = Date.now() - 1000;
    const os = userInfo().username;
    expect(await kiosk(['add', '--name', 'rachid', '--role', 'viewer'], 'rachid secret phrase\n')).toMatchObject({ code: 0 });
    expect(await kiosk(['role', 'rachid', 'admin'])).toMatchObject({ code: 0 });
    expect(await kiosk(['password', 'rachid'], 'rachid other phrase\n')).toMatchObject({ code: 0 });
    // Refused changes change nothing and are not logged.
    expect(await kiosk(['role', 'rachid', 'owner'])).toMatchObject({ code: 1 });
    const mine = (await log()).filter((c) => c.user === 'rachid');
    expect(mine.map(({ at: _at, ...c }) => c)).toEqual([
      { by: os, via: 'cli', action: 'password', user: 'rachid', from: null, to: null },
      { by: os, via: 'cli', action: 'role', user: 'rachid', from: 'viewer', to: 'admin' },
      { by: os, via: 'cli', action: 'added', user: 'rachid', from: null, to: 'viewer' },
    ]);
    for (const c of mine) expect(Date.parse(c.at)).toBeGreaterThan(before);
    const text = await kiosk(['log']);
    expect(text.stdout).toMatch(new RegExp(`${os} \\(cli\\) +rachid +role viewer → admin`));
    const all = (await stored()) + text.stdout;
    expect(all).not.toMatch(/secret phrase|other phrase|scrypt/);
  });

  it("records an admin's changes on the users page and shows them to admins there, newest first, in French and Arabic; not to viewers", async () => {
    expect((await addCentralUser(db, { name: 'hafsa', role: 'admin', password: 'hafsa-password-1', by: SETUP })).ok).toBe(true);
    expect((await addCentralUser(db, { name: 'idriss', role: 'viewer', password: 'idriss-password-1', by: SETUP })).ok).toBe(true);
    const cookie = await login('hafsa', 'hafsa-password-1');
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const post = async (url: string, payload: string) => expect((await app.inject({ method: 'POST', url, headers: form, payload })).statusCode).toBe(303);
    await post('/central/users', 'name=youssef&role=viewer&password=youssef-password-1');
    await post('/central/users/youssef/role', 'role=admin');
    await post('/central/users/youssef/password', 'password=youssef+passphrase+2');
    await post('/central/users/youssef/disable', '');
    expect((await log()).slice(0, 4).map(({ at: _at, ...c }) => c)).toEqual([
      { by: 'hafsa', via: 'pages', action: 'disabled', user: 'youssef', from: null, to: null },
      { by: 'hafsa', via: 'pages', action: 'password', user: 'youssef', from: null, to: null },
      { by: 'hafsa', via: 'pages', action: 'role', user: 'youssef', from: 'viewer', to: 'admin' },
      { by: 'hafsa', via: 'pages', action: 'added', user: 'youssef', from: null, to: 'viewer' },
    ]);
    expect(await stored()).not.toMatch(/youssef-password|passphrase|scrypt/);

    const fr = await app.inject({ url: '/central/users?lang=fr', headers: { cookie } });
    expect(fr.statusCode).toBe(200);
    const rows = [...fr.body.matchAll(/<tr data-change="(\d+)">(.*?)<\/tr>/g)];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const ids = rows.map((r) => Number(r[1]));
    expect(ids, 'newest first').toEqual([...ids].sort((a, b) => b - a));
    expect(rows[0]![2]).toMatch(/hafsa.*youssef.*désactivé/);
    expect(rows[2]![2]).toMatch(/hafsa.*youssef.*rôle : lecteur → administrateur/);
    expect(fr.body).toContain('Modifications des utilisateurs');
    const ar = await app.inject({ url: '/central/users?lang=ar', headers: { cookie } });
    expect(ar.body).toContain('تعديلات المستخدمين');
    expect(ar.body).toMatch(/youssef.*الدور من مطّلع إلى مسؤول/);

    const viewer = await login('idriss', 'idriss-password-1');
    const refused = await app.inject({ url: '/central/users', headers: { cookie: viewer } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('youssef');
  });
});
