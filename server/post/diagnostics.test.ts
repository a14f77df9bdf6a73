// The post section of the diagnostics page, one piece: a kiosk's view from its parts' statuses (in-memory stand-ins),
// and a hub's view of its kiosks from a real SQLite journal (enrolment, blocks leased, a yesterday's block left out).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { leaseBlock } from '../../store/post-numbers';
import { businessDay } from '../../domain/queue/business-day';
import { tempDir } from '../../test/support/tmp';
import { hubKioskViews, kioskPostView, type KioskPostSource } from './diagnostics';
import type { HubIssuerStatus } from './numbers/issuer';

const consulate = { code: 'FR-PAR', timeZone: 'Europe/Paris' };
const rule = { start: 1, end: 999, wrap: false, digits: 3 };

function kioskSource(issuer: Partial<HubIssuerStatus>, refusal: string | null = null): KioskPostSource {
  return {
    link: { url: 'https://hub:8443' },
    issuer: {
      status: () => ({
        businessDay: '2026-12-01',
        prefixes: [],
        pendingUploads: 0,
        refusedUploads: [],
        lastContactAt: null,
        lastFailure: null,
        hubProblem: null,
        ...issuer,
      }),
    },
    claims: { status: () => ({ pending: 1, releasing: 1, conflicts: 0, lastError: null, lastContactAt: null }) },
    shipper: { status: () => ({ state: 'idle', shippedThrough: 9, head: null, lag: 0, lastContact: null, lastError: null }) },
    clock: {
      status: () => ({ checkedAt: '2026-12-01T10:00:00.000Z', skewMs: 12, roundTripMs: 3, maxSkewSeconds: 180, refusal, lastFailure: null }),
      check: async () => {
        throw new Error('not asked here');
      },
    },
  };
}

describe('a kiosk of a post', () => {
  it('says when an offline block is used up and the fallback series is in use', () => {
    const v = kioskPostView(
      kioskSource({
        prefixes: [
          { prefix: 'A', left: 0, usedFromBlocks: 20, usedFallback: 3, blockUsedUp: true, fallbackInUse: true, noMoreBlocks: true },
          { prefix: 'C', left: 12, usedFromBlocks: 8, usedFallback: 0, blockUsedUp: false, fallbackInUse: false, noMoreBlocks: false },
        ],
        pendingUploads: 23,
      }),
    );
    expect(v.reachable).toBe(true);
    expect(v.pendingUploads).toBe(23);
    expect(v.pendingClaims).toBe(2);
    expect(v.attention).toEqual(["prefix A: offline block used up, 3 ticket(s) from this kiosk's fallback series"]);
  });

  it('puts the clock refusal among what needs a technician', () => {
    const why = "the kiosk's clock is 7 minutes behind the hub's (180 s allowed): a technician must set the time; no ticket numbers until then";
    expect(kioskPostView(kioskSource({}, why)).attention).toEqual([why]);
  });
});

describe('a hub of a post', () => {
  let dir: string;
  let cleanup: () => void;
  let db: Db;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('post-diag-'));
    db = openJournal(join(dir, 'hub.sqlite'));
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  it("lists today's blocks per kiosk, with its alert, and no kiosk twice", () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const today = businessDay(now, consulate.timeZone);
    const lease = (kioskId: string, prefix: string, day = today) =>
      leaseBlock(db, { consulate: consulate.code, prefix, businessDay: day, kioskId, size: 5, rule, at: now });
    lease('K1', 'A');
    lease('K1', 'A');
    lease('K2', 'C');
    lease('K2', 'C', '2026-11-30');
    const alerts = {
      list: () => [
        {
          kioskId: 'K2',
          needsStaff: true,
          reason: 'paper-out',
          ticket: null,
          screen: 'idle',
          lastContact: now.toISOString(),
          since: now.toISOString(),
          devices: [],
        },
      ],
      devices: () => new Map(),
    };
    const v = hubKioskViews({ db, alerts, consulate }, now);
    expect(v.businessDay).toBe(today);
    expect(v.kiosks.map((k) => k.kioskId)).toEqual(['K1', 'K2']);
    const [k1, k2] = v.kiosks;
    // Two blocks of 5 for A, apart from each other (where they lie is domain/queue/blocks.ts's business).
    expect(k1!.blocks.map((b) => [b.prefix, b.last - b.first + 1])).toEqual([
      ['A', 5],
      ['A', 5],
    ]);
    expect(k1!.blocks[0]!.last).toBeLessThan(k1!.blocks[1]!.first);
    expect(k1!.chain).toBe('unknown');
    expect(k2!.blocks).toHaveLength(1);
    expect(k2!.alert).toMatchObject({ needsStaff: true, reason: 'paper-out' });
  });
});

describe("a hub shows each kiosk's devices with their age", () => {
  let dir: string;
  let cleanup: () => void;
  let db: Db;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('post-diag-dev-'));
    db = openJournal(join(dir, 'hub.sqlite'));
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  it('a kiosk that reported within two heartbeats is live; one silent for longer shows its last known devices as stale', () => {
    const printer = {
      id: 'printer',
      kind: 'printer' as const,
      driver: 'escpos TM-T88V',
      simulated: true,
      status: 'error' as const,
      detail: 'paper out: load a new roll',
      since: '2026-12-01T09:00:00.000Z',
      lastError: { detail: 'paper out: load a new roll', at: '2026-12-01T09:00:00.000Z' },
      paper: 'out' as const,
    };
    const seen = (reportedAt: string) => ({ reportedAt, heartbeatSeconds: 30, list: [printer] });
    const alerts = {
      list: () => [],
      devices: () =>
        new Map([
          ['K1', seen('2026-12-01T09:59:00.000Z')],
          ['K3', seen('2026-12-01T09:58:00.000Z')],
        ]),
    };
    const v = hubKioskViews({ db, alerts, consulate }, new Date('2026-12-01T10:00:00Z'));
    expect(v.kiosks.map((k) => [k.kioskId, k.devices?.stale, k.devices?.list[0]?.paper])).toEqual([
      ['K1', false, 'out'],
      ['K3', true, 'out'],
    ]);
    expect(v.kiosks[1]!.attention).toMatch(/no report since 2026-12-01T09:58:00.000Z/);
  });
});
