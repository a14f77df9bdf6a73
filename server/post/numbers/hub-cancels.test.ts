// The kiosk's sender of cancels to its hub: journal first, sent until answered, and quiet once stopped (a round in
// flight is awaited, no timer fires on a closed journal: CI caught one as an unhandled rejection).
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../../store/db';
import { askHubCancel, pendingHubCancels, startHubCancels } from './hub-cancels';
import type { PeerAnswer } from '../../http/peer-link';
import { tempDir } from '../../../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());
function journal(): Db {
  const t = tempDir('hub-cancels-');
  cleanup = t.cleanup;
  return openJournal(join(t.dir, 'j.sqlite'));
}
const ask = { ticketId: 'FR-PAR/2026-12-02/C/41', refundId: 'rf-1', reason: 'visit refunded in full: paid twice', by: 'sup-1' };

describe('the cancels a kiosk sends its hub', () => {
  it('keeps an ask until the hub answers, then journals the answer once', async () => {
    const db = journal();
    askHubCancel(db, ask);
    const answers: PeerAnswer[] = [
      { ok: false, reason: 'unreachable', detail: 'hub away' },
      { ok: true, status: 200, body: { outcome: 'cancelled', detail: 'ticket C-041 cancelled' } },
    ];
    const sent: unknown[] = [];
    const s = startHubCancels({ db, link: { request: async (_m, _p, body) => (sent.push(body), answers.shift()!) }, everyMs: 60_000 });
    await s.flush();
    expect(pendingHubCancels(db)).toHaveLength(1);
    await s.flush();
    expect(pendingHubCancels(db)).toEqual([]);
    expect(sent).toEqual([ask, ask]);
    await s.stop();
    db.close();
  });

  it('stop() waits for the round in flight, and nothing runs after it on a closed journal', async () => {
    const db = journal();
    askHubCancel(db, ask);
    let release: (a: PeerAnswer) => void = () => {};
    const s = startHubCancels({ db, link: { request: () => new Promise<PeerAnswer>((r) => (release = r)) }, everyMs: 5 });
    const stopped = s.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    release({ ok: true, status: 200, body: { outcome: 'cancelled', detail: 'ok' } });
    await stopped;
    db.close();
    // A flush after stop does nothing (the journal is closed): no throw, no rejection.
    await expect(s.flush()).resolves.toBeUndefined();
  });
});
