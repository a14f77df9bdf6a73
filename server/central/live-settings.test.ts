// The live settings keep the stored bundles and ask the journal for its newest version once per run of synchronous
// code (issue 14: the check-in flow reads them some sixty times a visit), yet see a bundle at once when this process
// stored it, and another connection's from the next turn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../store/db';
import { storeBundle } from '../../store/central-bundles';
import { liveSettings } from './live-settings';

const T = new Date('2026-05-12T08:00:00Z');
const config = {
  consulate: { code: 'FR-PAR', name: { fr: 'Paris' }, timeZone: 'Europe/Paris', currency: 'EUR', chanceryRate: 10.8 },
  services: [{ code: 'passport', prefix: 'A', feeMad: 300, name: { fr: 'Passeport' } }],
} as unknown as Parameters<typeof liveSettings>[0]['config'];

function bundle(version: number, feeMad: number) {
  const text = JSON.stringify({
    version,
    publishedAt: '2026-05-01T00:00:00.000Z',
    effectiveAt: '2026-05-01T00:00:00.000Z',
    content: { fees: { passport: feeMad }, services: [{ code: 'passport', prefix: 'A', feeMad: 1, name: { fr: 'Passeport' } }] },
  });
  return { version, effectiveAt: '2026-05-01T00:00:00.000Z', text, signature: 'not checked here', receivedAt: T.toISOString() };
}

let dir: string;
let file: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'live-settings-'));
  file = join(dir, 'journal.sqlite');
  db = openJournal(file);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const fee = (live: ReturnType<typeof liveSettings>) => live.values(T).services[0]!.feeMad;

describe('liveSettings', () => {
  it('applies a bundle this process stores at once, in the same run of code', () => {
    const live = liveSettings({ db, config, now: () => T });
    expect(fee(live)).toBe(300);
    expect(storeBundle(db, bundle(1, 450))).toBe(true);
    expect(fee(live)).toBe(450);
    expect(live.values(T).version).toBe(1);
  });

  it("asks the journal once per run of synchronous code: another connection's bundle applies from the next turn", async () => {
    const live = liveSettings({ db, config, now: () => T });
    expect(fee(live)).toBe(300);
    const other = openJournal(file);
    try {
      storeBundle(other, bundle(1, 450));
    } finally {
      other.close();
    }
    // Same synchronous run: the version read at its start still holds.
    expect(fee(live)).toBe(300);
    await Promise.resolve();
    expect(fee(live)).toBe(450);
  });
});
