// The "Central service" section of the technician's page in Chromium, on a hub (real process) linked to a central
// service (real process, real PostgreSQL), with a kiosk of the post: the bundle the hub applies, its last pull, and the
// version the kiosk reports; then a bundle altered in the hub's journal shows as the kiosk's last refusal.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CentralDb } from '../../central/db/db';
import { publishBundle } from '../../central/bundles/publish';
import type { RunningDaemon } from '../../server/daemon';
import { launchChromium, trustOnlyKeyOf } from '../support/browser';
import { runCentral } from '../support/central';
import { sampleConfig, type KioskProcess } from '../support/daemon';
import { type TestDatabase } from '../support/postgres';
import { tempDir } from '../support/tmp';
import { startHub, startPostKiosk, type Hub } from '../post/rig';
import { centralTestDb } from '../central/dashboard-helpers';

const SECRET = 'e'.repeat(43);
let tdb: TestDatabase;
let db: CentralDb;
let central: KioskProcess;
let hub: Hub;
let kiosk: RunningDaemon;
let browser: Browser;
const cleanups: Array<() => void> = [];
const saved = process.env.KIOSK_HUB_BUNDLE_PULL_MS;

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('central_link_e2e', { 'FR-BDX': SECRET }));
  const c = tempDir('cl-central-');
  cleanups.push(c.cleanup);
  const pub = await publishBundle(db, {
    dataDir: c.dir,
    content: { fees: { cnie: 240 }, services: sampleConfig().services },
    now: new Date(),
  });
  if (!pub.ok) throw new Error(pub.detail);
  central = runCentral(tdb.url);
  const url = await central.ready;
  const t = tempDir('cl-post-');
  cleanups.push(t.cleanup);
  const hubDir = join(t.dir, 'hub');
  mkdirSync(join(hubDir, 'central'), { recursive: true, mode: 0o700 });
  writeFileSync(join(hubDir, 'central', 'central-link.json'), JSON.stringify({ url, postId: 'FR-BDX', credential: SECRET, caPem: null }), { mode: 0o600 });
  process.env.KIOSK_HUB_BUNDLE_PULL_MS = '300';
  hub = await startHub(hubDir);
  kiosk = await startPostKiosk(hub, 'K1', join(t.dir, 'K1'));
  browser = await launchChromium([trustOnlyKeyOf(readFileSync(join(hub.dir, 'post', 'hub.pem'), 'utf8'))]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  await hub?.stop();
  central?.child.kill('SIGTERM');
  await central?.exited;
  await db?.end();
  await tdb?.drop();
  for (const c of cleanups) c();
  if (saved === undefined) delete process.env.KIOSK_HUB_BUNDLE_PULL_MS;
  else process.env.KIOSK_HUB_BUNDLE_PULL_MS = saved;
});

describe('diagnostics page, central service section, in Chromium', () => {
  it("a hub shows its central link, the bundle applied, and each kiosk's version and last refusal", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/diagnostics`);
    await page.getByLabel('Technician PIN').fill('4444');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Central service' }).waitFor();
    const refresh = page.getByRole('button', { name: 'Refresh central link' });
    const kioskRow = page.locator('#central tr[data-kiosk="K1"]');
    await expect
      .poll(
        async () => {
          await refresh.click();
          const applied = await page.locator('[data-central-applied]').getAttribute('data-central-applied');
          return `${applied} ${(await kioskRow.count()) ? await kioskRow.textContent() : ''}`;
        },
        { timeout: 60_000 },
      )
      .toMatch(/^1 K11/);
    expect(await page.locator('[data-central-pull]').getAttribute('data-central-pull')).toBe('ok');

    // A bundle altered in the hub's journal: the kiosk refuses it, the page says so on its row.
    const h = new Database(join(hub.dir, 'journal.sqlite'));
    const one = h.prepare('SELECT text, signature FROM central_bundles WHERE version = 1').get() as { text: string; signature: string };
    h.prepare('INSERT INTO central_bundles (version, effective_at, text, signature, received_at) VALUES (2, ?, ?, ?, ?)').run(
      new Date().toISOString(),
      one.text.replace('"version":1', '"version":2').replace('"cnie":240', '"cnie":1'),
      one.signature,
      new Date().toISOString(),
    );
    h.close();
    await expect
      .poll(
        async () => {
          await refresh.click();
          return (await kioskRow.count()) ? await kioskRow.textContent() : '';
        },
        { timeout: 60_000 },
      )
      .toMatch(/version 2: its signature does not verify/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
