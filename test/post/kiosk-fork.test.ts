// Issue 15, item 4: a kiosk PC restored from its own backup journals other events under ids the hub already
// holds: the hub refuses the fork and shows it. A supervisor's `kiosk hub accept-fork` (the real CLI, on the hub's
// data dir while the hub runs) takes the kiosk's journal as it is now: shipping resumes, and the events the hub
// had received from the fork point on are kept (archived as K2~fork1), so both stories stay at the hub.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenWatcher, startVisitDaemon, visit } from '../../bench/visit-driver';
import { runKiosk } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { backupJournal } from '../../server/backup/backup';
import { restoreJournal } from '../../server/backup/restore';
import { drained, startHub, startPostKiosk, until, type Hub } from './rig';
import type { RunningDaemon } from '../../server/daemon';
import type { KioskLink } from '../../shared/post-events-api';

const QUIET = { log: { level: 'error' as const, maxSize: '10m', keep: 2 } };

let hub: Hub;
let dir: string;
let k2: RunningDaemon | null = null;
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('post-fork-');
  cleanup = t.cleanup;
  dir = t.dir;
  hub = await startHub(join(dir, 'hub'));
}, 120_000);
afterAll(async () => {
  await k2?.close();
  await hub?.stop();
  cleanup();
});

const overrides = { role: 'kiosk' as const, kioskId: 'K2', ...QUIET };
const heldAtHub = (kioskId: string) =>
  hub.read((db) => db.prepare('SELECT id, hash FROM post_received_events WHERE kiosk_id = ? ORDER BY id').all(kioskId) as { id: number; hash: string }[]);
const journal = (d: RunningDaemon) => d.ctx.db.prepare('SELECT id, hash FROM events ORDER BY id').all() as { id: number; hash: string }[];

async function kioskLink(): Promise<KioskLink> {
  const login = await hub.fetch('POST', '/api/auth/login', { body: { user: 'sofia', pin: '3333' } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const r = await hub.fetch('GET', '/api/post/kiosks', { cookie: login.cookie! });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { kiosks: KioskLink[] }).kiosks.find((k) => k.kioskId === 'K2')!;
}

describe("a kiosk's forked chain", () => {
  it('is refused and shown; after `kiosk hub accept-fork` shipping resumes and both the old and the new events are kept', async () => {
    const kdir = join(dir, 'K2');
    k2 = await startPostKiosk(hub, 'K2', kdir, { answerWithinMs: 1500 }, QUIET);
    await visit(screenWatcher(k2), null);
    await drained(hub, [{ id: 'K2', daemon: k2 }]);
    const backup = join(dir, 'k2-backup.sqlite');
    const b = await backupJournal(k2.ctx.db, backup);
    expect(b.ok, JSON.stringify(b)).toBe(true);
    const backedUpThrough = journal(k2).at(-1)!.id;

    // After the backup: a visit the hub receives, then the kiosk PC is restored from its backup.
    await visit(screenWatcher(k2), null);
    await drained(hub, [{ id: 'K2', daemon: k2 }]);
    const before = heldAtHub('K2');
    expect(before.at(-1)!.id).toBeGreaterThan(backedUpThrough);
    await k2.close();
    k2 = null;
    const r = await restoreJournal({ backup, journal: join(kdir, 'journal.sqlite'), anchorFile: join(kdir, 'backups', 'journal.sqlite.anchor') });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    k2 = await startVisitDaemon(kdir, overrides);
    await visit(screenWatcher(k2), null);

    // The restored kiosk journals other events under ids the hub holds: a fork, refused and shown.
    await until('the hub shows K2 forked', async () => (await kioskLink()).chain === 'forked');
    const forked = await kioskLink();
    expect(forked.fork!.atId).toBe(backedUpThrough + 1);
    expect(forked.attention).toContain('accept-fork');
    expect(heldAtHub('K2')).toEqual(before);

    const cli = runKiosk(['hub', 'accept-fork', '--data', hub.dir, '--kiosk', 'K2', '--by', 'sofia', '--reason', 'K2 restored from its backup']);
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(cli.stdout()).toContain('K2~fork1');

    // Shipping resumes from the fork point: the hub holds the kiosk's journal as it is now...
    await visit(screenWatcher(k2), null);
    const now = journal(k2);
    // (The kiosk may journal more meanwhile, such as its device lights settling after the visit.)
    await until('the hub holds K2 journal as it is now', () => (heldAtHub('K2').at(-1)?.id ?? 0) >= now.at(-1)!.id, 90_000);
    expect(heldAtHub('K2').slice(0, now.length)).toEqual(now);
    // ...and keeps what it had received from the fork point on, link for link.
    expect(heldAtHub('K2~fork1')).toEqual(before.filter((e) => e.id > backedUpThrough));
    const link = await kioskLink();
    expect(link.chain).toBe('ok');
    expect(link.forkAccepted).toMatchObject({ by: 'sofia', reason: 'K2 restored from its backup', from: backedUpThrough + 1, archivedAs: 'K2~fork1' });
    const accepted = hub.read((db) => db.prepare("SELECT payload FROM events WHERE kind = 'post.chain-fork-accepted'").all() as { payload: string }[]);
    expect(accepted.map((a) => JSON.parse(a.payload) as { by: string; kioskId: string })).toMatchObject([{ by: 'sofia', kioskId: 'K2' }]);
  }, 240_000);
});
