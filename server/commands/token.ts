// `kiosk token keygen | issue | verify`: make a signing key pair, issue an appointment token (and its QR),
// and verify one offline the way the kiosk does, printing the verdict as JSON.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import type { Command } from 'commander';
import { codeFromTokenId, fromHex, isTestKey, issueToken, verifyToken, verifyTypedCode, TOKEN_PREFIX, type TokenClaims } from '../../domain/appointment';
import { createNodeSigner, generateSigningKey, privateKeyFrom } from '../appointment/crypto';
import { AppointmentsConfig, appointmentRuntime, type TrustedKey } from '../appointment/config';
import { trustedKeysFromDir } from '../appointment/keys-dir';
import { verifyContext } from '../appointment/check-in';
import { openJournal } from '../../store/db';
import { formatConfigErrors, loadConfig } from '../config/load';
import { chosenConfigFile } from './common';
import { feed, type FeedOptions } from './token-feed';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr?: string;
}

const MINUTE = 60_000;
const FIXTURE_SERVICES = fileURLToPath(new URL('../../fixtures/services.json', import.meta.url));

export function keygen(opts: { out: string }): CommandResult {
  const k = generateSigningKey();
  mkdirSync(opts.out, { recursive: true });
  const privateKey = join(opts.out, `${k.kid}.key.pem`);
  const publicKey = join(opts.out, `${k.kid}.pub.pem`);
  writeFileSync(privateKey, k.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKey, k.publicKeyPem, { flag: 'wx' });
  return { exitCode: 0, stdout: JSON.stringify({ kid: k.kid, privateKey, publicKey, publicKeyPem: k.publicKeyPem }, null, 2) };
}

export interface IssueOptions {
  key: string;
  consulate: string;
  appointment: string;
  service: string[];
  persons: string | number;
  slot: string;
  issuer?: string;
  before?: string | number;
  after?: string | number;
  tokenId?: string;
  png?: string;
  json?: boolean;
}

/** QR version at error correction M for a text (alphanumeric mode is picked automatically). */
export function qrVersion(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
}

export async function issue(o: IssueOptions): Promise<CommandResult> {
  const pk = privateKeyFrom(readFileSync(o.key, 'utf8'), o.key);
  if (!pk.ok) return { exitCode: 2, stdout: '', stderr: pk.reason };
  const slot = new Date(o.slot);
  if (Number.isNaN(slot.getTime()))
    return { exitCode: 2, stdout: '', stderr: `--slot "${o.slot}" is not a time: use ISO 8601 with an offset, e.g. 2026-12-01T09:00+01:00` };
  const tokenId = o.tokenId !== undefined ? fromHex(o.tokenId) : new Uint8Array(randomBytes(8));
  if (!tokenId) return { exitCode: 2, stdout: '', stderr: `--token-id "${o.tokenId}" is not hex` };
  const claims: TokenClaims = {
    issuer: o.issuer ?? 'MA-RDV',
    consulate: o.consulate,
    appointmentId: o.appointment,
    services: o.service
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
    persons: Number(o.persons),
    slotStart: slot,
    notBefore: new Date(slot.getTime() - Number(o.before ?? 60) * MINUTE),
    expires: new Date(slot.getTime() + Number(o.after ?? 30) * MINUTE),
    tokenId,
  };
  const r = await issueToken(claims, createNodeSigner(pk.key));
  if (!r.ok) return { exitCode: 2, stdout: '', stderr: `cannot issue: ${r.reason}` };
  if (o.png) await QRCode.toFile(o.png, r.token, { errorCorrectionLevel: 'M', type: 'png', margin: 4, scale: 4 });
  if (!o.json) return { exitCode: 0, stdout: r.token };
  return {
    exitCode: 0,
    stdout: JSON.stringify(
      { token: r.token, code: codeFromTokenId(tokenId), length: r.token.length, qrVersionM: qrVersion(r.token), ...(o.png ? { png: o.png } : {}) },
      null,
      2,
    ),
  };
}

export interface VerifyOptions {
  at?: string;
  keys?: string;
  config?: string;
  consulate?: string;
  services?: string;
  journal?: string;
}

interface VerifySetup {
  appointments: AppointmentsConfig;
  consulate?: string;
  services?: string[];
}

/** Keys, consulate and services of a kiosk config, read and validated exactly as the daemon reads it. */
function setupFromConfig(file: string, flag: string): VerifySetup | string {
  const r = loadConfig(file);
  if (!r.ok) return `${flag}: ${formatConfigErrors(r)}`;
  return { appointments: r.config.appointments, consulate: r.config.consulate.code, services: r.config.services.map((s) => s.code) };
}

/** --keys DIR (public key PEM files) or --keys CONFIG; without --keys, the config `kiosk start` would use. */
function readSetup(o: VerifyOptions): VerifySetup | string {
  if (!o.keys) {
    const chosen = chosenConfigFile(o.config);
    return setupFromConfig(chosen.file, o.config !== undefined ? '--config' : chosen.explicitFile ? 'KIOSK_CONFIG' : 'the Paris sample config');
  }
  const path = resolve(o.keys);
  let st;
  try {
    st = statSync(path);
  } catch {
    return `--keys ${o.keys}: no such file or folder`;
  }
  if (!st.isDirectory()) return setupFromConfig(path, '--keys');
  const trustedKeys: TrustedKey[] = trustedKeysFromDir(path);
  if (trustedKeys.length === 0) return `--keys ${o.keys}: no public key (*.pem with BEGIN PUBLIC KEY) in this folder`;
  return { appointments: AppointmentsConfig.parse({ trustedKeys }) };
}

export async function verify(input: string, o: VerifyOptions): Promise<CommandResult> {
  const setup = readSetup(o);
  if (typeof setup === 'string') return { exitCode: 2, stdout: '', stderr: setup };
  const consulate = o.consulate ?? setup.consulate;
  if (!consulate) return { exitCode: 2, stdout: '', stderr: 'which consulate is this kiosk? give --consulate FR-PAR (or a config with consulate.code)' };
  const at = o.at ? new Date(o.at) : new Date();
  if (Number.isNaN(at.getTime())) return { exitCode: 2, stdout: '', stderr: `--at "${o.at}" is not a time: use ISO 8601, e.g. 2026-12-01T08:30+01:00` };
  const services =
    o.services?.split(',').map((s) => s.trim()) ??
    setup.services ??
    (JSON.parse(readFileSync(FIXTURE_SERVICES, 'utf8')) as { services: Array<{ code: string }> }).services.map((s) => s.code);
  // The CLI is a technician's tool: test keys are accepted, and the verdict says when one was used.
  const rt = appointmentRuntime(setup.appointments, { demo: true });
  if (rt.loaded.problems.length) return { exitCode: 2, stdout: '', stderr: rt.loaded.problems.join('\n') };
  const db = o.journal ? openJournal(o.journal, { readonly: true, migrate: false }) : undefined;
  try {
    const ctx = verifyContext(db, rt, { consulate, services: new Set(services), at });
    const text = input.trim();
    const verdict = text.startsWith(TOKEN_PREFIX) ? await verifyToken(text, ctx) : await verifyTypedCode(text, rt.dayTokensByCode, ctx);
    const kid = verdict.ok ? verdict.appointment.kid : 'kid' in verdict ? verdict.kid : 'appointment' in verdict ? verdict.appointment.kid : undefined;
    const out = { ...verdict, ...(kid !== undefined ? { testKey: isTestKey(kid) } : {}) };
    return { exitCode: verdict.ok ? 0 : 1, stdout: JSON.stringify(out, null, 2) };
  } finally {
    db?.close();
  }
}

function emit(r: CommandResult): void {
  if (r.stdout) process.stdout.write(r.stdout + '\n');
  if (r.stderr) process.stderr.write(r.stderr + '\n');
  process.exitCode = r.exitCode;
}

export function register(program: Command): void {
  const token = program.command('token').description('appointment QR tokens: make keys, issue, verify offline');
  token
    .command('keygen')
    .description('make a P-256 signing key pair: KID.key.pem (private, mode 0600) and KID.pub.pem')
    .requiredOption('--out <dir>', 'folder to write the two PEM files to')
    .action((o: { out: string }) => emit(keygen(o)));
  token
    .command('issue')
    .description('sign an appointment token and print it')
    .requiredOption('--key <file>', 'private key PEM (from keygen)')
    .requiredOption('--consulate <code>', 'consulate code, e.g. FR-PAR')
    .requiredOption('--appointment <id>', 'appointment id')
    .requiredOption('--service <code...>', 'service code(s), e.g. passport')
    .option('--persons <n>', 'number of persons', '1')
    .requiredOption('--slot <time>', 'slot start, ISO 8601 with offset, e.g. 2026-12-01T09:00+01:00')
    .option('--issuer <iss>', 'issuer claim', 'MA-RDV')
    .option('--before <minutes>', 'valid from slot minus this many minutes (nbf)', '60')
    .option('--after <minutes>', 'valid until slot plus this many minutes (exp)', '30')
    .option('--token-id <hex>', 'token id (cti) in hex; random 8 bytes by default')
    .option('--png <file>', 'also write the QR code (error correction M) to this PNG file')
    .option('--json', 'print token, typed code, length and QR version as JSON')
    .action(async (o: IssueOptions) => emit(await issue(o)));
  token
    .command('verify')
    .description('verify a token (or typed code) offline and print the verdict as JSON; exit 1 when refused')
    .argument('<token>', 'the RDV1:… text, or a typed code such as K7M-2QX-9PD')
    .option('--at <time>', 'pretend it is this time (ISO 8601); default now')
    .option('-c, --config <file>', 'kiosk config giving trusted keys, consulate and services (default $KIOSK_CONFIG, else the Paris sample, as kiosk start)')
    .option('--keys <dir|config>', 'instead of the config: a folder of public key PEM files, or another kiosk config file')
    .option('--consulate <code>', "this kiosk's consulate (default: consulate.code of the config)")
    .option('--services <codes>', "comma-separated offered services (default: the config's, else fixtures/services.json)")
    .option('--journal <file>', 'journal to check for an earlier use (read only)')
    .action(async (t: string, o: VerifyOptions) => emit(await verify(t, o)));
  token
    .command('feed')
    .description("sign a day feed (the day's tokens and cancellations) as the booking system publishes it; see domain/appointment/FORMAT.md")
    .requiredOption('--key <file>', 'private key PEM (from keygen)')
    .requiredOption('--consulate <code>', 'consulate code, e.g. FR-PAR')
    .requiredOption('--day <date>', 'the consulate-local day, YYYY-MM-DD')
    .requiredOption('--sequence <n>', 'the feed number: higher than every feed published before for this consulate')
    .option('--tokens <file...>', 'files of RDV1:… tokens, one per line')
    .option('--revoke <ids...>', 'token ids (hex) of cancelled appointments')
    .option('--issued-at <time>', 'ISO 8601; default now')
    .option('--out <file>', 'write the feed there (name it *.rdvfeed for a feed folder) instead of printing it')
    .action(async (o: FeedOptions) => emit(await feed(o)));
}

// Standalone entry for tests and technicians without the full CLI: `npx tsx server/commands/token.ts token …`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { Command } = await import('commander');
  const program = new Command('kiosk');
  register(program);
  await program.parseAsync(process.argv);
}
