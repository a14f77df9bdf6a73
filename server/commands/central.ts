// `kiosk central init|start|migrate|enrol|revoke|posts`: the ministry's central service (issue 16, central/). Its
// database is given with --db or $KIOSK_CENTRAL_DB (postgres://USER:PASSWORD@HOST:5432/DATABASE), its identity's
// folder with --data or $KIOSK_CENTRAL_DATA. `kiosk central join` runs on a post (its hub or a standalone daemon).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CentralDb } from '../../central/db/db';
import { CommandFailed, configOrExit } from './common';
import { registerCentralBundles } from './central-bundles';
import { registerCentralUsers } from './central-users';

interface DbOpts {
  db?: string;
}
interface DataOpts {
  data?: string;
}

const fail = (what: string, detail: string): never => {
  process.stderr.write(`kiosk central ${what}: ${detail}\n`);
  throw new CommandFailed(1);
};

function dbUrl(what: string, o: DbOpts): string {
  const url = o.db ?? process.env.KIOSK_CENTRAL_DB;
  if (!url) return fail(what, 'give the database with --db postgres://USER:PASSWORD@HOST:5432/DATABASE (or set KIOSK_CENTRAL_DB)');
  return url;
}

function dataDir(what: string, o: DataOpts): string {
  const dir = o.data ?? process.env.KIOSK_CENTRAL_DATA;
  if (!dir) return fail(what, "give the central identity's folder with --data DIR (or set KIOSK_CENTRAL_DATA); kiosk central init --data DIR makes it");
  return resolve(dir);
}

async function withDb<T>(what: string, o: DbOpts, run: (db: CentralDb) => Promise<T>): Promise<T> {
  const { openCentralDb } = await import('../../central/db/db');
  const { migrateCentral } = await import('../../central/db/migrations');
  const opened = await openCentralDb({ url: dbUrl(what, o) });
  if (!opened.ok) return fail(what, opened.detail);
  try {
    // The schema the service would make at start: enrolling before the first start works.
    await migrateCentral(opened.db);
    return await run(opened.db);
  } finally {
    await opened.db.end();
  }
}

/** "HOST:PORT", "[::1]:PORT" or ":PORT". */
export function parseListen(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

const dbOption = (c: Command) => c.option('--db <url>', 'the central database, postgres://USER:PASSWORD@HOST:5432/DATABASE (default $KIOSK_CENTRAL_DB)');
const dataOption = (c: Command) => c.option('--data <dir>', "the central identity's folder (default $KIOSK_CENTRAL_DATA)");
const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  const central = program.command('central').description("the ministry's central service (PostgreSQL): every post's events, dashboards, bundles");
  registerCentralBundles(central);
  registerCentralUsers(central);

  dbOption(central.command('migrate').description('create the central database schema or bring it up to date')).action(async (o: DbOpts) => {
    const { openCentralDb } = await import('../../central/db/db');
    const { migrateCentral } = await import('../../central/db/migrations');
    const opened = await openCentralDb({ url: dbUrl('migrate', o) });
    if (!opened.ok) return fail('migrate', opened.detail);
    try {
      const r = await migrateCentral(opened.db);
      process.stdout.write(r.from === r.to ? `Central database already at version ${r.to}\n` : `Central database migrated from version ${r.from} to ${r.to}\n`);
    } catch (err) {
      return fail('migrate', (err as Error).message);
    } finally {
      await opened.db.end();
    }
  });

  dataOption(
    central
      .command('init')
      .description(
        "create the central identity in --data DIR: a central CA (posts pin it through their enrolment code) and the service's TLS certificate, " +
          "or the ministry's own certificate (--cert, --key)",
      )
      .option(
        '--host <name>',
        'a name or address posts reach the service by (repeat); localhost, 127.0.0.1, ::1 and this host name are added (with --cert: each must be in it)',
        collect,
        [],
      )
      .option('--cert <file>', "the ministry's certificate chain for the service (PEM, leaf first, up to its root CA, which posts then pin)")
      .option('--key <file>', 'the key of --cert (PEM, unencrypted)')
      .option('--force', 'replace an existing identity: every post must then join again'),
  ).action(async (o: DataOpts & { host: string[]; cert?: string; key?: string; force?: boolean }) => {
    const { initCentralIdentity } = await import('../../central/tls/identity');
    const r = await initCentralIdentity({
      dataDir: dataDir('init', o),
      hosts: o.host,
      ...(o.cert ? { certFile: o.cert } : {}),
      ...(o.key ? { keyFile: o.key } : {}),
      force: o.force === true,
    });
    if (!r.ok) return fail('init', r.detail);
    const made =
      r.source === 'ministry'
        ? "the ministry's certificate and key (0600); posts pin its root CA"
        : 'a central CA and the service certificate it signed; keys 0600';
    process.stdout.write(
      `Central identity in ${r.dir} (${made}).\n` +
        `Service certificate names: ${r.hosts.join(', ')}\n` +
        `Central CA (posts pin it) SHA-256 fingerprint: ${r.caFingerprint}\n` +
        `Next: kiosk central start --data ${r.dir}, then kiosk central enrol --post ID for each post.\n`,
    );
  });

  dataOption(
    dbOption(
      central
        .command('start')
        .description('run the central service until SIGTERM: migrates the database, then serves the posts and the ministry over HTTPS')
        .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8600')
        .option('--insecure-http', 'serve plain HTTP without an identity: for tests and a local try-out only (credentials and codes cross in clear)'),
    ),
  ).action(async (o: DbOpts & DataOpts & { listen: string; insecureHttp?: boolean }) => {
    const listen = parseListen(o.listen);
    if (!listen) return fail('start', `--listen ${o.listen}: give HOST:PORT, e.g. 0.0.0.0:8600`);
    const db = dbUrl('start', o);
    let https: { key: string; cert: string; caPem: string } | undefined;
    if (!o.insecureHttp) {
      const { centralTlsOptions } = await import('../../central/tls/identity');
      const tls = centralTlsOptions(dataDir('start', o));
      if (!tls.ok) return fail('start', `${tls.detail} (or, for a local try-out only, --insecure-http)`);
      https = { key: tls.key, cert: tls.cert, caPem: tls.caPem };
    } else process.stderr.write('kiosk central start: --insecure-http: plain HTTP, for tests and a local try-out only\n');
    const { startCentral } = await import('../../central/service');
    const { VERSION } = await import('../version');
    const r = await startCentral({ db, ...listen, version: VERSION, ...(https ? { https } : {}) });
    if (!r.ok) return fail('start', r.detail);
    const stopped = new Promise<void>((done) => {
      const stop = () => void r.central.close().then(done);
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    process.stdout.write(`Central service ready: ${r.central.url}\n`);
    await stopped;
  });

  dataOption(
    dbOption(
      central
        .command('enrol')
        .description('print a one-time code with which a post joins the central service (kiosk central join on the post)')
        .requiredOption('--post <id>', "the post, as its config's consulate.code, e.g. FR-PAR")
        .option('--valid-minutes <n>', 'how long the code may be used', '1440')
        .option('--name <text>', "the post's name in the ministry's lists"),
    ),
  ).action(async (o: DbOpts & DataOpts & { post: string; validMinutes: string; name?: string }) => {
    const dir = dataDir('enrol', o);
    const { enrolPost } = await import('../../central/tls/enrol');
    const r = await withDb('enrol', o, (db) =>
      enrolPost(db, dir, { postId: o.post, validMinutes: Number(o.validMinutes), ...(o.name ? { name: o.name } : {}) }),
    );
    if (!r.ok) return fail('enrol', r.detail);
    process.stdout.write(
      `One-time code for post ${r.postId}, valid until ${r.expiresAt}:\n\n  ${r.code}\n\n` +
        `On the post (its hub, or its standalone kiosk): kiosk central join --url https://HOST:PORT --code ${r.code}\n` +
        '(HOST is a name or address of the central service certificate; give the code by a second channel, not with the address)\n',
    );
  });

  dbOption(
    central
      .command('revoke')
      .description("refuse a post's credential from now on (and void its unused codes)")
      .requiredOption('--post <id>', 'the post, e.g. FR-PAR')
      .requiredOption('--reason <text>', 'why (kept with the post)'),
  ).action(async (o: DbOpts & { post: string; reason: string }) => {
    const { revokePostAndCodes } = await import('../../central/db/enrolment');
    const r = await withDb('revoke', o, (db) => revokePostAndCodes(db, { postId: o.post, reason: o.reason, at: new Date() }));
    if (!r.ok)
      return fail(
        'revoke',
        r.reason === 'unknown' ? `no post ${o.post} was ever enrolled (see kiosk central posts)` : `post ${o.post} was already revoked at ${r.revokedAt}`,
      );
    process.stdout.write(`Post ${o.post} revoked at ${r.revokedAt}. To take it back: kiosk central enrol --post ${o.post}, then kiosk central join on it.\n`);
  });

  dbOption(central.command('posts').description('list the posts: enrolled, revoked, last contact').option('--json', 'print JSON')).action(
    async (o: DbOpts & { json?: boolean }) => {
      const { listPosts } = await import('../../central/db/posts');
      const rows = await withDb('posts', o, (db) => listPosts(db));
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      const out = rows.map((p) => ({ ...p, enrolledAt: iso(p.enrolledAt), revokedAt: iso(p.revokedAt), lastContact: iso(p.lastContact) }));
      if (o.json) return void process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      if (out.length === 0) return void process.stdout.write('No post is enrolled yet (kiosk central enrol --post ID).\n');
      const table = [
        ['POST', 'NAME', 'ENROLLED', 'REVOKED', 'LAST CONTACT'],
        ...out.map((p) => [
          p.postId,
          p.name ?? '-',
          p.enrolledAt ?? 'not yet',
          p.revokedAt ? `${p.revokedAt} (${p.revokedReason ?? ''})` : '-',
          p.lastContact ?? 'never',
        ]),
      ];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table)
        process.stdout.write(
          row
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd() + '\n',
        );
    },
  );

  central
    .command('join')
    .description("on a post (its hub or a standalone daemon): join the central service with a one-time code; checks the service's certificate first")
    .requiredOption('--url <url>', "the central service's address, https://HOST:PORT")
    .requiredOption('--code <code>', 'the one-time code printed by kiosk central enrol')
    .option('-c, --config <file>', 'config file giving dataDir and the post (consulate.code)')
    .option('-d, --data <dir>', 'data directory of this post (overrides the config)')
    .option('--insecure-http', 'accept an http:// central service (started with --insecure-http: a local try-out only)')
    .action(async (o: { url: string; code: string; config?: string; data?: string; insecureHttp?: boolean }) => {
      const { config } = configOrExit(o.config);
      const { joinCentral } = await import('../central/join');
      const r = await joinCentral({
        url: o.url,
        code: o.code,
        postId: config.consulate.code,
        timeZone: config.consulate.timeZone,
        dataDir: resolve(o.data ?? config.dataDir),
        insecureHttp: o.insecureHttp === true,
      });
      if (!r.ok) return fail('join', r.detail);
      process.stdout.write(`This post joined the central service at ${new URL(o.url).origin} as post ${r.postId}; its link is in ${r.file}.\n`);
    });
}
