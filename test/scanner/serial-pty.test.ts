// The serial scanner driver over a REAL pty pair (socat): the simulator writes a token in random chunks on
// one end, the driver reads the other end and must deliver the token whole, once, and verifiable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSerialScanner } from '../../drivers/scanner/serial';
import { sendAsSerialScanner } from '../../drivers/scanner/serial-sim';
import type { ScannedCode, ScannerStream } from '../../drivers/scanner/types';
import { verifyToken } from '../../domain/appointment';
import { ctx, issue } from '../appointment/fixtures';
import { ptyPair, type PtyPair } from './pty';

let pty: PtyPair;
let scanner: ScannerStream;
const codes: ScannedCode[] = [];
let token: string;

beforeAll(async () => {
  pty = await ptyPair();
  // Dedupe window 0: this test sends the same token many times on purpose.
  scanner = openSerialScanner({ path: pty.a, suffix: 'crlf', interCharTimeoutMs: 2000, dedupeWindowMs: 0 });
  scanner.onCode((c) => codes.push(c));
  token = await issue();
  for (let i = 0; i < 200 && scanner.status.status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  await scanner?.close();
  await pty?.close();
});

async function nextCodes(n: number): Promise<ScannedCode[]> {
  for (let i = 0; i < 500 && codes.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  return codes.splice(0, codes.length);
}

describe('serial scanner over a real pty', () => {
  it('opens the pty', () => {
    expect(scanner.status).toMatchObject({ status: 'ok', detail: expect.stringContaining(pty.a) });
  });

  it('a token in random chunks arrives whole and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }), fc.integer({ min: 0, max: 15 }), async (chunks, delay) => {
        await sendAsSerialScanner(pty.b, token, { suffix: 'crlf', chunks, chunkDelayMs: delay });
        const got = await nextCodes(1);
        expect(got.map((c) => c.text)).toEqual([token]);
        expect((await verifyToken(got[0]!.text, ctx())).ok).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('`kiosk sim scanner` (the CLI entry) delivers a code', async () => {
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const cmd = fileURLToPath(new URL('../../server/commands/sim-scanner.ts', import.meta.url));
    const r = spawnSync(tsx, [cmd, 'sim', 'scanner', '--port', pty.b, '--send', token, '--suffix', 'crlf', '--chunk', '7', '--delay', '2'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, suffix: 'crlf', writes: Math.ceil((token.length + 2) / 7) });
    expect((await nextCodes(1)).map((c) => c.text)).toEqual([token]);
  });

  it('the CLI names a missing port', () => {
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const cmd = fileURLToPath(new URL('../../server/commands/sim-scanner.ts', import.meta.url));
    const r = spawnSync(tsx, [cmd, 'sim', 'scanner', '--port', '/nonexistent/ttyX', '--send', 'A'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
    expect(r.stderr).toContain('port path');
  });
});
