// What the hub's kiosk view asks staff to look at: a fork first, then a long silence, then a large lag.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempJournal } from '../../../test/support/journal';
import type { Db } from '../../../store/db';
import { receiveEvents } from '../../../store/post-events';
import { kioskLinkStatus } from './status';

let j: { db: Db; close: () => void };
beforeEach(() => (j = tempJournal('post-status-')));
afterEach(() => j.close());

const HEAD = { id: 9000, hash: 'a'.repeat(64) };

describe('kioskLinkStatus', () => {
  it('says nothing for a kiosk in touch, then its silence, its lag, and a fork before anything else', () => {
    receiveEvents(j.db, 'K1', { head: null, keyedFrom: 1, events: [] }, new Date('2026-12-01T10:00:00Z'));
    receiveEvents(j.db, 'K2', { head: HEAD, keyedFrom: 1, events: [] }, new Date('2026-12-01T10:00:00Z'));
    const at = (iso: string) => Object.fromEntries(kioskLinkStatus(j.db, new Date(iso)).map((k) => [k.kioskId, k]));
    expect(at('2026-12-01T10:01:00Z').K1).toMatchObject({ silentSeconds: 60, lag: 0, chain: 'ok', attention: null });
    expect(at('2026-12-01T10:01:00Z').K2).toMatchObject({ lag: 9000, attention: expect.stringMatching(/^9000 events not shipped yet/) });
    expect(at('2026-12-01T10:10:00Z').K1!.attention).toMatch(/^no contact for 10 min \(last 2026-12-01T10:00:00.000Z\)/);
    // K1's journal is empty but it claims keyed links from 5 now: pinned at 1, so a fork.
    receiveEvents(j.db, 'K1', { head: null, keyedFrom: 5, events: [] }, new Date('2026-12-01T10:11:00Z'));
    expect(at('2026-12-01T10:30:00Z').K1).toMatchObject({ chain: 'forked', attention: expect.stringMatching(/^its journal parted from the hub's copy/) });
  });
});
