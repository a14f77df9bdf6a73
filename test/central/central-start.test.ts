import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runCentral } from '../support/central';
import { loadCentralMigrations } from '../../central/db/migrations';
import { runKiosk } from '../support/daemon';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('start');
});
afterAll(async () => {
  await tdb?.drop();
});

describe('kiosk central start (a real process on a real PostgreSQL)', () => {
  it('migrates an empty database, serves its health, stops on SIGTERM', async () => {
    const central = runCentral(tdb.url);
    const url = await central.ready;
    const health = await (await fetch(`${url}/api/central/health`)).json();
    expect(health).toMatchObject({ ok: true, service: 'central', schema: loadCentralMigrations().length });
    central.child.kill('SIGTERM');
    expect(await central.exited).toBe(0);
    const again = runKiosk(['central', 'migrate', '--db', tdb.url]);
    expect(await again.exited).toBe(0);
    expect(again.stdout()).toContain(`already at version ${loadCentralMigrations().length}`);
  });

  it('a wrong password, a missing --db and a bad --listen are said plainly (exit 1)', async () => {
    const u = new URL(tdb.url);
    u.password = 'wrong';
    const bad = runCentral(u.toString());
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/refused the connection .*check the user, password/);
    expect(bad.stderr()).not.toContain('kiosk_test:kiosk_test');
    const none = runKiosk(['central', 'start'], { KIOSK_CENTRAL_DB: '' });
    expect(await none.exited).toBe(1);
    expect(none.stderr()).toMatch(/give the database with --db/);
    const listen = runKiosk(['central', 'start', '--db', tdb.url, '--listen', 'nowhere']);
    expect(await listen.exited).toBe(1);
    expect(listen.stderr()).toMatch(/--listen nowhere: give HOST:PORT/);
  });
});
