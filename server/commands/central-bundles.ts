// `kiosk central bundle key|publish|list` (issue 16, item 4): the ministry's signed bundles. The signing key lives
// in the central data directory (--data, or $KIOSK_CENTRAL_DATA: the folder of `kiosk central init`), created at 0600.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CentralDb } from '../../central/db/db';
import { CommandFailed } from './common';

interface Opts {
  db?: string;
  data?: string;
}

const fail = (what: string, detail: string): never => {
  process.stderr.write(`kiosk central bundle ${what}: ${detail}\n`);
  throw new CommandFailed(1);
};

function dataDir(what: string, o: Opts): string {
  const dir = o.data ?? process.env.KIOSK_CENTRAL_DATA;
  if (!dir) return fail(what, "give the central service's folder with --data DIR (or set KIOSK_CENTRAL_DATA): the one kiosk central init made");
  return resolve(dir);
}

async function withDb<T>(what: string, o: Opts, run: (db: CentralDb) => Promise<T>): Promise<T> {
  const url = o.db ?? process.env.KIOSK_CENTRAL_DB;
  if (!url) return fail(what, 'give the database with --db postgres://USER:PASSWORD@HOST:5432/DATABASE (or set KIOSK_CENTRAL_DB)');
  const { openCentralDb } = await import('../../central/db/db');
  const { migrateCentral } = await import('../../central/db/migrations');
  const opened = await openCentralDb({ url });
  if (!opened.ok) return fail(what, opened.detail);
  try {
    await migrateCentral(opened.db);
    return await run(opened.db);
  } finally {
    await opened.db.end();
  }
}

const options = (c: Command) =>
  c
    .option('--db <url>', 'the central database, postgres://USER:PASSWORD@HOST:5432/DATABASE (default $KIOSK_CENTRAL_DB)')
    .option('--data <dir>', 'the central data directory holding the signing key (default $KIOSK_CENTRAL_DATA)');

export function registerCentralBundles(central: Command): void {
  const bundle = central.command('bundle').description('signed bundles every post applies: fees, chancery rates, appointment keys, revocations, services');

  options(
    bundle
      .command('key')
      .description('create the bundle signing key in the central data directory (0600) if absent, and print its public key')
      .option('--rotate', 'make a new key and publish a key change signed by the old one: posts move to the new key only through it (needs --db)'),
  ).action(async (o: Opts & { rotate?: boolean }) => {
    if (o.rotate) {
      const { rotateBundleKey } = await import('../../central/bundles/rotate');
      const dir = dataDir('key', o);
      const r = await withDb('key', o, (db) => rotateBundleKey(db, dir, new Date()));
      if (!r.ok) return fail('key', r.detail);
      process.stdout.write(
        `Rotated the bundle signing key (key change ${r.seq}, signed by the old key, kept aside in ${r.retired}); posts move to it at their next pull\n` +
          r.publicKeyPem,
      );
      return;
    }
    const { ensureBundleKey } = await import('../../central/bundles/key');
    const k = ensureBundleKey(dataDir('key', o));
    if (!k.ok) return fail('key', k.detail);
    process.stdout.write(`${k.created ? 'Created' : 'Kept'} the bundle signing key ${k.file}\n${k.publicKeyPem}`);
  });

  options(
    bundle
      .command('publish')
      .description('sign and publish a bundle: posts pull it and apply it at its effective time')
      .requiredOption('--file <bundle.json>', 'the content: {"fees": {...}, "chanceryRates": [...], "trustedKeys": [...], "revoked": [...], "services": [...]}')
      .option('--effective <ISO>', 'when posts apply it, e.g. 2026-12-02T08:00:00Z (default: now)'),
  ).action(async (o: Opts & { file: string; effective?: string }) => {
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(o.file, 'utf8'));
    } catch (err) {
      return fail('publish', `cannot read ${o.file} as JSON: ${(err as Error).message}`);
    }
    const effectiveAt = o.effective === undefined ? undefined : new Date(o.effective);
    if (effectiveAt && Number.isNaN(effectiveAt.getTime()))
      return fail('publish', `--effective ${o.effective}: give an ISO instant such as 2026-12-02T08:00:00Z`);
    const { publishBundle } = await import('../../central/bundles/publish');
    const r = await withDb('publish', o, (db) =>
      publishBundle(db, { dataDir: dataDir('publish', o), content, now: new Date(), ...(effectiveAt ? { effectiveAt } : {}) }),
    );
    if (!r.ok) return fail('publish', r.reason === 'content' ? `${o.file} is not a bundle: ${r.detail}` : r.detail);
    process.stdout.write(`Published bundle version ${r.version}, effective ${r.effectiveAt.toISOString()}\n`);
  });

  options(bundle.command('list').description('the published bundles, and the version each post reports it applies')).action(async (o: Opts) => {
    const { appliedByPost, listBundles } = await import('../../central/db/bundles');
    const { bundles, posts } = await withDb('list', o, async (db) => ({ bundles: await listBundles(db), posts: await appliedByPost(db) }));
    const lines = ['version  published                 effective'];
    for (const b of bundles) lines.push(`${String(b.version).padStart(7)}  ${b.publishedAt.toISOString()}  ${b.effectiveAt.toISOString()}`);
    if (bundles.length === 0) lines.push('(none published yet)');
    lines.push('', 'post     applied  reported');
    for (const p of posts)
      lines.push(`${p.postId.padEnd(8)} ${p.version === null ? '-' : String(p.version)}${' '.repeat(8)}${p.reportedAt?.toISOString() ?? 'never'}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
