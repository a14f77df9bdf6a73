// A daemon's own device lights reach the network page (issue 16, "devices in fault"): the `devices.changed` events it
// journals (server/devices/journal-changes.ts) are projected for the post's own chain ('post') and for a kiosk's chain
// a hub relays ('kiosk:K2'), in both projection modes. Before, a standalone post's printer out of paper or terminal
// unplugged never showed: only a hub's view of its kiosks and a technician's simulated faults were projected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralDb } from '../../central/db/db';
import { projectPending } from '../../central/db/projections';
import { networkDay } from '../../central/db/dashboard';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb, ensureStream } from './dashboard-helpers';

const DAY = '2026-11-30';
let tdb: TestDatabase;
let db: CentralDb;
beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('own_devices'));
  await db.query('SELECT ensure_event_partition($1::date)', [`${DAY.slice(0, 7)}-01`]);
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

const device = (id: string, status: string, detail: string | null = null, paper: string | null = null) => ({
  id,
  kind: id,
  driver: 'x',
  simulated: false,
  status,
  detail,
  since: `${DAY}T09:00:00.000Z`,
  lastError: null,
  paper,
});

let nextId = new Map<string, number>();
async function journal(postId: string, origin: string, kind: string, payload: unknown): Promise<void> {
  const key = `${postId} ${origin}`;
  const id = (nextId.get(key) ?? 0) + 1;
  nextId.set(key, id);
  await db.query(`INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash) VALUES ($1, $2, $3, $4, $5, NULL, $6, '\\x00')`, [
    postId,
    origin,
    id,
    new Date(Date.parse(`${DAY}T09:00:00Z`) + id * 60_000),
    kind,
    JSON.stringify(payload),
  ]);
  await db.query('UPDATE streams SET accepted_through = $3 WHERE post_id = $1 AND origin = $2', [postId, origin, id]);
}

const inFault = async (postId: string) =>
  (await networkDay(db, { now: new Date(`${DAY}T12:00:00Z`), day: DAY })).posts.find((p) => p.postId === postId)!.devicesInFault;

describe.each(['row', 'set'] as const)('a daemon’s own device lights on the network page (projection mode %s)', (mode) => {
  it('shows a standalone post’s printer out of paper and its terminal unplugged, then clears them; a relayed kiosk’s under its id', async () => {
    const post = mode === 'row' ? 'ES-MAD' : 'ES-BCN';
    nextId = new Map();
    await ensureStream(db, post);
    await ensureStream(db, post, 'kiosk:K2');
    await journal(post, 'post', 'daemon.started', { devices: [{ id: 'printer' }, { id: 'terminal' }] });
    await journal(post, 'post', 'devices.changed', { devices: [device('printer', 'ok', null, 'ok'), device('terminal', 'ok')] });
    await journal(post, 'post', 'devices.changed', {
      devices: [device('printer', 'warning', 'paper out', 'out'), device('terminal', 'offline', 'no answer on /dev/ttyUSB0')],
    });
    await journal(post, 'kiosk:K2', 'devices.changed', { devices: [device('printer', 'error', 'cover open')] });
    await projectPending(db, { postId: post, mode });
    expect(await inFault(post)).toEqual([
      { kioskId: 'K2', deviceId: 'printer', status: 'error', detail: 'cover open' },
      { kioskId: 'post', deviceId: 'printer', status: 'paper-out', detail: 'paper out' },
      { kioskId: 'post', deviceId: 'terminal', status: 'offline', detail: 'no answer on /dev/ttyUSB0' },
    ]);

    await journal(post, 'post', 'devices.changed', { devices: [device('printer', 'ok', null, 'ok'), device('terminal', 'ok')] });
    await projectPending(db, { postId: post, mode });
    expect(await inFault(post)).toEqual([{ kioskId: 'K2', deviceId: 'printer', status: 'error', detail: 'cover open' }]);
  });
});
