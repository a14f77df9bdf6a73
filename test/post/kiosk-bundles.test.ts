// Central bundles reach the kiosks of a post with a hub (issue 16, item 4): a central service (real process, real
// PostgreSQL), a hub (real process, linked to it) and a kiosk of role kiosk joined to the hub. The hub relays the bundle
// as signed; the kiosk verifies the ministry's signature itself, applies it without a restart and reports the version,
// which the hub's status shows. A bundle altered in the hub's journal is refused by the kiosk: the old fee stays.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CentralDb } from '../../central/db/db';
import { publishBundle } from '../../central/bundles/publish';
import type { RunningDaemon } from '../../server/daemon';
import type { CheckinView } from '../../shared/checkin-api';
import type { BundleContentInput } from '../../shared/central-bundle-api';
import { runKiosk, sampleConfig, type KioskProcess } from '../support/daemon';
import { runCentral } from '../support/central';
import { type TestDatabase } from '../support/postgres';
import { tempDir } from '../support/tmp';
import { startHub, startPostKiosk, until, type Hub } from './rig';
import Database from 'better-sqlite3';
import { PostBundlesStatus } from '../../shared/post-bundles-api';
import { TECH_PIN } from '../diagnostics/support';
import { centralTestDb } from '../central/dashboard-helpers';

const SECRET = 'c'.repeat(43);
let tdb: TestDatabase;
let db: CentralDb;
let central: KioskProcess;
let hub: Hub;
let kiosk: RunningDaemon;
let centralDir: string;
const cleanups: Array<() => void> = [];
const env: Record<string, string | undefined> = {};

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('kiosk_bundles', { 'FR-LYO': SECRET }));
  central = runCentral(tdb.url);
  const url = await central.ready;
  const c = tempDir('kb-central-');
  cleanups.push(c.cleanup);
  centralDir = c.dir;
  const t = tempDir('kb-post-');
  cleanups.push(t.cleanup);
  // The hub's link to the central service, as `kiosk central join` leaves it; the hub pulls every 300 ms, the kiosk too.
  const hubDir = join(t.dir, 'hub');
  mkdirSync(join(hubDir, 'central'), { recursive: true, mode: 0o700 });
  writeFileSync(join(hubDir, 'central', 'central-link.json'), JSON.stringify({ url, postId: 'FR-LYO', credential: SECRET, caPem: null }), { mode: 0o600 });
  for (const [k, v] of Object.entries({ KIOSK_CENTRAL_BUNDLE_PULL_MS: '300', KIOSK_HUB_BUNDLE_PULL_MS: '300' })) {
    env[k] = process.env[k];
    process.env[k] = v;
  }
  hub = await startHub(hubDir);
  kiosk = await startPostKiosk(hub, 'k1', join(t.dir, 'k1'));
}, 120_000);

afterAll(async () => {
  await kiosk?.close();
  await hub?.stop();
  central?.child.kill('SIGTERM');
  await central?.exited;
  await db?.end();
  await tdb?.drop();
  for (const c of cleanups) c();
  for (const [k, v] of Object.entries(env))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const view = async () => (await (await fetch(`${kiosk.url}/api/checkin`)).json()) as CheckinView;
const act = (body: object) =>
  fetch(`${kiosk.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A walk-in for the CNIE at the kiosk up to the summary: its quote in cents. */
async function cnieQuote(): Promise<number | undefined> {
  let v = await view();
  await until('the attract screen', async () => (v = await view()).screen.startsWith('attract'));
  for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: 'cnie' }])
    await act(e);
  await until('the summary', async () => (v = await view()).screen.startsWith('summary'));
  await act({ type: 'CANCEL' });
  return v.visit.quote?.totalMinor;
}

const content = (cnieFee: number): BundleContentInput => ({
  fees: { cnie: cnieFee },
  chanceryRates: [{ currency: 'EUR', rate: 0.1, effectiveAt: '2026-01-01T00:00:00Z' }],
  services: sampleConfig().services,
});
const kioskEvents = (kind: string) =>
  (kiosk.ctx.db.prepare('SELECT payload FROM events WHERE kind = ? ORDER BY id').all(kind) as Array<{ payload: string }>).map(
    (r) => JSON.parse(r.payload) as { version: number | null; reason?: string },
  );
let cookie: string | undefined;
/** GET /api/post/bundles/status at the hub as the technician (signed in once: sign-ins are rate-limited). */
async function hubStatus(): Promise<PostBundlesStatus> {
  if (!cookie) {
    const login = await hub.fetch('POST', '/api/auth/login', { body: { pin: TECH_PIN } });
    expect(login.status).toBe(200);
    cookie = login.cookie;
  }
  const r = await hub.fetch('GET', '/api/post/bundles/status', cookie ? { cookie } : {});
  expect(r.status).toBe(200);
  return PostBundlesStatus.parse(r.body);
}

describe('central bundles relayed by the hub to its kiosks', () => {
  it('a bundle published with a new fee effective now: the kiosk quotes it without a restart and the hub shows the version it applies', async () => {
    const pub = await publishBundle(db, { dataDir: centralDir, content: content(230), now: new Date() });
    expect(pub).toMatchObject({ ok: true, version: 1 });
    await until('the kiosk holding bundle 1', () => kioskEvents('central.bundle-applied').some((e) => e.version === 1));
    expect(await cnieQuote()).toBe(2300); // 230 DH at 0.1 EUR per dirham
    await until('the hub showing version 1 at kiosk k1', async () => (await hubStatus()).kiosks.some((k) => k.kioskId === 'k1' && k.version === 1));
    const st = await hubStatus();
    expect(st.central).toMatchObject({ applied: 1, appliedEffectiveAt: pub.ok ? pub.effectiveAt.toISOString() : '', lastRefusal: null });
    expect(st.central?.lastPull).toMatchObject({ ok: true });
  }, 120_000);

  it('a bundle altered in the hub journal: the kiosk refuses it with the reason, the old fee stays', async () => {
    // The hub's journal gets a version 2 whose fee was changed after the ministry signed it.
    const h = new Database(join(hub.dir, 'journal.sqlite'));
    try {
      const one = h.prepare('SELECT text, signature FROM central_bundles WHERE version = 1').get() as { text: string; signature: string };
      const forged = one.text.replace('"version":1', '"version":2').replace('"cnie":230', '"cnie":1');
      h.prepare('INSERT INTO central_bundles (version, effective_at, text, signature, received_at) VALUES (2, ?, ?, ?, ?)').run(
        new Date().toISOString(),
        forged,
        one.signature,
        new Date().toISOString(),
      );
    } finally {
      h.close();
    }
    await until('the kiosk refusing version 2', () => kioskEvents('central.bundle-refused').some((e) => e.version === 2));
    expect(kioskEvents('central.bundle-refused').find((e) => e.version === 2)?.reason).toMatch(/signature/);
    expect(await cnieQuote()).toBe(2300);
    await until('the hub showing the refusal of kiosk k1', async () =>
      (await hubStatus()).kiosks.some((k) => k.kioskId === 'k1' && k.version === 1 && k.lastRefusal?.version === 2),
    );
    // The hub's disk is repaired: the forged row goes (the central service's own version 2 comes next).
    const r = new Database(join(hub.dir, 'journal.sqlite'));
    r.prepare('DELETE FROM central_bundles WHERE version = 2').run();
    r.close();
  }, 120_000);

  it('the ministry rotates its key: the hub and then the kiosk move to it through the statement the old key signed', async () => {
    const kioskKey = () => (kiosk.ctx.db.prepare('SELECT public_key_pem AS pem FROM central_bundle_key').get() as { pem: string }).pem;
    const before = kioskKey();
    const rotate = runKiosk(['central', 'bundle', 'key', '--rotate', '--data', centralDir, '--db', tdb.url]);
    expect(await rotate.exited, rotate.stderr()).toBe(0);
    expect(rotate.stdout()).toMatch(/Rotated the bundle signing key/);
    const pub = await publishBundle(db, { dataDir: centralDir, content: content(250), now: new Date() });
    expect(pub).toMatchObject({ ok: true, version: 2 });
    await until('the kiosk applying version 2, signed by the new key', () => kioskEvents('central.bundle-applied').some((e) => e.version === 2));
    expect(kioskKey()).not.toBe(before);
    expect(kioskEvents('central.bundle-key-changed')).toHaveLength(1);
    expect(await cnieQuote()).toBe(2500);
  }, 120_000);
});
