// Unplugging a serial scanner, for real: the socat pty pair disappears, the driver goes offline, and when a
// new pair appears at the same path it reads again without a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { openSerialScanner } from '../../drivers/scanner/serial';
import { sendAsSerialScanner } from '../../drivers/scanner/serial-sim';
import type { ScannerStream } from '../../drivers/scanner/types';
import { ptyPair, type PtyPair } from './pty';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Generous bounds: on a busy CI machine noticing a vanished pty has taken more than 8 s.
const until = async (cond: () => boolean, ms = 25_000) => {
  for (let t = 0; t < ms && !cond(); t += 20) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

const dir = mkdtempSync(join(tmpdir(), 'scanner-unplug-'));
const stable = join(dir, 'ttyScanner'); // like a udev symlink /dev/serial/by-id/…
let pairs: PtyPair[] = [];
let scanner: ScannerStream | undefined;
afterAll(async () => {
  await scanner?.close();
  for (const p of pairs) await p.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serial scanner unplug and replug', () => {
  it('goes offline and comes back on its own', async () => {
    const first = await ptyPair();
    pairs.push(first);
    symlinkSync(first.a, stable);
    scanner = openSerialScanner({ path: stable, suffix: 'cr', reconnectMs: 200 });
    const got: string[] = [];
    scanner.onCode((c) => got.push(c.text));
    expect(await until(() => scanner!.status.status === 'ok')).toBe(true);
    await sendAsSerialScanner(first.b, 'BEFORE');
    expect(await until(() => got.includes('BEFORE'))).toBe(true);

    await first.close();
    pairs = [];
    expect(await until(() => scanner!.status.status === 'offline')).toBe(true);
    expect(scanner.status.detail).toMatch(/retrying/);

    const second = await ptyPair();
    pairs.push(second);
    unlinkSync(stable);
    symlinkSync(second.a, stable);
    expect(await until(() => scanner!.status.status === 'ok')).toBe(true);
    await sendAsSerialScanner(second.b, 'AFTER');
    expect(await until(() => got.includes('AFTER'))).toBe(true);
  }, 120_000);
});
