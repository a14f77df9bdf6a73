// The test payment on the first-run page (issue 20, item 3), in Chromium against `kiosk setup --serve`: the ZVT and
// Concert simulators answer on socat pty pairs; the payment is journaled as a test in the data folder the form names
// (a real SQLite file); ZVT's is reversed, Concert's is told to be cancelled on the terminal; the form keeps its
// answers (not the PINs) and the config is not written by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../support/browser';
import { runKiosk, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { openPtyPair, type PtyPair } from '../terminal/pty';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N1, LINE_8N2 } from '../../drivers/serial/line';
import { createSimulator } from '../../drivers/terminal/open';
import { TEST_TIMING } from '../../drivers/terminal/sim/scenarios';
import type { TerminalSimulator } from '../../drivers/terminal/sim/simulator';
import { openJournal } from '../../store/db';

let browser: Browser;
let tmp: { dir: string; cleanup: () => void };
let serve: KioskProcess | undefined;
const lines: PtyPair[] = [];
const sims: TerminalSimulator[] = [];
const env = { KIOSK_FROM_SOURCE: '1', KIOSK_CONFIG: '' };

async function simulator(protocol: 'concert' | 'zvt'): Promise<{ port: string; sim: TerminalSimulator }> {
  const line = await openPtyPair();
  lines.push(line);
  const opened = await openSerialPort(line.terminal, protocol === 'zvt' ? LINE_8N2 : LINE_8N1);
  if (!opened.ok) throw new Error(opened.reason);
  const sim = createSimulator(protocol, opened.stream, { timing: TEST_TIMING });
  sims.push(sim);
  return { port: line.kiosk, sim };
}

beforeAll(async () => {
  tmp = tempDir('kiosk-first-run-pay-');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGTERM');
  for (const s of sims) await s.close();
  for (const l of lines) await l.close();
  tmp?.cleanup();
});

async function fillTerminal(page: Page, protocol: 'concert' | 'zvt', port: string, dataDir: string): Promise<void> {
  await page.getByLabel('Time zone (e.g. Europe/Paris)').fill('Europe/Brussels');
  await page.getByLabel('Local currency (e.g. EUR)').fill('eur');
  await page.getByLabel('Card terminal protocol').selectOption(protocol);
  await page.getByLabel('Card terminal port').fill(port);
  await page.getByLabel('Data folder (the journal)').fill(dataDir);
}

describe('the first-run page: a test payment', () => {
  it('ZVT: charged and reversed, Concert: charged and to cancel on the terminal, each journaled as a test', async () => {
    const file = join(tmp.dir, 'kiosk.yaml');
    const dataDir = join(tmp.dir, 'data');
    const made = runKiosk(['setup', '--code', '--config', file], env);
    expect(await made.exited).toBe(0);
    const code = /setup code for the kiosk screen: ([A-Z0-9-]+)/.exec(made.stdout())![1]!;
    serve = runKiosk(['setup', '--serve', '--config', file, '--port', '0'], env, { ready: /First-run setup page: (http:\/\/\S+?)\/ / });
    const url = await serve.ready;
    const zvt = await simulator('zvt');
    const concert = await simulator('concert');

    const page = await browser.newPage();
    await page.goto(url + '/');
    await page.getByLabel('One-time setup code').fill(code);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('group', { name: 'Devices' }).waitFor();

    // A missing currency is named before anything reaches the terminal.
    await page.getByLabel('Card terminal port').fill(zvt.port);
    await page.getByRole('button', { name: 'Make a test payment' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('consulate.currency');
    expect(zvt.sim.log.entries).toEqual([]);

    await fillTerminal(page, 'zvt', zvt.port, dataDir);
    await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').fill('BE-BRU');
    await page.getByLabel('PIN (4-12 digits)').fill('739104');
    await page.getByRole('button', { name: 'Make a test payment' }).click();
    const report = page.getByRole('region', { name: 'Test payment' });
    await expect.poll(() => report.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/✓ charged 0\.01 EUR and reversed \(receipt n° \d+/);
    expect(await report.getByRole('listitem').allTextContents()).toEqual(
      expect.arrayContaining(['terminal: Insert card', `journal: ${join(dataDir, 'journal.sqlite')}`]),
    );
    expect(zvt.sim.log.entries.map((e) => e.kind)).toEqual(['charge', 'reversal']);
    // The answers stay in the form, the PIN does not.
    expect(await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').inputValue()).toBe('BE-BRU');
    expect(await page.getByLabel('PIN (4-12 digits)').inputValue()).toBe('');

    await fillTerminal(page, 'concert', concert.port, dataDir);
    await page.getByRole('button', { name: 'Make a test payment' }).click();
    await expect
      .poll(() => report.getByRole('status').textContent(), { timeout: 30_000 })
      .toContain('✓ charged 0.01 EUR, not reversed: Concert E+ has no reversal command. Cancel it on the terminal');
    expect(concert.sim.log.entries.map((e) => [e.kind, e.amountMinor])).toEqual([['charge', 1]]);

    const db = openJournal(join(dataDir, 'journal.sqlite'), { readonly: true });
    try {
      const payments = db.prepare('SELECT protocol, state, amount_minor, is_test FROM payments ORDER BY created_at, rowid').all();
      expect(payments).toEqual([
        { protocol: 'zvt', state: 'approved', amount_minor: 1, is_test: 1 },
        { protocol: 'concert', state: 'approved', amount_minor: 1, is_test: 1 },
      ]);
      expect(db.prepare('SELECT method, state FROM refunds').all()).toEqual([{ method: 'reversal', state: 'refunded' }]);
    } finally {
      db.close();
    }
    // Testing writes no config and spends no code: the form's Save does both.
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(tmp.dir, 'setup-code.json'))).toBe(true);
    await page.close();
  }, 120_000);
});
