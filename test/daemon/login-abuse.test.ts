// POST /api/auth/login under attack, over HTTP against the real daemon: bounded input, bounded journal,
// guesses limited per address whatever the user name, and one answer for every wrong PIN.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let dir: { dir: string; cleanup: () => void };

// A fresh daemon per test: the limits under test are per address, and every request here comes from 127.0.0.1.
beforeEach(async () => {
  dir = tempDir();
  daemon = await startTestDaemon(dir.dir);
});
afterEach(async () => {
  await daemon.close();
  dir.cleanup();
});

const login = (body: unknown) =>
  fetch(`${daemon.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const journalBytes = () =>
  ['journal.sqlite', 'journal.sqlite-wal'].reduce((n, f) => {
    try {
      return n + statSync(join(dir.dir, f)).size;
    } catch {
      return n;
    }
  }, 0);
const events = (kind: string) => (daemon.ctx.db.prepare('SELECT count(*) AS n FROM events WHERE kind = ?').get(kind) as { n: number }).n;

/** Sends `n` requests, `parallel` at a time; returns the count of each status. */
async function flood(n: number, parallel: number, body: (i: number) => unknown): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const res = await login(body(next++));
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

describe('sign-in under attack', () => {
  it('600 sign-ins with 60 KB user names leave the journal almost as it was', async () => {
    const bytes = journalBytes();
    const refused = events('auth.refused');
    const big = 'x'.repeat(60 * 1024);
    const statuses = await flood(600, 8, (i) => ({ user: `${i}${big}`, pin: '0000' }));
    expect(statuses[200]).toBeUndefined();
    expect(events('auth.refused') - refused).toBeLessThanOrEqual(2);
    expect(journalBytes() - bytes).toBeLessThan(256 * 1024);
  }, 120_000);

  it('600 wrong PINs with rotating short user names: a bounded, aggregated journal', async () => {
    const refused = events('auth.refused');
    const statuses = await flood(600, 8, (i) => ({ user: `user${i}`, pin: String(1000 + (i % 9000)) }));
    expect(statuses[200]).toBeUndefined();
    expect(events('auth.refused') - refused).toBeLessThanOrEqual(2);
    const last = daemon.ctx.db.prepare("SELECT payload FROM events WHERE kind = 'auth.refused' ORDER BY id DESC LIMIT 1").get() as { payload: string };
    expect(last.payload.length).toBeLessThan(1024);
  }, 120_000);

  it('the 6th wrong guess in a minute from one address is refused, whatever the user name', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await login({ user: `guess${i}`, pin: '0000' });
      expect(res.status).toBe(401);
    }
    // Even the technician's right PIN: the address has had its 5 guesses this minute.
    const res = await login({ pin: '4444' });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { reason: string }).reason).toBe('locked');
  });

  it('a right staff PIN without a counter is answered exactly like a wrong PIN', async () => {
    const wrong = await login({ pin: '9999' });
    const rightNoCounter = await login({ pin: '1111' }); // amina's PIN; staff sign in at a counter
    expect(rightNoCounter.status).toBe(wrong.status);
    expect(await rightNoCounter.text()).toBe(await wrong.text());
    const rightUserNoCounter = await login({ user: 'amina', pin: '1111' });
    const wrongUserNoCounter = await login({ user: 'amina', pin: '9999' });
    expect(rightUserNoCounter.status).toBe(wrongUserNoCounter.status);
    expect(await rightUserNoCounter.text()).toBe(await wrongUserNoCounter.text());
  });
});
