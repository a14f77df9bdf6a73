// Signed bundles (issue 16, item 4): published by the central service on a real PostgreSQL, served over real HTTP,
// pulled by a standalone daemon through a link (createHubLink, the post's credential), verified, stored in its
// journal and applied at their effective time without a restart: the visit's summary shows the old fee before and
// the new fee after. A bad signature, an older version and a malformed bundle are refused with the reason in the
// journal and the puller's status; the bundle in force stays. The central service lists the version each post applies.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CentralDb } from '../../central/db/db';
import { appliedByPost } from '../../central/db/bundles';
import { buildCentralApp } from '../../central/http/app';
import { bundlesPlugin } from '../../central/bundles/routes';
import { ensureBundleKey, signBundleText } from '../../central/bundles/key';
import { publishBundle } from '../../central/bundles/publish';
import { registerCentralBundles } from '../../server/commands/central-bundles';
import { startBundlePuller, type BundlePuller } from '../../server/central/bundles';
import { createHubLink, type HubLink } from '../../server/post/link';
import type { RunningDaemon } from '../../server/daemon';
import { quoteFee } from '../../domain/fees/fee';
import type { CheckinView } from '../../shared/checkin-api';
import type { BundleContentInput } from '../../shared/central-bundle-api';
import { storedBundles } from '../../store/central-bundles';
import { type TestDatabase } from '../support/postgres';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { appointmentQr } from '../checkin/tokens';
import { centralTestDb } from './dashboard-helpers';

const SECRET = 'b'.repeat(43);
const REVOKED = Uint8Array.from(Buffer.from('9c1f04a2b7e35d60', 'hex'));
let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;
let centralUrl: string;
let daemon: RunningDaemon;
let link: HubLink;
let puller: BundlePuller;
const cleanups: Array<() => void> = [];
let centralDir: string;

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('bundles', { 'FR-PAR': SECRET }));
  app = await buildCentralApp({ db, version: 'test', plugins: [bundlesPlugin] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  centralUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const c = tempDir('central-data-');
  cleanups.push(c.cleanup);
  centralDir = c.dir;
  const d = tempDir('bundle-post-');
  cleanups.push(d.cleanup);
  daemon = await startTestDaemon(d.dir);
  link = createHubLink({ url: centralUrl, kioskId: 'FR-PAR', credential: SECRET });
  puller = startBundlePuller({ db: daemon.ctx.db, link, log: daemon.ctx.log, everyMs: 3_600_000 });
}, 60_000);
afterAll(async () => {
  puller?.stop();
  link?.close();
  await daemon?.close();
  await app?.close();
  await db?.end();
  await tdb?.drop();
  for (const c of cleanups) c();
});

const view = async () => (await (await fetch(`${daemon.url}/api/checkin`)).json()) as CheckinView;
const act = (body: object) =>
  fetch(`${daemon.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function until<T>(get: () => Promise<T> | T, pred: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (pred(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
/** A walk-in for the CNIE up to the summary: its quote, and when the screen was read. */
async function cnieSummary(): Promise<{ total: number | undefined; at: number }> {
  await until(view, (v) => v.screen.startsWith('attract'));
  for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: 'cnie' }])
    await act(e);
  const v = await until(view, (x) => x.screen.startsWith('summary'));
  const at = Date.now();
  await act({ type: 'CANCEL' });
  return { total: v.visit.quote?.totalMinor, at };
}

const services = () => daemon.ctx.config.services.map((s) => ({ ...s }));
const content = (cnieFee: number, rate = 0.1): BundleContentInput => ({
  fees: { cnie: cnieFee },
  chanceryRates: [{ currency: 'EUR', rate, effectiveAt: '2026-01-01T00:00:00Z' }],
  revoked: [Buffer.from(REVOKED).toString('hex')],
  services: services(),
});
const refusals = () =>
  (daemon.ctx.db.prepare("SELECT payload FROM events WHERE kind = 'central.bundle-refused' ORDER BY id").all() as Array<{ payload: string }>).map(
    (r) => JSON.parse(r.payload) as { version: number | null; reason: string },
  );

describe('central bundles, published and applied at their effective time', () => {
  it('a bundle effective a few seconds ahead: the old fee before, the new fee after, without a restart; the applied version reported', async () => {
    const old = quoteFee({ schedule: services(), services: ['cnie'], persons: 1, chanceryRate: daemon.ctx.config.consulate.chanceryRate, currency: 'EUR' });
    const effective = new Date(Date.now() + 10_000);
    const pub = await publishBundle(db, { dataDir: centralDir, content: content(210), effectiveAt: effective, now: new Date() });
    expect(pub).toMatchObject({ ok: true, version: 1 });
    expect(statSync(join(centralDir, 'bundle-signing-key.pem')).mode & 0o777).toBe(0o600);

    // The puller's own first pull may have taken it already: what matters is that it is held, not yet in force.
    expect(await puller.pullNow()).toMatchObject({ ok: true, refused: [] });
    expect(storedBundles(daemon.ctx.db).map((b) => b.version)).toEqual([1]);
    expect(puller.status()).toMatchObject({ applied: 0, pending: { version: 1 } });

    const before = await cnieSummary();
    expect(before.at, 'the summary was read after the effective time: the machine is too slow for this check').toBeLessThan(effective.getTime());
    expect(before.total).toBe(old.ok ? old.quote.totalMinor : -1);

    await until(
      () => Date.now(),
      (t) => t >= effective.getTime(),
    );
    expect((await cnieSummary()).total).toBe(2100); // 210 DH at 0.1 EUR per dirham
    const applied = await until(
      () => appliedByPost(db),
      (rows) => rows.some((r) => r.postId === 'FR-PAR' && r.version === 1),
    );
    expect(applied).toContainEqual(expect.objectContaining({ postId: 'FR-PAR', version: 1 }));
    expect(puller.status()).toMatchObject({ applied: 1, pending: null });

    // The bundle's revocations apply too: the appointment it cancels is refused at the kiosk, without a restart.
    await until(view, (v) => v.screen.startsWith('attract'));
    for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'SCANNED', payload: await appointmentQr({ tokenId: REVOKED }) }])
      await act(e);
    const refused = await until(view, (v) => v.visit.problem !== null || v.screen.startsWith('summary'));
    expect(refused.visit.problem?.code).toBe('appointment-revoked');
    await act({ type: 'CANCEL' });
  }, 90_000);

  it('a bad signature, a malformed bundle and an older version are refused with the reason; the bundle in force stays', async () => {
    const key = ensureBundleKey(centralDir);
    if (!key.ok) throw new Error(key.detail);
    const now = new Date().toISOString();
    const row = (version: number, text: string, signature: string) =>
      db.query('INSERT INTO bundles (version, published_at, effective_at, text, signature, public_key_pem) VALUES ($1, $2, $2, $3, $4, $5)', [
        version,
        now,
        text,
        signature,
        key.publicKeyPem,
      ]);
    const good = JSON.parse((await db.query('SELECT text FROM bundles WHERE version = 1')).rows[0].text as string) as { content: BundleContentInput };

    // Bad signature: the fee changed after signing.
    const signed = JSON.stringify({ version: 2, publishedAt: now, effectiveAt: now, content: content(999) });
    await row(2, signed.replace('"cnie":999', '"cnie":1'), signBundleText(signed, key.privateKey));
    const bad = await puller.pullNow();
    expect(bad).toMatchObject({ ok: true, stored: [], refused: [{ version: 2, reason: expect.stringMatching(/signature/) }] });
    await db.query('DELETE FROM bundles WHERE version = 2');

    // Malformed, though signed by the central key: a rate of zero and a fee for a service nobody lists.
    const malformed = JSON.stringify({
      version: 2,
      publishedAt: now,
      effectiveAt: now,
      content: { ...good.content, fees: { nosuch: 5 }, chanceryRates: [{ currency: 'EUR', rate: 0, effectiveAt: now }] },
    });
    await row(2, malformed, signBundleText(malformed, key.privateKey));
    const mal = await puller.pullNow();
    expect(mal).toMatchObject({ ok: true, refused: [{ version: 2, reason: expect.stringMatching(/rate.*above zero|fee for "nosuch"/) }] });
    expect(mal.ok && mal.refused[0]!.reason).toMatch(/nosuch/);
    await db.query('DELETE FROM bundles WHERE version = 2');

    // Older: the post applies version 2, then the central database comes back from a backup that has only version 1.
    expect(await publishBundle(db, { dataDir: centralDir, content: content(315), now: new Date() })).toMatchObject({ ok: true, version: 2 });
    expect(await puller.pullNow()).toMatchObject({ ok: true, stored: [2] });
    expect((await cnieSummary()).total).toBe(3150);
    const v2 = (await db.query('SELECT * FROM bundles WHERE version = 2')).rows[0];
    await db.query('DELETE FROM bundles WHERE version = 2');
    const older = await puller.pullNow();
    expect(older).toMatchObject({ ok: true, stored: [], refused: [{ version: 1, reason: expect.stringMatching(/older than version 2/) }] });

    expect(refusals().map((r) => r.version)).toEqual([2, 2, 1]);
    expect(puller.status().lastRefusal).toMatchObject({ version: 1, reason: expect.stringMatching(/older/) });
    expect(puller.status().applied).toBe(2);
    expect((await cnieSummary()).total).toBe(3150);
    // The newer backup is restored: version 2 is served again, the same bytes, nothing new to apply.
    await row(2, v2.text, v2.signature);
    expect(await puller.pullNow()).toMatchObject({ ok: true, stored: [], refused: [] });
  }, 90_000);

  it('kiosk central bundle publish --file --effective and list: versions, and the version each post applies', async () => {
    const file = join(centralDir, 'bundle.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(content(420)));
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    try {
      const run = (args: string[]) => {
        const program = new Command().exitOverride();
        registerCentralBundles(program.command('central'));
        return program.parseAsync(['node', 'kiosk', 'central', 'bundle', ...args, '--db', tdb.url, '--data', centralDir]);
      };
      await run(['publish', '--file', file, '--effective', '2099-01-01T00:00:00Z']);
      await run(['list']);
    } finally {
      process.stdout.write = write;
    }
    const text = out.join('');
    expect(text).toMatch(/Published bundle version 3, effective 2099-01-01T00:00:00.000Z/);
    expect(text).toMatch(/^ *3 .*2099-01-01/m);
    expect(text).toMatch(/FR-PAR +2\b/);
  }, 30_000);
});
