// The technician's page in Chromium with a ZVT terminal over TCP/IP (the simulator on a loopback port): the
// device table names the transport and the tcp:// address, and when the terminal is gone from the network the
// row says why (connection refused), then green again once it is back and the daemon has reconnected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { startDaemon, type RunningDaemon } from '../../server/daemon';
import { listenZvtSimulator, type ZvtTcpSimulator } from '../../drivers/terminal/sim/zvt-tcp-server';

let daemon: RunningDaemon;
let browser: Browser;
let server: ZvtTcpSimulator;
let cleanup: () => void;

async function listen(port: number): Promise<ZvtTcpSimulator> {
  const l = await listenZvtSimulator('127.0.0.1', port, {});
  if (!l.ok) throw new Error(l.reason);
  return l.server;
}

beforeAll(async () => {
  server = await listen(0);
  const t = tempDir();
  cleanup = t.cleanup;
  const base = sampleConfig();
  daemon = await startDaemon({
    config: {
      ...base,
      dataDir: t.dir,
      server: { ...base.server, port: 0 },
      devices: { ...base.devices, terminal: { ...base.devices.terminal, protocol: 'zvt', port: server.address } },
    },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  await server?.close();
  cleanup?.();
});

describe('diagnostics page, ZVT terminal over TCP/IP', () => {
  it('shows the transport and address, and why the terminal cannot be reached', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${daemon.url}/diagnostics`);
    await page.getByLabel('Technician PIN').fill('4444');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('tr[data-device="terminal"]');
    await row.filter({ hasText: 'zvt over TCP/IP' }).filter({ hasText: server.address }).waitFor();
    await page.locator('tr[data-device="terminal"][data-status="ok"]').waitFor();

    const port = server.port;
    await server.close();
    await daemon.ctx.hardware.terminal.refresh();
    await page
      .locator('tr[data-device="terminal"][data-status="offline"]')
      .filter({ hasText: /refused/ })
      .waitFor();
    expect(await row.textContent()).toMatch(/connection to tcp:\/\/127\.0\.0\.1:\d+ refused/);

    server = await listen(port);
    await daemon.ctx.hardware.terminal.refresh();
    await page.locator('tr[data-device="terminal"][data-status="ok"]').waitFor();
    await page.close();
  });
});
