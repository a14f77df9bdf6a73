// The `kiosk sim terminal` command as a separate process on one end of a pty, the driver on the other.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N1, LINE_8N2 } from '../../drivers/serial/line';
import { ConcertTerminal } from '../../drivers/terminal/concert/driver';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { openPtyPair } from './pty';

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
