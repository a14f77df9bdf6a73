// `kiosk hub init|enrol|revoke|kiosks|accept-fork`: the post hub's identity, the kiosks it trusts (server/post/trust/), and a
// supervisor's acceptance of a kiosk's forked journal (store/post-event-forks.ts).
import type { Command } from 'commander';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Db } from '../../store/db';
import { CommandFailed, configOrExit } from './common';

interface DataOpts {
  config?: string;
  data?: string;
}

/** The hub's data directory (--data, else the config's dataDir) and the config, for the port and consulate. */
function hubData(o: DataOpts) {
  const { config } = configOrExit(o.config);
  return { dataDir: resolve(o.data ?? config.dataDir), config };
}

const fail = (what: string, detail: string): never => {
  process.stderr.write(`kiosk hub ${what}: ${detail}\n`);
  throw new CommandFailed(1);
};

async function withJournal<T>(dataDir: string, run: (db: Db) => T): Promise<T> {
  const { openJournal } = await import('../../store/db');
  const db = openJournal(join(dataDir, 'journal.sqlite'));
  try {
    return run(db);
  } finally {
    db.close();
  }
}

const dataOptions = (c: Command) =>
  c.option('-c, --config <file>', 'config file giving dataDir').option('-d, --data <dir>', 'data directory of the hub (overrides the config)');

export function register(program: Command): void {
  const hub = program.command('hub').description('the post hub: its identity (CA and TLS certificate) and the kiosks it trusts');

  dataOptions(
    hub
      .command('init')
      .description('create the post identity in <dataDir>/post: a post CA and the hub TLS certificate signed by it (or the consulate certificate)')
      .option(
        '--host <name>',
        'a name or address the hub is reached by (repeat); localhost, 127.0.0.1, ::1 and this PC name are added; with --cert, each must be named in it',
        collect,
        [],
      )
      .option('--cert <file>', "the consulate's own certificate chain (PEM, leaf first, up to its root) for the hub's TLS")
      .option('--key <file>', 'the key of --cert')
      .option('--force', 'replace an existing identity: every enrolled kiosk must then join again'),
  ).action(async (o: DataOpts & { host: string[]; cert?: string; key?: string; force?: boolean }) => {
    const { dataDir, config } = hubData(o);
    const { initPostIdentity } = await import('../post/trust/identity');
    const r = await initPostIdentity({
      dataDir,
      hosts: o.host,
      name: `Kiosk post CA (${config.consulate.code})`,
      ...(o.cert ? { certFile: o.cert } : {}),
      ...(o.key ? { keyFile: o.key } : {}),
      force: o.force === true,
    });
    if (!r.ok) return fail('init', r.detail);
    process.stdout.write(
      `Post identity in ${r.dir} (${r.source === 'post-ca' ? 'a post CA and the hub certificate it signed' : "the consulate's certificate"}).\n` +
        `Hub certificate names: ${r.hosts.join(', ')}\n` +
        `CA (kiosks pin it; counter PCs trust ${join(r.dir, 'ca.pem')}) SHA-256 fingerprint: ${r.caFingerprint}\n` +
        'Next: start the hub (role: hub), then kiosk hub enrol --kiosk ID for each kiosk.\n',
    );
  });

  dataOptions(
    hub
      .command('enrol')
      .description('print a one-time code with which a kiosk joins this hub (kiosk join on the kiosk PC)')
      .requiredOption('--kiosk <id>', 'the kiosk id, e.g. K2')
      .option('--valid-minutes <n>', 'how long the code may be used', '60'),
  ).action(async (o: DataOpts & { kiosk: string; validMinutes: string }) => {
    const { dataDir, config } = hubData(o);
    const { enrolKiosk } = await import('../post/trust/enrol');
    const r = await withJournal(dataDir, (db) => enrolKiosk(db, dataDir, { kioskId: o.kiosk, validMinutes: Number(o.validMinutes) }));
    if (!r.ok) return fail('enrol', r.detail);
    process.stdout.write(
      `One-time code for kiosk ${r.kioskId}, valid until ${r.expiresAt}:\n\n  ${r.code}\n\n` +
        `On the kiosk PC: kiosk join --hub https://${hostname()}:${config.server.port} --code ${r.code}\n` +
        '(use the name or address the kiosk reaches the hub by; it must be one of the hub certificate names)\n',
    );
  });

  dataOptions(
    hub.command('revoke').description("refuse a kiosk's credential from now on (and void its unused codes)").requiredOption('--kiosk <id>', 'the kiosk id'),
  ).action(async (o: DataOpts & { kiosk: string }) => {
    const { dataDir } = hubData(o);
    const { revokeKiosk } = await import('../../store/post-kiosks');
    const r = await withJournal(dataDir, (db) => revokeKiosk(db, o.kiosk, new Date()));
    if (!r.ok)
      return fail(
        'revoke',
        r.reason === 'unknown' ? `no kiosk ${o.kiosk} has joined this hub (see kiosk hub kiosks)` : `kiosk ${o.kiosk} was already revoked at ${r.revokedAt}`,
      );
    process.stdout.write(`Kiosk ${o.kiosk} revoked at ${r.revokedAt}. To take it back: kiosk hub enrol --kiosk ${o.kiosk}, then kiosk join on it.\n`);
  });

  dataOptions(
    hub
      .command('accept-fork')
      .description("take a kiosk's journal as it is now after the hub refused it as forked (the hub's copy is kept as an archived chain)")
      .requiredOption('--kiosk <id>', 'the kiosk id')
      .requiredOption('--reason <text>', 'why (journaled), e.g. "K2 restored from its backup of 08:00 after a disk failure"')
      .option('--from <seq>', 'the first event id to take again (default: where the fork was found)')
      .option('--by <name>', 'who decides (journaled; default: cli:<user>)'),
  ).action(async (o: DataOpts & { kiosk: string; reason: string; from?: string; by?: string }) => {
    const { dataDir } = hubData(o);
    const from = o.from === undefined ? undefined : Number(o.from);
    if (from !== undefined && !Number.isInteger(from)) return fail('accept-fork', `--from must be an event id (a whole number), not "${o.from}"`);
    const { acceptFork } = await import('../../store/post-event-forks');
    const by = o.by ?? `cli:${userInfo().username}`;
    const r = await withJournal(dataDir, (db) => acceptFork(db, { kioskId: o.kiosk, by, reason: o.reason, ...(from !== undefined ? { from } : {}) }));
    if (!r.ok) return fail('accept-fork', r.detail);
    process.stdout.write(
      `Kiosk ${r.kioskId}: its journal is taken again from event ${r.from} (the fork was found at ${r.forkAt}). ` +
        `The ${r.archived} events the hub held from ${r.from} on are kept as ${r.archivedAs} (still in the reports). ` +
        'The kiosk resumes shipping at its next try (within 30 s).\n',
    );
  });

  dataOptions(hub.command('kiosks').description('list the kiosks that joined: enrolled, revoked, last seen').option('--json', 'print JSON')).action(
    async (o: DataOpts & { json?: boolean }) => {
      const { dataDir } = hubData(o);
      const { listKiosks } = await import('../../store/post-kiosks');
      const rows = await withJournal(dataDir, (db) => listKiosks(db));
      if (o.json) return void process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      if (rows.length === 0) return void process.stdout.write('No kiosk has joined this hub yet (kiosk hub enrol --kiosk ID).\n');
      const table = [['KIOSK', 'ENROLLED', 'REVOKED', 'LAST SEEN'], ...rows.map((k) => [k.kioskId, k.enrolledAt, k.revokedAt ?? '-', k.lastSeenAt ?? 'never'])];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table) process.stdout.write(row.map((c, i) => c.padEnd(widths[i]!)).join('  ') + '\n');
    },
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
