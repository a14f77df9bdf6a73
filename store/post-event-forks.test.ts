import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { eventHash } from './events';
import { receiveEvents, kioskHead, type ReceivedEvent } from './post-events';
import { acceptFork, forkAcceptances } from './post-event-forks';
import { tempDir } from '../test/support/tmp';

let hub: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('forks-');
  cleanup = t.cleanup;
  hub = openJournal(join(t.dir, 'hub.sqlite'));
});
afterEach(() => {
  hub.close();
  cleanup();
});

/** A kiosk chain of plain links: `tag` makes a different story under the same ids. */
function chain(n: number, tag: string, from: ReceivedEvent[] = []): ReceivedEvent[] {
  const out = [...from];
  while (out.length < n) {
    const id = out.length + 1;
    const prevHash = out.at(-1)?.hash ?? '';
    const e = { id, at: '2026-12-01T08:00:00.000Z', kind: 'test', subject: null, payload: JSON.stringify({ tag, id }), prevHash };
    out.push({ ...e, hash: eventHash(prevHash, e.at, e.kind, e.subject, e.payload) });
  }
  return out;
}
const ship = (events: ReceivedEvent[]) => receiveEvents(hub, 'K2', { head: { id: events.at(-1)!.id, hash: events.at(-1)!.hash }, keyedFrom: null, events });

describe('acceptFork', () => {
  it("archives the hub's copy from the fork point, takes the kiosk's chain as it is now, and journals who and why", () => {
    const old = chain(5, 'old');
    expect(ship(old).ok).toBe(true);
    const now = chain(6, 'new', old.slice(0, 3));
    expect(ship(now)).toMatchObject({ ok: false, reason: 'fork', forkAt: 4 });
    expect(acceptFork(hub, { kioskId: 'K2', by: 'sofia', reason: 'restored' })).toMatchObject({
      ok: true,
      from: 4,
      forkAt: 4,
      archivedAs: 'K2~fork1',
      archived: 2,
      heldThrough: 3,
    });
    expect(ship(now)).toMatchObject({ ok: true, acceptedThrough: 6, inserted: 3, duplicates: 3 });
    expect(kioskHead(hub, 'K2')).toMatchObject({ shippedThrough: 6, fork: null });
    const rows = hub.prepare('SELECT kiosk_id AS k, id, hash FROM post_received_events ORDER BY k, id').all();
    expect(rows).toEqual([...now.map((e) => ({ k: 'K2', id: e.id, hash: e.hash })), ...old.slice(3).map((e) => ({ k: 'K2~fork1', id: e.id, hash: e.hash }))]);
    expect(forkAcceptances(hub).get('K2')).toMatchObject({ by: 'sofia', reason: 'restored', from: 4, archivedAs: 'K2~fork1', archived: 2 });
  });

  it('refuses a kiosk that never shipped, a chain that is not forked, and a --from after the fork', () => {
    expect(acceptFork(hub, { kioskId: 'K2', by: 'x', reason: 'y' })).toMatchObject({ ok: false, reason: 'unknown' });
    const old = chain(5, 'old');
    ship(old);
    expect(acceptFork(hub, { kioskId: 'K2', by: 'x', reason: 'y' })).toMatchObject({ ok: false, reason: 'not-forked' });
    ship(chain(5, 'new', old.slice(0, 2)));
    expect(acceptFork(hub, { kioskId: 'K2', by: 'x', reason: 'y', from: 4 })).toMatchObject({ ok: false, reason: 'bad-from' });
    // From an earlier point: the events before the fork are archived too and received again.
    expect(acceptFork(hub, { kioskId: 'K2', by: 'x', reason: 'y', from: 2 })).toMatchObject({ ok: true, archived: 4, heldThrough: 1 });
  });
});
