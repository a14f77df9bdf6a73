// Bundle key rotation (issue 16, item 4): a post keeps the ministry key it pinned first and takes a new one only
// through a key-change statement signed by the key it holds. `kiosk central bundle key --rotate` makes the new key and
// publishes that statement. Real PostgreSQL, the central app over real HTTP, a standalone daemon's puller: a bundle
// signed by the new key is refused while the statement is withheld, accepted with it, and the old key is refused after.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CentralDb } from '../../central/db/db';
import { buildCentralApp } from '../../central/http/app';
import { bundlesPlugin } from '../../central/bundles/routes';
import { BUNDLE_KEY_FILE, signBundleText } from '../../central/bundles/key';
import { publishBundle } from '../../central/bundles/publish';
import { registerCentralBundles } from '../../server/commands/central-bundles';
import { startBundlePuller, type BundlePuller } from '../../server/central/bundles';
import { createHubLink, type HubLink } from '../../server/post/link';
import type { RunningDaemon } from '../../server/daemon';
import type { BundleContentInput } from '../../shared/central-bundle-api';
import { bundleKey, storedBundles } from '../../store/central-bundles';
import { type TestDatabase } from '../support/postgres';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { centralTestDb } from './dashboard-helpers';

const SECRET = 'r'.repeat(43);
let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;
let daemon: RunningDaemon;
let link: HubLink;
let puller: BundlePuller;
let centralDir: string;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('key_rotation', { 'FR-MRS': SECRET }));
  app = await buildCentralApp({ db, version: 'test', plugins: [bundlesPlugin] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const c = tempDir('rot-central-');
  cleanups.push(c.cleanup);
  centralDir = c.dir;
  const d = tempDir('rot-post-');
  cleanups.push(d.cleanup);
  daemon = await startTestDaemon(d.dir);
  link = createHubLink({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, kioskId: 'FR-MRS', credential: SECRET });
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

const content = (cnieFee: number): BundleContentInput => ({ fees: { cnie: cnieFee }, services: daemon.ctx.config.services.map((s) => ({ ...s })) });
const publish = async (fee: number) => {
  const r = await publishBundle(db, { dataDir: centralDir, content: content(fee), now: new Date() });
  if (!r.ok) throw new Error(r.detail);
  return r.version;
};
async function cli(args: string[]): Promise<string> {
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  try {
    const program = new Command().exitOverride();
    registerCentralBundles(program.command('central'));
    await program.parseAsync(['node', 'kiosk', 'central', 'bundle', ...args, '--db', tdb.url, '--data', centralDir]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('');
}
const keyChanges = () => db.query<{ seq: number; text: string; signature: string }>('SELECT seq, text, signature FROM bundle_key_changes ORDER BY seq');

describe('bundle key rotation', () => {
  it('a new key only through a statement signed by the old one; the old key refused afterwards', async () => {
    expect(await publish(100)).toBe(1);
    // The puller's own first pull may have taken it already: what matters is that it is held.
    expect(await puller.pullNow()).toMatchObject({ ok: true, refused: [] });
    expect(storedBundles(daemon.ctx.db).map((b) => b.version)).toEqual([1]);
    const first = bundleKey(daemon.ctx.db);
    const oldPrivate = createPrivateKey(readFileSync(join(centralDir, BUNDLE_KEY_FILE)));

    const said = await cli(['key', '--rotate']);
    expect(said).toMatch(/Rotated the bundle signing key/);
    expect(said).toContain('-----BEGIN PUBLIC KEY-----');
    const statements = (await keyChanges()).rows;
    expect(statements).toHaveLength(1);
    expect(await publish(200)).toBe(2);

    // Withheld statement: the bundle signed by the new key does not verify with the pinned key.
    await db.query('DELETE FROM bundle_key_changes');
    const without = await puller.pullNow();
    expect(without).toMatchObject({ ok: true, stored: [], refused: [{ version: 2, reason: expect.stringMatching(/signature/) }] });
    expect(bundleKey(daemon.ctx.db)).toBe(first);

    // The statement served: the post moves to the new key and takes the bundle.
    const s = statements[0]!;
    await db.query('INSERT INTO bundle_key_changes (seq, at, text, signature) VALUES ($1, now(), $2, $3)', [s.seq, s.text, s.signature]);
    expect(await puller.pullNow()).toMatchObject({ ok: true, stored: [2], refused: [] });
    expect(bundleKey(daemon.ctx.db)).not.toBe(first);
    expect(daemon.ctx.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'central.bundle-key-changed'").get()).toEqual({ n: 1 });

    // The old key afterwards: a bundle it signs is refused.
    const now = new Date().toISOString();
    const text = JSON.stringify({ version: 3, publishedAt: now, effectiveAt: now, content: content(1) });
    await db.query('INSERT INTO bundles (version, published_at, effective_at, text, signature, public_key_pem) VALUES (3, $1, $1, $2, $3, $4)', [
      now,
      text,
      signBundleText(text, oldPrivate),
      first,
    ]);
    expect(await puller.pullNow()).toMatchObject({ ok: true, stored: [], refused: [{ version: 3, reason: expect.stringMatching(/signature/) }] });
    expect(storedBundles(daemon.ctx.db).map((b) => b.version)).toEqual([1, 2]);
  }, 90_000);

  it('a key-change statement not signed by the pinned key is refused with the reason; the pinned key stays', async () => {
    await db.query('DELETE FROM bundles WHERE version = 3'); // the old key's bundle of the test above: its refusal is told already
    const pinned = bundleKey(daemon.ctx.db);
    const { generateKeyPairSync, createPublicKey } = await import('node:crypto');
    const rogue = generateKeyPairSync('ed25519').privateKey;
    const pem = (k: typeof rogue) => createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();
    const text = JSON.stringify({ kind: 'bundle-key-change', from: pinned, to: pem(rogue), at: new Date().toISOString() });
    await db.query('INSERT INTO bundle_key_changes (seq, at, text, signature) VALUES (99, now(), $1, $2)', [text, signBundleText(text, rogue)]);
    const r = await puller.pullNow();
    expect(r).toMatchObject({ ok: true });
    expect(puller.status().lastRefusal).toMatchObject({ version: null, reason: expect.stringMatching(/key change.*signature/) });
    expect(bundleKey(daemon.ctx.db)).toBe(pinned);
  }, 30_000);
});
