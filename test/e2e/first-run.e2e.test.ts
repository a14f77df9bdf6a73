// The first-run page of the kiosk screen in Chromium: `kiosk setup --code` prints the one-time code,
// `kiosk setup --serve` shows the page; a wrong code is refused, the right one opens the form, a bad answer is
// named with the schema's words, and a good form writes a config that `kiosk config check` accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  tmp = tempDir('kiosk-first-run-');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGTERM');
  tmp?.cleanup();
});

describe('the first-run page behind the one-time code', () => {
  it('refuses a wrong code, then writes a valid config from the form', async () => {
    const file = join(tmp.dir, 'kiosk.yaml');
    const made = runKiosk(['setup', '--code', '--config', file], env);
    expect(await made.exited).toBe(0);
    const code = /setup code for the kiosk screen: ([A-Z0-9-]+)/.exec(made.stdout())![1]!;
    expect(readFileSync(join(tmp.dir, 'setup-code.json'), 'utf8')).not.toContain(code.replace(/-/g, ''));

    serve = runKiosk(['setup', '--serve', '--config', file, '--port', '0'], env, { ready: /First-run setup page: (http:\/\/\S+?)\/ / });
    const url = await serve.ready;
    // What the kiosk window waits for before it opens the screen (deploy/launch-kiosk.sh).
    expect(await (await fetch(url + '/api/health')).json()).toEqual({ ok: true, setup: true });
    const page = await browser.newPage();
    await page.goto(url + '/');

    await page.getByLabel('One-time setup code').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('this code is not right (4 tries left');
    expect(await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').count()).toBe(0);

    await page.getByLabel('One-time setup code').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('group', { name: 'Consulate' }).waitFor();
    await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').fill('BE-BRU');
    await page.getByLabel('Name of the consulate in Arabic').fill('القنصلية العامة للمملكة المغربية ببروكسيل');
    await page.getByLabel('Name of the consulate in French').fill('Consulat général du Royaume du Maroc à Bruxelles');
    await page.getByLabel('Time zone (e.g. Europe/Paris)').fill('Europe/Bruxelles');
    await page.getByLabel('Local currency (e.g. EUR)').fill('eur');
    await page.getByLabel('Chancery rate (local currency per dirham)').fill('0,092');
    await page.getByLabel('Card terminal protocol').selectOption('zvt');
    await page.getByLabel('Card terminal port').fill('tcp://192.0.2.60:20007');
    await page.getByLabel('Ticket printer (tcp://HOST:9100, file:/dev/usb/lp0, serial:/dev/ttyS0)').fill('tcp://192.0.2.50:9100');
    await page.getByLabel('Scanner type').selectOption('wedge');
    await page.getByLabel('Account id (e.g. amina.b)').fill('karim.t');
    await page.getByLabel('Name shown at the counter').fill('Karim T.');
    await page.getByLabel('PIN (4-12 digits)').fill('739104');
    await page.getByLabel('The same PIN again').fill('739104');
    await page.getByRole('button', { name: 'Save the configuration' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('consulate.timeZone: expected an IANA time zone');
    expect(existsSync(file)).toBe(false);

    // The answers stay in the form, the PINs do not.
    expect(await page.getByLabel('Consulate code (country-CITY, e.g. FR-PAR)').inputValue()).toBe('BE-BRU');
    await page.getByLabel('Time zone (e.g. Europe/Paris)').fill('Europe/Brussels');
    await page.getByLabel('PIN (4-12 digits)').fill('739104');
    await page.getByLabel('The same PIN again').fill('739104');
    await page.getByRole('button', { name: 'Save the configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration saved' }).waitFor();
    expect(await serve.exited).toBe(0);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(join(tmp.dir, 'setup-code.json'))).toBe(false);
    const check = runKiosk(['config', 'check', file], env);
    expect(await check.exited).toBe(0);
    expect(check.stdout()).toContain('BE-BRU (Europe/Brussels, EUR)');
    const cfg = parse(readFileSync(file, 'utf8')) as { demo: boolean; devices: Record<string, unknown>; auth: { accounts: Array<{ pinHash: string }> } };
    expect(cfg.demo).toBe(false);
    expect(cfg.devices).toEqual({
      terminal: { protocol: 'zvt', port: 'tcp://192.0.2.60:20007' },
      printer: { transport: 'tcp://192.0.2.50:9100' },
      scanner: { type: 'wedge', port: 'wedge' },
    });
    expect(await verifyPin('739104', cfg.auth.accounts[0]!.pinHash)).toBe(true);
    await page.close();
  }, 120_000);
});
