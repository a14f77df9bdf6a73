// `kiosk setup` typed into through a real pty: a Concert simulator on a socat pty pair answers the terminal
// check, a virtual printer on a real TCP socket takes the test page, a scan arrives on a serial pty; the config
// written passes `kiosk config check`, one section re-run keeps the rest, Ctrl-C keeps the old file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runKiosk } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { openPtyPair, type PtyPair } from '../terminal/pty';
import { ptyPair, type PtyPair as ScannerPair } from '../scanner/pty';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N1 } from '../../drivers/serial/line';
import { createSimulator } from '../../drivers/terminal/open';
import { TEST_TIMING } from '../../drivers/terminal/sim/scenarios';
import type { TerminalSimulator } from '../../drivers/terminal/sim/simulator';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { listenTcp, type SimTcpServer } from '../../drivers/printer/sim/tcp-server';
import { verifyPin } from '../../server/auth/pin';
import { setupOnPty } from './setup-pty';

const PIN = '482913';

/** The parts of the written YAML the tests read. */
interface WrittenConfig {
  demo: boolean;
  consulate: Record<string, unknown>;
  appointments?: unknown;
  devices: { terminal: unknown; printer: unknown };
  auth: { accounts: Array<{ id: string; role: string; pinHash: string }> };
}
let tmp: { dir: string; cleanup: () => void };
let terminalLine: PtyPair;
let terminalSim: TerminalSimulator;
let scannerLine: ScannerPair;
let printer: VirtualPrinter;
let printerServer: SimTcpServer;
let file: string;

beforeAll(async () => {
  tmp = tempDir('kiosk-setup-');
  file = join(tmp.dir, 'kiosk.yaml');
  terminalLine = await openPtyPair();
  const opened = await openSerialPort(terminalLine.terminal, LINE_8N1);
  if (!opened.ok) throw new Error(opened.reason);
  terminalSim = createSimulator('concert', opened.stream, { timing: TEST_TIMING });
  scannerLine = await ptyPair();
  printer = new VirtualPrinter();
  printerServer = await listenTcp(printer, '127.0.0.1', 0);
});
afterAll(async () => {
  await terminalSim?.close();
  await terminalLine?.close();
  await scannerLine?.close();
  await printerServer?.close();
  printer?.close();
  tmp?.cleanup();
});

async function configCheck(f: string) {
  const k = runKiosk(['config', 'check', f], { KIOSK_FROM_SOURCE: '1' });
  return { code: await k.exited, out: k.stdout() + k.stderr() };
}

describe('kiosk setup in a terminal', () => {
  it('asks every section, re-asks bad answers with the schema’s words, tests the devices and writes a valid config', async () => {
    const s = setupOnPty(['--config', file, '--scan-wait', '20']);
    await s.answer('Consulate code', 'LYON');
    await s.waitFor('✗ consulate.code: expected country and city, e.g. "FR-PAR"');
    await s.answer('Consulate code', 'fr-lys');
    await s.answer('Kiosk id (e.g. PAR-K1) [LYS-K1]', '');
    await s.answer('Languages of the screen', 'ar, fr');
    await s.answer('Name of the consulate in "ar"', 'القنصلية العامة للمملكة المغربية بليون');
    await s.answer('Name of the consulate in "fr"', 'Consulat général du Royaume du Maroc à Lyon');
    await s.answer('Time zone', 'Europe/Lyon');
    await s.waitFor('✗ consulate.timeZone: "Europe/Lyon" is not a time zone this system knows');
    await s.answer('Time zone', 'Europe/Paris');
    await s.answer('Local currency', 'EUX');
    await s.waitFor('✗ consulate.currency: expected an ISO 4217 currency code');
    await s.answer('Local currency', 'eur');
    await s.answer('Chancery rate (EUR per dirham', '0,093');

    await s.answer('Protocol (concert or zvt) [concert]', '');
    await s.answer('Terminal port', 'sim');
    await s.waitFor('"sim" is the simulator: only with kiosk setup --demo');
    await s.answer('Terminal port', terminalLine.kiosk);
    await s.answer('Ask the terminal for its status now (no payment)? (y/n) [y]', '');
    await s.waitFor('✓ terminal answers ENQ');
    // The test payment (test/cli/setup-payment.test.ts) is offered, never made by default.
    await s.answer('Make a test payment of 0.01 EUR now (a card is charged, then cancelled by you on the terminal: Concert E+ has no reversal)? (y/n) [n]', '');

    await s.answer('Printer (tcp://', `tcp://${printerServer.host}:${printerServer.port}`);
    await s.answer('Paper width in mm (80 or 58) [80]', '');
    await s.answer('Print a test page now?', 'y');
    await s.waitFor('✓ test page printed');
    expect(printer.jobs.length).toBe(1);

    await s.answer('Scanner type (serial, hid or wedge) [serial]', '');
    await s.answer('Scanner port', scannerLine.a);
    await s.answer('Test the scanner now', 'y');
    await s.waitFor('scan a code now (within 20 s)');
    appendFileSync(scannerLine.b, 'SETUP-SCAN-1\r');
    await s.waitFor('✓ read "SETUP-SCAN-1"');

    await s.answer('Account id', 'Amina B');
    await s.waitFor('✗ auth.accounts.0.id: expected lower-case letters');
    await s.answer('Account id', 'amina.b');
    await s.answer('Name shown at the counter', 'Amina B.');
    await s.answer('Role (staff, supervisor or technician) [technician]', '');
    await s.answer('PIN (4-12 digits, not shown)', '12');
    await s.waitFor('✗ a PIN is 4 to 12 digits');
    await s.answer('PIN (4-12 digits, not shown)', PIN);
    await s.answer('The same PIN again', PIN);
    await s.answer('Add another account? (y/n) [n]', '');

    await s.answer('Role of this PC', '');
    await s.answer('Serve counters and the board on the LAN (server.lan)? (y/n) [n]', '');
    await s.waitFor('Wrote ' + file);
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toContain(PIN);

    // No `kiosk` group on a development machine: owner only (0640 root:kiosk where the package made the group).
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const check = await configCheck(file);
    expect(check.out).toContain(`Config ${file} is valid: FR-LYS (Europe/Paris, EUR)`);
    expect(check.code).toBe(0);
    const cfg = parse(readFileSync(file, 'utf8')) as WrittenConfig;
    expect(cfg.demo).toBe(false);
    expect(cfg.consulate).toMatchObject({ code: 'FR-LYS', chanceryRate: 0.093, currency: 'EUR' });
    expect(cfg.devices.terminal).toEqual({ protocol: 'concert', port: terminalLine.kiosk });
    expect(cfg.appointments).toBeUndefined();
    expect(cfg.auth.accounts).toHaveLength(1);
    expect(cfg.auth.accounts[0]).toMatchObject({ id: 'amina.b', role: 'technician' });
    expect(await verifyPin(PIN, cfg.auth.accounts[0]!.pinHash)).toBe(true);
  }, 120_000);

  it('--section printer changes the printer and keeps every other section', async () => {
    const before = parse(readFileSync(file, 'utf8')) as WrittenConfig;
    const s = setupOnPty(['--config', file, '--section', 'printer']);
    await s.answer(
      `Printer (tcp://HOST:9100, file:/dev/usb/lp0 or serial:/dev/ttyS0?baud=38400) [tcp://${printerServer.host}:${printerServer.port}]`,
      'tcp://192.0.2.7:9100',
    );
    await s.answer('Paper width in mm (80 or 58) [80]', '58');
    await s.answer('Print a test page now?', 'n');
    await s.waitFor('Wrote ' + file);
    expect(await s.exited).toBe(0);
    const after = parse(readFileSync(file, 'utf8')) as WrittenConfig;
    expect(after.devices.printer).toEqual({ transport: 'tcp://192.0.2.7:9100', paperWidth: 58 });
    expect({ ...after, devices: { ...after.devices, printer: before.devices.printer } }).toEqual(before);
    expect((await configCheck(file)).code).toBe(0);
  }, 60_000);

  it('Ctrl-C leaves the old config as it was', async () => {
    const before = readFileSync(file);
    const s = setupOnPty(['--config', file, '--section', 'consulate']);
    await s.answer('Consulate code', 'FR-MRS');
    await s.waitFor('Kiosk id');
    s.type('\x03');
    await s.waitFor('setup cancelled: nothing was written');
    expect(await s.exited).toBe(130);
    expect(readFileSync(file)).toEqual(before);
  }, 60_000);
});
