// Every command README.md's "CLI" section shows, run exactly as written (placeholders such as TOKEN, ID, FILE
// filled with real values made here) through the real bin/kiosk.js as a child process, against a config
// whose journal lives in a temp folder ($KIOSK_CONFIG). Each form of a command runs: without its [optional
// parts], with them, and each `a|b` alternative. A command added to the README is run too; one whose
// placeholders the test cannot fill fails, saying what to add.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { freePort } from '../support/ports';
import { join } from 'node:path';
import { KIOSK_BIN, ROOT, runKiosk, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { openPtyPair } from '../terminal/pty';
import { startLane } from '../chaos/lane';
import { openJournal } from '../../store/db';
import { recordRefundIntent, transitionRefund } from '../../store/refunds';
import { issue } from '../../server/commands/token';
import { runPay } from '../../server/commands/pay';
import { backupCommand } from '../../server/commands/backup';
import { startSimPrinter } from '../../server/commands/sim-printer';
import { sessionsCommand } from '../../server/commands/staff';
import { initPostIdentity } from '../../server/post/trust/identity';
import { enrolKiosk } from '../../server/post/trust/enrol';
import { joinHub } from '../../server/post/trust/join';
import { startHub } from '../post/rig';
import { StaffSessionList } from '../../shared/sessions-api';
import { createTestDatabase } from '../support/postgres';
import { initCentralIdentity, centralTlsOptions } from '../../central/tls/identity';
import { enrolPost } from '../../central/tls/enrol';
import { startCentral } from '../../central/service';
import { joinCentral } from '../../server/central/join';
import { openCentralDb } from '../../central/db/db';
import { migrateCentral } from '../../central/db/migrations';
import { addCentralUser } from '../../central/db/users';
import { makeCa, makeServerCert } from '../../shared/x509';
import { cliSection, commandName, fill, proseCommands, scriptLines, tableCommands, variants, type DocCommand, type Placeholder } from './readme-commands';

const SECTION = cliSection();
const TABLE = tableCommands(SECTION);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TEST_KEY = join(ROOT, 'fixtures/keys/b0ff66afbc2b7fa5.key.pem');
const LONG = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
interface Prepared {
  /** By placeholder ("ID") or by option and placeholder ("--db FILE"). */
  values?: Record<string, string>;
  env?: Record<string, string>;
  stdin?: string;
  cleanup?: () => Promise<void> | void;
}
interface Spec {
  /** 'daemon': runs while a daemon started by the test holds the journal. */
  phase?: 'plain' | 'daemon';
  prepare?: (words: string[]) => Promise<Prepared> | Prepared;
  /** A command that runs until SIGTERM: ready once stdout matches; must then exit 0 on SIGTERM. */
  ready?: RegExp;
  check?: (r: Run, words: string[]) => void;
  /** A failure the README documents: set up by prepare, its exit code read from the row with exitIn. */
  failure?: { what: string; phase?: 'plain' | 'daemon'; exitIn: RegExp; prepare: (words: string[]) => Promise<Prepared> | Prepared };
}

let tmp: { dir: string; cleanup: () => void };
let config: string;
let journal: string;
let configPort: number;
let counter = 0;
const fresh = (name: string) => join(tmp.dir, `${++counter}-${name}`);
const freshDir = () => mkdtempSync(join(tmp.dir, 'dir-'));

const ports: number[] = [];
const nextPort = () => {
  const p = ports.shift();
  if (p === undefined) throw new Error('the test ran out of free ports: reserve more in beforeAll');
  return String(p);
};

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

/** Values for placeholders no spec gives: what an operator would type. */
function defaultValue(name: Placeholder, option: string | null): string | undefined {
  switch (`${option ?? ''} ${name}`.trim()) {
    case '--db FILE':
      return journal;
    case '--days N':
      return '3650';
    case '--by NAME':
      return 'Amina B.';
    case '--scenario NAME':
      return 'approve';
    case '--fault NAME':
      return 'near-end';
    case '--reason TEXT':
      return 'terminal journal checked: nothing charged at 10:42';
    case '--host NAME':
      return 'hub.consulat.local';
    case '--send TEXT':
      return 'K7M-2QX-9PD';
  }
  switch (name) {
    case 'F':
      return config;
    case 'DIR':
      return freshDir();
    case 'FILE':
      return fresh('file');
    case 'N':
      return option === '--port' ? nextPort() : undefined;
    case 'PORT':
      return nextPort();
    case 'DAY':
      return today();
    case 'CODE':
      return '123456';
    default:
      return undefined;
  }
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KIOSK_CONFIG: config };
  delete env.PORT;
  return { ...env, ...extra };
}

interface Child {
  done: Promise<Run>;
  stdout: () => string;
  kill: (s: NodeJS.Signals) => void;
}

/** A documented command line as a child process: `kiosk` is the real bin, run from a temp folder. */
function start(words: string[], o: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}): Child {
  const [cmd, ...args] = words[0] === 'kiosk' ? [process.execPath, KIOSK_BIN, ...words.slice(1)] : words;
  const child = spawn(cmd!, args, { cwd: o.cwd ?? tmp.dir, env: childEnv(o.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(o.stdin ?? '');
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, stdout: () => stdout, kill: (s) => child.kill(s) };
}

async function waitFor(cond: () => boolean, what: string, child?: Child, ms = 60_000): Promise<void> {
  let exited: Run | null = null;
  void child?.done.then((r) => (exited = r));
  const until = Date.now() + ms;
  while (!cond()) {
    if (exited) throw new Error(`${what}: the process exited first (${JSON.stringify(exited)})`);
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

async function validToken(): Promise<{ token: string; slot: Date }> {
  const slot = new Date(Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000);
  const r = await issue({ key: TEST_KEY, consulate: 'FR-PAR', appointment: 'A-7', service: ['passport'], persons: 1, slot: slot.toISOString() });
  expect(r.exitCode).toBe(0);
  return { token: r.stdout, slot };
}

async function printerAt(faults: string[] = []): Promise<Prepared> {
  const r = await startSimPrinter({ listen: '127.0.0.1:0', fault: faults });
  if (!r.ok) throw new Error(r.reason);
  return { values: { URL: r.sim.address }, cleanup: () => r.sim.close() };
}

/** A data dir of its own and a config pointing at it (the test's Paris config otherwise), for commands that set up a post. */
function ownConfig(extra: Record<string, unknown>): { dir: string; file: string } {
  const dir = freshDir();
  const file = join(dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify({ ...json(readFileSync(config, 'utf8')), dataDir: dir, ...extra }, null, 2));
  return { dir, file };
}

/** A hub's data dir after `kiosk hub init`, as KIOSK_CONFIG. */
async function hubData(): Promise<Prepared> {
  const c = ownConfig({ role: 'hub' });
  const r = await initPostIdentity({ dataDir: c.dir, hosts: [] });
  if (!r.ok) throw new Error(r.detail);
  return { env: { KIOSK_CONFIG: c.file } };
}

/** A running hub (its own `kiosk start`) where kiosk K2 has joined, or has only been enrolled (its code in `values`). */
async function hubWithK2(joined: boolean): Promise<Prepared> {
  const hub = await startHub(freshDir());
  try {
    const db = openJournal(join(hub.dir, 'journal.sqlite'));
    let code: string;
    try {
      const e = enrolKiosk(db, hub.dir, { kioskId: 'K2', validMinutes: 10 });
      if (!e.ok) throw new Error(e.detail);
      code = e.code;
    } finally {
      db.close();
    }
    const kiosk = ownConfig({ role: 'kiosk', kioskId: 'K2' });
    if (joined) {
      const j = await joinHub({ hubUrl: hub.url, code, dataDir: kiosk.dir });
      if (!j.ok) throw new Error(j.detail);
    }
    return {
      values: { URL: hub.url, CODE: code },
      // hub commands read the hub's data dir; join runs on the kiosk's
      env: { KIOSK_CONFIG: joined ? writeHubConfig(hub.dir) : kiosk.file },
      cleanup: () => hub.stop(),
    };
  } catch (e) {
    await hub.stop();
    throw e;
  }
}

function writeHubConfig(dir: string): string {
  const file = join(dir, 'readme-hub.json');
  writeFileSync(file, JSON.stringify({ ...json(readFileSync(config, 'utf8')), role: 'hub', dataDir: dir }, null, 2));
  return file;
}

/** The id of an open staff session, after a supervisor signed in to the daemon the test started. */
async function openSessionId(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${daemonPort}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'sofia', pin: '3333', app: 'reports' }),
  });
  expect(res.status).toBe(200);
  let out = '';
  expect(sessionsCommand(journal, { write: (s: string) => ((out += s), true) })).toBe(0);
  const open = StaffSessionList.parse(JSON.parse(out)).sessions.filter((x) => x.user.id === 'sofia');
  expect(open.length).toBeGreaterThan(0);
  return open.at(-1)!.id;
}

/**
 * A central service's database and identity (as KIOSK_CENTRAL_DB and KIOSK_CENTRAL_DATA), with post FR-PAR enrolled
 * (its code in `values`) and, with `serve`, the service running over HTTPS in this process (its URL in `values`).
 */
async function centralWith(o: { enrol?: boolean; serve?: boolean } = {}): Promise<Prepared> {
  const tdb = await createTestDatabase('readme');
  const dir = freshDir();
  const made = await initCentralIdentity({ dataDir: dir, hosts: [] });
  if (!made.ok) throw new Error(made.detail);
  const values: Record<string, string> = { '--data DIR': dir };
  const cleanups: Array<() => Promise<void>> = [() => tdb.drop()];
  try {
    const tls = centralTlsOptions(dir);
    if (!tls.ok) throw new Error(tls.detail);
    const started = await startCentral({ db: tdb.url, host: '127.0.0.1', port: 0, version: VERSION, https: tls });
    if (!started.ok) throw new Error(started.detail);
    cleanups.unshift(() => started.central.close());
    values.URL = started.central.url;
    if (o.enrol) {
      const e = await enrolPost(started.central.db, dir, { postId: 'FR-PAR', validMinutes: 30 });
      if (!e.ok) throw new Error(e.detail);
      values.CODE = e.code;
    }
    if (!o.serve) await cleanups.shift()!();
  } catch (e) {
    for (const c of cleanups) await c();
    throw e;
  }
  return {
    values,
    env: { KIOSK_CENTRAL_DB: tdb.url, KIOSK_CENTRAL_DATA: dir },
    cleanup: async () => {
      for (const c of cleanups) await c();
    },
  };
}

/** The ministry's certificate (from a CA of its own, made here) and key, as `--cert FILE`, `--key FILE` and the host it names. */
async function ministryCert(): Promise<Prepared> {
  const now = new Date();
  const ca = await makeCa({ name: 'Ministry root CA', now });
  const leaf = await makeServerCert({ ca, hosts: ['central.ministry.test'], now });
  const cert = fresh('ministry.pem');
  const key = fresh('ministry.key');
  writeFileSync(cert, leaf.certPem + ca.certPem);
  writeFileSync(key, leaf.keyPem, { mode: 0o600 });
  return { values: { '--cert FILE': cert, '--key FILE': key, '--host NAME': 'central.ministry.test' } };
}

/** A central database with users amina (admin) and karim (viewer); NAME is `name` (default karim). */
async function centralWithUsers(name = 'karim'): Promise<Prepared> {
  const c = await centralWith();
  const opened = await openCentralDb({ url: c.env!.KIOSK_CENTRAL_DB! });
  if (!opened.ok) throw new Error(opened.detail);
  try {
    await migrateCentral(opened.db);
    for (const [n, role] of [
      ['amina', 'admin'],
      ['karim', 'viewer'],
    ] as const) {
      const r = await addCentralUser(opened.db, { name: n, role, password: `${n}: a long passphrase`, by: { name: 'test', via: 'cli' } });
      if (!r.ok) throw new Error(r.detail);
    }
  } finally {
    await opened.db.end();
  }
  return { ...c, values: { ...c.values, NAME: name } };
}

/** A post (the Paris config with a data dir of its own) with a central service to join, its code in `values`. */
async function postToJoin(alreadyUsed: boolean): Promise<Prepared> {
  const c = await centralWith({ enrol: true, serve: true });
  if (alreadyUsed) {
    const j = await joinCentral({ url: c.values!.URL!, code: c.values!.CODE!, postId: 'FR-PAR', dataDir: freshDir() });
    if (!j.ok) throw new Error(j.detail);
  }
  return { ...c, env: { KIOSK_CONFIG: ownConfig({}).file } };
}

let daemonPort = 0;

const SPECS: Record<string, Spec> = {
  'kiosk start': { ready: /Kiosk ready: http:\/\/\S+/ },
  'kiosk config check': {
    failure: { what: 'a config with bad fields', exitIn: /exit (\d)/, prepare: () => ({ values: { F: join(ROOT, 'fixtures/config/broken.yaml') } }) },
  },
  'kiosk diag': {
    phase: 'daemon',
    // The daemon listens on PORT, not on the config's port: diag must look where `kiosk start` listens.
    prepare: (w) => (w.includes('--port') ? { values: { '--port N': String(daemonPort) } } : { env: { PORT: String(daemonPort) } }),
    check: (r, w) => {
      if (w.includes('--json'))
        expect((json(r.stdout).checks as Array<{ name: string }>).find((c) => c.name === 'daemon')).toMatchObject({
          ok: true,
          detail: expect.stringMatching(/^running/),
        });
      else expect(r.stdout).toMatch(/\[ ok \] daemon\s+running/);
    },
  },
  'kiosk support-bundle': { check: (r) => expect(existsSync(String(json(r.stdout).out))).toBe(true) },
  'kiosk token issue': { prepare: () => ({ values: { K: TEST_KEY.replace(/\.pem$/, ''), '--appointment ID': 'A-1' } }) },
  'kiosk token feed': {
    prepare: async () => {
      const tokens = fresh('tokens.txt');
      writeFileSync(tokens, `${(await validToken()).token}\n`);
      return {
        values: {
          K: TEST_KEY.replace(/\.pem$/, ''),
          DAY: '2026-12-02',
          N: '4',
          '--tokens FILE': tokens,
          ID: '0011223344556677',
          '--out FILE': fresh('day.rdvfeed'),
        },
      };
    },
    check: (r, w) => {
      const text = w.includes('--out') ? readFileSync(String(json(r.stdout).out), 'utf8') : r.stdout;
      expect(text).toMatch(/^RDVFEED1:[A-Za-z0-9_-]+\s*$/);
    },
  },
  'kiosk token verify': {
    prepare: async () => {
      const t = await validToken();
      return { values: { TOKEN: t.token, TIME: new Date(t.slot.getTime() - 10 * 60_000).toISOString() } };
    },
    check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true, appointment: { consulate: 'FR-PAR' } }),
    failure: {
      what: 'a token past its window',
      exitIn: /exit (\d) when refused/,
      prepare: async () => {
        const t = await validToken();
        return { values: { TOKEN: t.token, TIME: new Date(t.slot.getTime() + 3 * 3600_000).toISOString() } };
      },
    },
  },
  'kiosk pay': {
    prepare: async (w) => {
      const lane = await startLane(w[w.indexOf('--protocol') + 1] === 'zvt' ? 'zvt' : 'concert', { thinkMs: 0, prefix: 'readme-pay-' });
      return { values: { PATH: lane.kioskPort }, cleanup: () => lane.close() };
    },
    check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true, outcome: 'approved' }),
  },
  'kiosk payments reconcile': {
    prepare: async () => {
      const lane = await startLane('zvt', { thinkMs: 0, prefix: 'readme-rec-' });
      return { values: { P: 'zvt', PATH: lane.kioskPort }, cleanup: () => lane.close() };
    },
    check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true, lock: { state: 'ready' } }),
  },
  'kiosk payments settle': {
    // A payment whose answer was lost: only staff can say what the terminal did.
    prepare: async () => {
      const r = await runPay({
        protocol: 'concert',
        port: 'sim',
        scenario: 'answer-lost',
        timer: ['answerMs=300'],
        amount: '5.00',
        currency: 'EUR',
        db: journal,
        kioskId: 'K1',
        terminalId: 'terminal',
      });
      expect(r.json).toMatchObject({ outcome: 'unknown' });
      return { values: { ID: String(r.json.paymentId) } };
    },
    check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true }),
  },
  'kiosk payments refund': {
    // A payment taken on a simulator behind a pty, refunded on the same terminal (ZVT: reversed by its receipt number).
    prepare: async (w) => {
      const protocol = w[w.indexOf('--protocol') + 1] === 'zvt' ? 'zvt' : 'concert';
      const lane = await startLane(protocol, { thinkMs: 0, prefix: 'readme-refund-' });
      const r = await runPay({ protocol, port: lane.kioskPort, amount: '30.00', currency: 'EUR', db: journal, kioskId: 'K1', terminalId: 'terminal' });
      expect(r.json).toMatchObject({ ok: true, outcome: 'approved' });
      return { values: { PATH: lane.kioskPort, ID: String(r.json.paymentId) }, cleanup: () => lane.close() };
    },
    check: (r, w) => expect(json(r.stdout)).toMatchObject({ ok: true, outcome: 'refunded', fullyRefunded: !w.includes('--amount') }),
  },
  'kiosk payments refund-settle': {
    // A refund whose outcome is unknown (as Concert leaves one cut off by a crash): only staff can say what the terminal did.
    prepare: async () => {
      const pay = await runPay({ protocol: 'concert', port: 'sim', amount: '30.00', currency: 'EUR', db: journal, kioskId: 'K1', terminalId: 'terminal' });
      expect(pay.json).toMatchObject({ ok: true, outcome: 'approved' });
      const id = `rf-readme-${++counter}`;
      const db = openJournal(journal);
      try {
        const paymentId = String(pay.json.paymentId);
        expect(
          recordRefundIntent(db, { id, paymentId, method: 'refund', kioskId: 'K1', terminalId: 'terminal', why: 'wrong fee', requestedBy: 'sup' }).ok,
        ).toBe(true);
        expect(transitionRefund(db, id, 'sent', {}, 'service').ok).toBe(true);
        expect(transitionRefund(db, id, 'unknown', { reason: 'answer lost' }, 'service').ok).toBe(true);
      } finally {
        db.close();
      }
      return { values: { ID: id } };
    },
    check: (r, w) => expect(json(r.stdout)).toMatchObject({ ok: true, state: w.includes('not-refunded') ? 'settled_not_refunded' : 'settled_refunded' }),
  },
  'kiosk print ticket': { prepare: () => printerAt(), check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true }) },
  'kiosk print test': { prepare: () => printerAt(), check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true }) },
  'kiosk printer status': {
    prepare: () => printerAt(),
    check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true, state: 'ok' }),
    failure: { what: 'a printer out of paper', exitIn: /exit (\d) unless ok/, prepare: () => printerAt(['paper-out']) },
  },
  'kiosk sim terminal': {
    prepare: async () => {
      const pair = await openPtyPair();
      return { values: { PATH: pair.terminal }, cleanup: () => pair.close() };
    },
    ready: /"event":"listening"/,
  },
  'kiosk sim printer': { ready: /"event":"listening"/ },
  'kiosk sim scanner': {
    prepare: async () => {
      const pair = await openPtyPair();
      return { values: { PATH: pair.kiosk }, cleanup: () => pair.close() };
    },
  },
  // Answers typed on stdin (no tty: readline reads lines); no device test is asked for. With --section: one part
  // of an existing config; with --code: the first-run page's code.
  'kiosk setup': {
    prepare: (words): Prepared => {
      const file = fresh(words.includes('--code') ? 'kiosk.yaml' : 'setup.yaml');
      if (words.includes('--code')) return { values: { FILE: file } };
      if (words.includes('--section')) {
        writeFileSync(file, JSON.stringify({ ...json(readFileSync(config, 'utf8')), demo: false }));
        return { values: { FILE: file, NAME: 'printer' }, stdin: 'tcp://127.0.0.1:9\n58\nn\n' };
      }
      const consulate = 'FR-LYS\n\n\nالقنصلية\nConsulat\nEurope/Paris\nEUR\n0.093\n';
      // Terminal: no status, no test payment; printer: no test page; scanner: no scan.
      const devices = '\n/dev/ttyACM0\nn\nn\ntcp://127.0.0.1:9\n\nn\n\n/dev/ttyACM1\nn\n';
      return { values: { FILE: file }, stdin: consulate + devices + 'amina.b\nAmina B.\n\n4711\n4711\n\n\n\n' };
    },
    check: (r, words) => {
      if (words.includes('--code')) return expect(r.stdout).toMatch(/One-time setup code for the kiosk screen: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
      expect(r.stdout).toMatch(/Wrote \S+ \(mode 0600/);
      expect(r.stdout).not.toContain('4711');
    },
  },
  'kiosk staff hash-pin': { prepare: () => ({ stdin: '4711\n' }), check: (r) => expect(json(r.stdout).pinHash).toMatch(/^scrypt\$/) },
  'kiosk journal verify': { check: (r) => expect(json(r.stdout)).toMatchObject({ ok: true }) },
  'kiosk backup': { phase: 'daemon' },
  'kiosk restore': {
    prepare: async () => {
      const out = fresh('backup.sqlite');
      expect(await backupCommand(journal, out, null, { out: { write: () => true } })).toBe(0);
      return { values: { FILE: out } };
    },
    failure: {
      what: 'while a daemon holds the journal',
      phase: 'daemon',
      exitIn: /\(exit (\d)\)/,
      prepare: async () => {
        const out = fresh('backup.sqlite');
        expect(await backupCommand(journal, out, null, { out: { write: () => true } })).toBe(0);
        return { values: { FILE: out } };
      },
    },
  },
  'kiosk staff sessions': { check: (r) => expect(Array.isArray(json(r.stdout).sessions)).toBe(true) },
  'kiosk staff revoke': {
    phase: 'daemon',
    prepare: async () => ({ values: { ID: await openSessionId() } }),
    check: (r) => expect(r.stdout).not.toBe(''),
    failure: {
      what: 'no open session has this id',
      phase: 'daemon',
      exitIn: /exit (\d) when no open session/,
      prepare: () => ({ values: { ID: 'no-such-session' } }),
    },
  },
  'kiosk hub init': {
    prepare: () => ({ env: { KIOSK_CONFIG: ownConfig({ role: 'hub' }).file } }),
    check: (r) => expect(r.stdout).toMatch(/^Post identity in /),
    failure: { what: 'a post identity exists already', exitIn: /exit (\d) when one exists/, prepare: hubData },
  },
  'kiosk hub enrol': { prepare: hubData, check: (r) => expect(r.stdout).toMatch(/^One-time code for kiosk K2, valid until /) },
  'kiosk hub kiosks': {
    prepare: () => hubWithK2(true),
    check: (r, w) => {
      if (w.includes('--json')) expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ kioskId: 'K2' })]);
      else expect(r.stdout).toMatch(/\bK2\b/);
    },
  },
  'kiosk hub revoke': {
    prepare: () => hubWithK2(true),
    check: (r) => expect(r.stdout).toMatch(/^Kiosk K2 revoked at /),
    failure: { what: 'a kiosk that never joined', exitIn: /exit (\d) when no such kiosk/, prepare: hubData },
  },
  'kiosk join': {
    prepare: () => hubWithK2(false),
    check: (r) => expect(r.stdout).toMatch(/joined the hub at https:\/\/127\.0\.0\.1:\d+ as kiosk K2/),
    failure: {
      what: 'a code used already',
      exitIn: /exit (\d) when refused/,
      prepare: async () => {
        const p = await hubWithK2(false);
        const j = await joinHub({ hubUrl: p.values!.URL!, code: p.values!.CODE!, dataDir: freshDir() });
        if (!j.ok) throw new Error(j.detail);
        return p;
      },
    },
  },
  'kiosk central init': {
    prepare: (w) => (w.includes('--cert') ? ministryCert() : {}),
    check: (r) => expect(r.stdout).toMatch(/^Central identity in /),
    failure: {
      what: 'a central identity exists already',
      exitIn: /exit (\d) when one exists/,
      prepare: async (w) => {
        const c = await centralWith();
        return w.includes('--cert') ? { ...c, values: { ...c.values, ...(await ministryCert()).values } } : c;
      },
    },
  },
  'kiosk central start': { prepare: () => centralWith(), ready: /Central service ready: https:\/\/127\.0\.0\.1:\d+/ },
  'kiosk central enrol': {
    prepare: async () => {
      const c = await centralWith();
      return { ...c, values: { ...c.values, '--valid-minutes N': '30', '--name TEXT': 'Consulat général du Royaume du Maroc à Paris' } };
    },
    check: (r) => expect(r.stdout).toMatch(/^One-time code for post FR-PAR, valid until /),
  },
  'kiosk central revoke': {
    prepare: () => centralWith({ enrol: true }),
    check: (r) => expect(r.stdout).toMatch(/^Post FR-PAR revoked at /),
    failure: { what: 'a post never enrolled', exitIn: /exit (\d) when no such post/, prepare: () => centralWith() },
  },
  'kiosk central posts': {
    prepare: () => centralWith({ enrol: true }),
    check: (r, w) => {
      if (w.includes('--json')) expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ postId: 'FR-PAR', enrolledAt: null })]);
      else expect(r.stdout).toMatch(/^FR-PAR\b/m);
    },
  },
  'kiosk central migrate': {
    prepare: () => centralWith(),
    check: (r) => expect(r.stdout).toMatch(/^Central database (already at version|migrated from version) /),
  },
  'kiosk central user add': {
    prepare: async () => {
      const c = await centralWith();
      const file = fresh('password');
      writeFileSync(file, 'amina: a long passphrase for the ministry\n', { mode: 0o600 });
      return { ...c, values: { ...c.values, '--name NAME': 'amina', '--password-file F': file } };
    },
    check: (r) => expect(r.stdout).toMatch(/^Central user amina added \(admin\)/),
  },
  'kiosk central user role': {
    prepare: () => centralWithUsers(),
    check: (r, w) => expect(r.stdout).toMatch(new RegExp(`^Central user karim is now ${w.at(-1)} \\(was viewer\\)`)),
    failure: { what: 'an unknown user', exitIn: /exit (\d) for an unknown user/, prepare: () => centralWithUsers('nobody') },
  },
  'kiosk central user password': {
    prepare: async (w) => {
      const c = await centralWithUsers();
      if (!w.includes('--password-file')) return { ...c, stdin: 'karim: a new long passphrase\n' };
      const file = fresh('password');
      writeFileSync(file, 'karim: a new long passphrase\n', { mode: 0o600 });
      return { ...c, values: { ...c.values, '--password-file F': file } };
    },
    check: (r) => expect(r.stdout).toMatch(/^Central user karim: password changed; their sessions are closed/),
    failure: {
      what: 'a password too short',
      exitIn: /exit (\d) when it is too short/,
      prepare: async () => {
        const c = await centralWithUsers();
        const file = fresh('password');
        writeFileSync(file, 'short\n', { mode: 0o600 });
        return { ...c, values: { ...c.values, '--password-file F': file } };
      },
    },
  },
  'kiosk central user log': {
    prepare: () => centralWithUsers(),
    check: (r, w) => {
      if (w.includes('--json'))
        expect(JSON.parse(r.stdout)).toContainEqual(expect.objectContaining({ by: 'test', action: 'added', user: 'karim', to: 'viewer' }));
      else expect(r.stdout).toMatch(/ test \(cli\) {2}karim {2}added viewer$/m);
    },
  },
  'kiosk central bundle key': {
    prepare: () => centralWith(),
    check: (r, w) =>
      expect(r.stdout).toMatch(
        w.includes('--rotate') ? /^Rotated the bundle signing key \(key change 1, signed by the old key/ : /^Created the bundle signing key /,
      ),
  },
  'kiosk central bundle publish': {
    prepare: async () => {
      const c = await centralWith();
      return { ...c, values: { ...c.values, '--file F': join(ROOT, 'fixtures/central/bundle.json'), '--effective TIME': '2026-12-02T08:00:00Z' } };
    },
    check: (r) => expect(r.stdout).toMatch(/^Published bundle version 1, effective \d{4}-\d\d-\d\dT/),
    failure: {
      what: 'a file that is not a bundle',
      exitIn: /exit (\d) on a file that is not a bundle/,
      prepare: async () => {
        const c = await centralWith();
        return { ...c, values: { ...c.values, '--file F': join(ROOT, 'fixtures/config/paris.json'), '--effective TIME': '2026-12-02T08:00:00Z' } };
      },
    },
  },
  'kiosk central bundle list': {
    prepare: () => centralWith({ enrol: true }),
    check: (r) => expect(r.stdout).toMatch(/^version +published +effective\n\(none published yet\)\n\npost +applied +reported\nFR-PAR /),
  },
  'kiosk central join': {
    prepare: () => postToJoin(false),
    check: (r) => expect(r.stdout).toMatch(/joined the central service at https:\/\/127\.0\.0\.1:\d+ as post FR-PAR/),
    failure: { what: 'a code used already', exitIn: /exit (\d) when refused/, prepare: () => postToJoin(true) },
  },
};

async function runDocumented(doc: DocCommand, words: string[], spec: Spec, prepare = spec.prepare, expectExit = 0): Promise<Run> {
  const p: Prepared = (await prepare?.(words)) ?? {};
  try {
    const filled = fill(words, (name, option) => {
      const v = p.values?.[`${option} ${name}`] ?? p.values?.[name] ?? defaultValue(name, option);
      if (v === undefined) throw new Error(`no value for ${name}${option ? ` after ${option}` : ''} in "${doc.text}": give the test one in SPECS`);
      return v;
    });
    const child = start(filled, { ...(p.env ? { env: p.env } : {}), ...(p.stdin !== undefined ? { stdin: p.stdin } : {}) });
    if (spec.ready && expectExit === 0) {
      await waitFor(() => spec.ready!.test(child.stdout()), `${filled.join(' ')} ready`, child);
      child.kill('SIGTERM');
    }
    const r = await child.done;
    expect(r.code, `${filled.join(' ')}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(expectExit);
    return r;
  } finally {
    await p.cleanup?.();
  }
}

/** The (command, form) pairs of the table that run in a phase. */
function cases(phase: 'plain' | 'daemon'): Array<[string, DocCommand, string[]]> {
  const out: Array<[string, DocCommand, string[]]> = [];
  for (const doc of TABLE) {
    for (const words of variants(doc.text)) {
      const spec = SPECS[commandName(words)] ?? {};
      if ((spec.phase ?? 'plain') === phase) out.push([words.join(' '), doc, words]);
    }
  }
  return out;
}
function failures(phase: 'plain' | 'daemon'): Array<[string, DocCommand, string[], NonNullable<Spec['failure']>]> {
  const out: Array<[string, DocCommand, string[], NonNullable<Spec['failure']>]> = [];
  for (const doc of TABLE) {
    const all = variants(doc.text);
    const f = SPECS[commandName(all[0]!)]?.failure;
    if (f && (f.phase ?? 'plain') === phase) out.push([`${all.at(-1)!.join(' ')}: ${f.what}`, doc, all.at(-1)!, f]);
  }
  return out;
}

beforeAll(async () => {
  tmp = tempDir('kiosk-readme-');
  for (let i = 0; i < 30; i++) ports.push(await freePort());
  configPort = Number(nextPort());
  const data = join(tmp.dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  journal = join(data, 'journal.sqlite');
  const paris = json(readFileSync(join(ROOT, 'fixtures/config/paris.json'), 'utf8'));
  config = join(tmp.dir, 'kiosk.json');
  writeFileSync(config, JSON.stringify({ ...paris, dataDir: data, server: { host: '127.0.0.1', port: configPort } }, null, 2));
  openJournal(journal).close();
});
afterAll(() => tmp?.cleanup());

describe('README CLI section', () => {
  it('documents every command in full (no "…" to guess)', () => {
    expect(TABLE.length).toBeGreaterThan(15);
    expect(proseCommands(SECTION)).toContain('npx kiosk --version');
    for (const doc of TABLE) expect(doc.text, doc.row).not.toContain('…');
  });

  it.each(proseCommands(SECTION))(
    '%s prints the kiosk version',
    async (text) => {
      const r = await start(text.split(/\s+/), { cwd: ROOT }).done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
    },
    LONG,
  );

  describe('without a daemon', () => {
    it.each(cases('plain'))(
      '%s',
      async (_name, doc, words) => {
        const spec = SPECS[commandName(words)] ?? {};
        const r = await runDocumented(doc, words, spec);
        spec.check?.(r, words);
      },
      LONG,
    );

    it.each(failures('plain'))(
      '%s',
      async (_name, doc, words, f) => {
        await runDocumented(doc, words, SPECS[commandName(words)]!, f.prepare, Number(f.exitIn.exec(doc.row)?.[1] ?? NaN));
      },
      LONG,
    );
  });

  describe('with a daemon running on PORT', () => {
    let daemon: KioskProcess;
    beforeAll(async () => {
      daemonPort = Number(nextPort());
      daemon = runKiosk(['start'], { KIOSK_CONFIG: config, PORT: String(daemonPort) });
      await daemon.ready;
    });
    afterAll(async () => {
      daemon.child.kill('SIGTERM');
      expect(await daemon.exited).toBe(0);
    });

    it.each(cases('daemon'))(
      '%s',
      async (_name, doc, words) => {
        const spec = SPECS[commandName(words)] ?? {};
        const r = await runDocumented(doc, words, spec);
        spec.check?.(r, words);
      },
      LONG,
    );

    it.each(failures('daemon'))(
      '%s',
      async (_name, doc, words, f) => {
        await runDocumented(doc, words, SPECS[commandName(words)]!, f.prepare, Number(f.exitIn.exec(doc.row)?.[1] ?? NaN));
      },
      LONG,
    );
  });

  it('the "try the devices without hardware" script runs as written', async () => {
    const lines = scriptLines(SECTION);
    expect(lines.length).toBeGreaterThan(0);
    // The script's example paths and TCP port, moved into this test's temp folder and a free port.
    const port = nextPort();
    const subst = (s: string) => s.replace(/\/tmp\/(\w+)/g, (_m, name: string) => join(tmp.dir, `script-${name}`)).replace(/\b9100\b/g, port);
    const background: Child[] = [];
    try {
      for (const l of lines) {
        const words = subst(l.text).split(/\s+/);
        const child = start(words);
        if (l.background) {
          background.push(child);
          const links = words.flatMap((w) => [...w.matchAll(/link=([^,\s]+)/g)].map((m) => m[1]!));
          if (links.length) await waitFor(() => links.every((p) => existsSync(p)), `${l.text}: pty links`, child);
          else await waitFor(() => child.stdout().includes('\n'), `${l.text}: first line`, child);
          continue;
        }
        const r = await child.done;
        expect(r.code, `${l.text}\n${r.stdout}\n${r.stderr}`).toBe(0);
        const said = l.comment ? subst(l.comment) : undefined;
        if (said?.startsWith('{')) {
          for (const [, key, value] of said.matchAll(/"(\w+)":("[^"]*"|\w+)/g)) expect(json(r.stdout)[key!]).toEqual(JSON.parse(value!));
        } else if (said?.startsWith('/')) {
          await waitFor(() => existsSync(said.split(/\s/)[0]!), `${said} written`);
        }
      }
    } finally {
      for (const c of background.reverse()) {
        c.kill('SIGTERM');
        await c.done;
      }
    }
  }, 120_000);
});
