import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { blockStatus, currentBlock, markUploaded, pendingUploadCount, pendingUploads, recordOfflineTicket, saveBlock, takeOfflineNumber } from './kiosk-blocks';
import { recentEvents } from './events';
import { tempDir } from '../test/support/tmp';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('kiosk-blocks-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'kiosk.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const k = { consulate: 'FR-PAR', prefix: 'A', businessDay: '2025-05-12' };
const at = new Date('2025-05-12T07:00:00Z');

describe('kiosk blocks', () => {
  it('takes numbers from the older (higher) block first, then the next, then the fallback series', () => {
    saveBlock(db, k, { first: 18, last: 19 }, at);
    saveBlock(db, k, { first: 16, last: 17 }, at);
    saveBlock(db, k, { first: 18, last: 19 }, at); // the same lease answered twice: kept once
    const labels = Array.from({ length: 6 }, () => takeOfflineNumber(db, k, 'K2', 3).label);
    expect(labels).toEqual(['A-018', 'A-019', 'A-016', 'A-017', 'A-K2-001', 'A-K2-002']);
    expect(currentBlock(db, k)).toBeNull();
    expect(blockStatus(db, 'FR-PAR', '2025-05-12', ['A', 'B'])).toEqual([
      { prefix: 'A', left: 0, usedFromBlocks: 4, usedFallback: 2 },
      { prefix: 'B', left: 0, usedFromBlocks: 0, usedFallback: 0 },
    ]);
  });
  it('keeps offline tickets, journaled, until the hub has them', () => {
    saveBlock(db, k, { first: 18, last: 19 }, at);
    db.transaction(() => {
      const n = takeOfflineNumber(db, k, 'K2', 3);
      recordOfflineTicket(db, { requestKey: 'v1', localId: 'FR-PAR/2025-05-12/A/17', key: k, number: n, body: { label: n.label }, issuedAt: at }, 'timeout');
    })();
    expect(pendingUploads(db, 10)).toEqual([{ requestKey: 'v1', body: { label: 'A-018' } }]);
    expect(recentEvents(db, { kindPrefix: 'post.ticket.offline' })).toHaveLength(1);
    markUploaded(db, 'v1', 'accepted', at);
    expect(pendingUploadCount(db)).toBe(0);
  });
});
