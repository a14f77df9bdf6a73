// The first-run page's staff accounts and post links in Chromium: rows added and removed without script, each
// PIN typed twice and hashed by the page's server (never sent back), the PC's role and the LAN as the wizard's
// links section asks them; a kiosk of a post on the LAN is refused with the schema's words and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { launchChromium } from '../support/browser';
import { runKiosk, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { verifyPin } from '../../server/auth/pin';

let browser: Browser;
let tmp: { dir: string; cleanup: () => void };
let serve: KioskProcess | undefined;
const env = { KIOSK_FROM_SOURCE: '1', KIOSK_CONFIG: '' };

beforeAll(async () => {
  tmp = tempDir('kiosk-first-run-accounts-');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGTERM');
  tmp?.cleanup();
});

const account = (page: Page, n: number) => page.getByRole('group', { name: `Staff account ${n}` });

async function fillAccount(page: Page, n: number, a: { id: string; name: string; role: string }): Promise<void> {
  await account(page, n).getByLabel('Account id (e.g. amina.b)').fill(a.id);
  await account(page, n).getByLabel('Name shown at the counter').fill(a.name);
  await account(page, n).getByLabel('Role', { exact: true }).selectOption(a.role);
}

async function typePins(page: Page, pins: string[]): Promise<void> {
  for (const [i, pin] of pins.entries()) {
    await account(page, i + 1)
      .getByLabel('PIN (4-12 digits)')
      .fill(pin);
    await account(page, i + 1)
      .getByLabel('The same PIN again')
      .fill(pin);
  }
}

describe('the first-run page: staff accounts and post links', () => {
  it('takes two accounts and the hub role, and refuses a kiosk of a post on the LAN', async () => {
    const file = join(tmp.dir, 'kiosk.yaml');
    const made = runKiosk(['setup', '--code', '--config', file], env);
    expect(await made.exited).toBe(0);
    const code = /setup code for the kiosk screen: ([A-Z0-9-]+)/.exec(made.stdout())![1]!;
    serve = runKiosk(['setup', '--serve', '--config', file, '--port', '0'], env, { ready: /First-run setup page: (http:\/\/\S+?)\/ / });
    const url = await serve.ready;
    const page = await browser.newPage();
    await page.goto(url + '/');
    await page.getByLabel('One-time setup code').fill(code);
    await page.getByRole('button', { name: 'Unlock' }).click();

    await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').fill('BE-BRU');
    await page.getByLabel('Name of the consulate in Arabic').fill('القنصلية العامة للمملكة المغربية ببروكسيل');
    await page.getByLabel('Name of the consulate in French').fill('Consulat général du Royaume du Maroc à Bruxelles');
    await page.getByLabel('Time zone (e.g. Europe/Paris)').fill('Europe/Brussels');
    await page.getByLabel('Local currency (e.g. EUR)').fill('EUR');
    await page.getByLabel('Chancery rate (local currency per dirham)').fill('0.092');
    await page.getByLabel('Card terminal port').fill('tcp://192.0.2.60:20007');
    await page.getByLabel('Card terminal protocol').selectOption('zvt');
    await page.getByLabel('Ticket printer (tcp://HOST:9100, file:/dev/usb/lp0, serial:/dev/ttyS0)').fill('tcp://192.0.2.50:9100');
    await page.getByLabel('Scanner type').selectOption('wedge');

    // One row at first, with no remove button; two more rows, then the middle one removed: the last moves up.
    expect(await page.getByRole('button', { name: /Remove staff account/ }).count()).toBe(0);
    await fillAccount(page, 1, { id: 'karim.t', name: 'Karim T.', role: 'technician' });
    await typePins(page, ['739104']);
    await page.getByRole('button', { name: 'Add a staff account' }).click();
    await account(page, 2).waitFor();
    await page.getByRole('button', { name: 'Add a staff account' }).click();
    await account(page, 3).waitFor();
    expect(await account(page, 1).getByLabel('Account id (e.g. amina.b)').inputValue()).toBe('karim.t');
    expect(await account(page, 1).getByLabel('PIN (4-12 digits)').inputValue()).toBe('');
    expect(await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').inputValue()).toBe('BE-BRU');
    await fillAccount(page, 2, { id: 'placeholder', name: 'To remove', role: 'staff' });
    await fillAccount(page, 3, { id: 'nadia.s', name: 'Nadia S.', role: 'supervisor' });
    await page.getByRole('button', { name: 'Remove staff account 2' }).click();
    await expect.poll(() => account(page, 3).count()).toBe(0);
    expect(await account(page, 2).getByLabel('Account id (e.g. amina.b)').inputValue()).toBe('nadia.s');
    expect(await account(page, 2).getByLabel('Role', { exact: true }).inputValue()).toBe('supervisor');

    // A kiosk of a post listens on its own PC only: the schema's words, nothing written, no PIN sent back.
    await page.getByLabel('Role of this PC (standalone: one kiosk; hub: the post server; kiosk: one of several)').selectOption('kiosk');
    await page.getByLabel('Serve counters and the board on the LAN (server.lan)').selectOption('on');
    await typePins(page, ['739104', '480263']);
    await page.getByRole('button', { name: 'Save the configuration' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('server.lan: expected a kiosk of a post (role "kiosk") listens on its own PC only: remove server.lan');
    expect(existsSync(file)).toBe(false);
    const html = await page.content();
    expect(html).not.toContain('739104');
    expect(html).not.toContain('480263');

    // Two PINs that differ are named by their row.
    await page.getByLabel('Role of this PC (standalone: one kiosk; hub: the post server; kiosk: one of several)').selectOption('hub');
    await typePins(page, ['739104', '480263']);
    await account(page, 2).getByLabel('The same PIN again').fill('480264');
    // Enter in a field saves: it does not add a row (the first button in the form is a hidden Save).
    await account(page, 2).getByLabel('The same PIN again').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('staff account 2, PIN: the two PINs differ');
    expect(existsSync(file)).toBe(false);

    // The explicit choice survives the round trip; set back to the role's default, which on a hub is the LAN.
    expect(await page.getByLabel('Serve counters and the board on the LAN (server.lan)').inputValue()).toBe('on');
    await page.getByLabel('Serve counters and the board on the LAN (server.lan)').selectOption('role');
    await typePins(page, ['739104', '480263']);
    await page.getByRole('button', { name: 'Save the configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration saved' }).waitFor();
    expect(await page.getByText('After setup: kiosk hub init --host NAME').count()).toBe(1);
    expect(await serve.exited).toBe(0);

    const check = runKiosk(['config', 'check', file], env);
    expect(await check.exited).toBe(0);
    const cfg = parse(readFileSync(file, 'utf8')) as {
      role: string;
      server: { lan: boolean };
      auth: { accounts: Array<{ id: string; name: string; role: string; pinHash: string }> };
    };
    expect(cfg.role).toBe('hub');
    expect(cfg.server.lan).toBe(true);
    expect(cfg.auth.accounts.map(({ id, name, role }) => ({ id, name, role }))).toEqual([
      { id: 'karim.t', name: 'Karim T.', role: 'technician' },
      { id: 'nadia.s', name: 'Nadia S.', role: 'supervisor' },
    ]);
    expect(await verifyPin('739104', cfg.auth.accounts[0]!.pinHash)).toBe(true);
    expect(await verifyPin('480263', cfg.auth.accounts[1]!.pinHash)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('480263');
    await page.close();
  }, 180_000);
});
