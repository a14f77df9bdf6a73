// The `kiosk sim terminal` command as a separate process on one end of a pty, the driver on the other; and
// ZVT over TCP/IP: `kiosk sim terminal --listen` and `kiosk pay --port tcp://…`, each its own process.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N1, LINE_8N2 } from '../../drivers/serial/line';
import { ConcertTerminal } from '../../drivers/terminal/concert/driver';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { openPtyPair } from './pty';
import { outcomeLabel } from '../../shared/payment-outcome';

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/commands/sim-terminal.ts', 'sim', 'terminal', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (event: string) => {
    const deadline = Date.now() + 15_000;
    while (!lines.some((l) => l.event === event)) {
      if (Date.now() > deadline) throw new Error(`no "${event}" from the CLI; stderr: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, lines, exited, waitFor, stderr: () => err };
}

/** `kiosk pay …` as a process (the real command code, test/chaos/kiosk-cli.ts): its one JSON line and exit code. */
function payCli(args: string[]): Promise<{ status: number | null; out: Record<string, unknown> | undefined; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/chaos/kiosk-cli.ts', 'pay', ...args], { cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, out: stdout.trim() ? JSON.parse(stdout.trim().split('\n').at(-1)!) : undefined, stderr }));
  });
}

describe('kiosk sim terminal --listen (ZVT over TCP/IP) and kiosk pay --port tcp://', () => {
  for (const scenario of ['approve', 'decline'] as const) {
    it(`${scenario}: two processes on a real TCP socket`, async () => {
      const cli = startCli(['--protocol', 'zvt', '--listen', '127.0.0.1:0', '--scenario', scenario, '--fast']);
      try {
        await cli.waitFor('listening');
        const listening = cli.lines.find((l) => l.event === 'listening')!;
        expect(listening).toMatchObject({ transport: 'tcp', address: expect.stringMatching(/^tcp:\/\/127\.0\.0\.1:\d+$/) });
        const r = await payCli(['--protocol', 'zvt', '--port', String(listening.address), '--amount', '19.90', '--currency', 'EUR']);
        expect(r.stderr).toBe('');
        if (scenario === 'approve') {
          expect(r.status).toBe(0);
          expect(r.out).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 1990 });
        } else {
          expect(r.status).toBe(1);
          expect(r.out).toMatchObject({ ok: false, outcome: 'declined' });
          expect(r.out?.amountMinor).toBe(1990);
        }
        cli.child.kill('SIGTERM');
        expect(await cli.exited).toBe(0);
        expect(cli.lines.at(-1)).toMatchObject({ event: 'stopped', charges: scenario === 'approve' ? 1 : 0, netMinor: scenario === 'approve' ? 1990 : 0 });
      } finally {
        if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      }
    });
  }

  it('a port nothing listens on: kiosk pay says refused, not sent', async () => {
    const cli = startCli(['--protocol', 'zvt', '--listen', '127.0.0.1:0', '--fast']);
    await cli.waitFor('listening');
    const address = String(cli.lines.find((l) => l.event === 'listening')!.address);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const r = await payCli(['--protocol', 'zvt', '--port', address, '--amount', '1.00']);
    expect(r.status).toBe(1);
    expect(r.out).toMatchObject({ ok: false, reason: expect.stringMatching(/refused/) });
    expect(r.out?.outcome).toBe(outcomeLabel('not_sent'));
  });

  it('refuses --listen for Concert and serial options with --listen, exit 2', async () => {
    const concert = startCli(['--protocol', 'concert', '--listen', '127.0.0.1:0']);
    expect(await concert.exited).toBe(2);
    expect(JSON.parse(concert.stderr()).error).toMatch(/ZVT over TCP\/IP only/);
    const baud = startCli(['--protocol', 'zvt', '--listen', '127.0.0.1:0', '--baud', '9600']);
    expect(await baud.exited).toBe(2);
    expect(JSON.parse(baud.stderr()).error).toMatch(/--baud belong to a serial port/);
  });

  it('kiosk pay refuses Concert over tcp:// with a config error', async () => {
    const r = await payCli(['--protocol', 'concert', '--port', 'tcp://127.0.0.1:20007', '--amount', '1.00']);
    expect(r.status).toBe(1);
    expect(r.out).toMatchObject({ ok: false, reason: expect.stringMatching(/--port: concert runs on a serial or USB line/) });
    expect(r.out?.code).toBe('invalid-request');
  });
});

describe('kiosk sim terminal', () => {
  for (const protocol of ['concert', 'zvt'] as const) {
    it(`${protocol}: serves the driver over a pty, logs the charge, stops on SIGTERM`, async () => {
      const pty = await openPtyPair();
      const logFile = join(pty.dir, 'charges.jsonl');
      const cli = startCli(['--protocol', protocol, '--port', pty.terminal, '--log', logFile, '--fast']);
      try {
        await cli.waitFor('listening');
        const line = protocol === 'zvt' ? LINE_8N2 : LINE_8N1;
        const connector = () => openSerialPort(pty.kiosk, line);
        const driver = protocol === 'zvt' ? new ZvtDriver(connector) : new ConcertTerminal(connector);
        const r = await driver.pay({ amountMinor: 1990, currency: 'EUR', reference: 'CLI-1' });
        await driver.close();
        expect(r.outcome).toBe('approved');
        cli.child.kill('SIGTERM');
        expect(await cli.exited).toBe(0);
        expect(cli.lines.find((l) => l.event === 'charge')).toMatchObject({ amountMinor: 1990, currency: 'EUR' });
        expect(cli.lines.at(-1)).toMatchObject({ event: 'stopped', charges: 1, netMinor: 1990 });
        const logged = (await readFile(logFile, 'utf8'))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(logged).toMatchObject([{ kind: 'charge', amountMinor: 1990 }]);
      } finally {
        if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
        await pty.close();
      }
    });
  }

  it('rejects an unknown scenario with exit code 2 and says which are known', async () => {
    const cli = startCli(['--protocol', 'zvt', '--port', '/dev/null', '--scenario', 'explode']);
    expect(await cli.exited).toBe(2);
    expect(JSON.parse(cli.stderr()).error).toMatch(/unknown zvt simulator scenario "explode"; known: approve/);
  });

  it('rejects an unknown --time-zone with exit code 2', async () => {
    const cli = startCli(['--protocol', 'zvt', '--port', '/dev/null', '--time-zone', 'Europe/Atlantis']);
    expect(await cli.exited).toBe(2);
    expect(JSON.parse(cli.stderr()).error).toMatch(/--time-zone must be an IANA zone.*"Europe\/Atlantis"/);
  });

  it('a missing port exits 1 with the reason', async () => {
    const cli = startCli(['--protocol', 'concert', '--port', '/dev/nope-kiosk-test']);
    expect(await cli.exited).toBe(1);
    expect(JSON.parse(cli.stderr()).error).toMatch(/cannot open serial port \/dev\/nope-kiosk-test/);
  });
});
