// The one-time code that unlocks the first-run page of the kiosk screen. Made at install (the package's
// postinst runs `kiosk setup --code`) or by hand, printed once, stored only as a scrypt hash beside the config
// (root's, 0600), valid for a week, and guessing is slowed: after 5 wrong codes in 15 minutes every try is
// refused until the oldest of them is 15 minutes old. The failures are in the file, so a restart does not
// reset them. The code is spent when the page writes the config.
import { randomInt } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { scryptHash, scryptVerify } from '../../shared/scrypt-hash';

export const CODE_TTL_MS = 7 * 24 * 3600_000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
// No 0/O, 1/I/L: read off a terminal and typed on a touch screen.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const Stored = z.strictObject({ hash: z.string(), expiresAt: z.number(), failures: z.array(z.number()) });
type Stored = z.infer<typeof Stored>;

/** Where the code of a config lives: beside it (/etc/consulate-kiosk/setup-code.json). */
export const codeFileFor = (configFile: string): string => join(dirname(configFile), 'setup-code.json');

function save(file: string, s: Stored): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(s) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function load(file: string): Stored | null {
  if (!existsSync(file)) return null;
  try {
    const r = Stored.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Makes a new code (any older one stops working) and returns it: the only time it is seen in clear. */
export async function makeCode(file: string, now = Date.now()): Promise<{ code: string; expiresAt: number }> {
  let raw = '';
  for (let i = 0; i < 12; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  const code = raw.match(/.{4}/g)!.join('-');
  const expiresAt = now + CODE_TTL_MS;
  save(file, { hash: await scryptHash(normalise(code)), expiresAt, failures: [] });
  return { code, expiresAt };
}

const normalise = (typed: string) => typed.toUpperCase().replace(/[^A-Z0-9]/g, '');

export type CodeCheck = { ok: true } | { ok: false; reason: 'no-code' | 'expired' | 'locked' | 'wrong'; detail: string };

export async function checkCode(file: string, typed: string, now = Date.now()): Promise<CodeCheck> {
  const s = load(file);
  if (!s) return { ok: false, reason: 'no-code', detail: 'no setup code was made on this PC: run sudo kiosk setup --code' };
  if (now > s.expiresAt) return { ok: false, reason: 'expired', detail: 'the setup code has expired: run sudo kiosk setup --code for a new one' };
  const recent = s.failures.filter((t) => now - t < FAILURE_WINDOW_MS);
  if (recent.length >= MAX_FAILURES) {
    const wait = Math.ceil((Math.min(...recent) + FAILURE_WINDOW_MS - now) / 60_000);
    return { ok: false, reason: 'locked', detail: `too many wrong codes: try again in ${wait} minute${wait === 1 ? '' : 's'}` };
  }
  if (await scryptVerify(normalise(typed), s.hash)) return { ok: true };
  save(file, { ...s, failures: [...recent, now] });
  const left = MAX_FAILURES - recent.length - 1;
  return { ok: false, reason: 'wrong', detail: `this code is not right (${left} ${left === 1 ? 'try' : 'tries'} left before a pause)` };
}

/** The code is spent once the config is written. */
export function spendCode(file: string): void {
  rmSync(file, { force: true });
}
