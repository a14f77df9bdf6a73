// The ministry's dashboard in Chromium (issue 16): a viewer signs in, sees the network in French, switches to
// Arabic (right to left), sees the post that stopped reporting flagged, drills down into a post and downloads the
// CSV; the viewer may not manage users; an admin adds one from the users page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../../central/db/db';
import { buildCentralApp } from '../../central/http/app';
import { dashboardPlugin } from '../../central/dashboard/plugin';
import { projectPending } from '../../central/db/projections';
import { addCentralUser } from '../../central/db/users';
import { setPostTimeZone } from '../../central/db/dashboard';
import type { TestDatabase } from '../support/postgres';
import { launchChromium } from '../support/browser';
import { centralTestDb, storeSyntheticDay } from '../central/dashboard-helpers';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;
let url: string;
let browser: Browser;

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('dash_e2e'));
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  // FR-PAR reported a minute ago; BE-BRU an hour ago: flagged.
  await storeSyntheticDay(db, 'FR-PAR', {
    day,
    at: new Date(now.getTime() - 3_600_000),
    lastContact: new Date(now.getTime() - 60_000),
    services: ['passport', 'cnie'],
  });
  await storeSyntheticDay(db, 'BE-BRU', { day, at: new Date(now.getTime() - 3_600_000), lastContact: new Date(now.getTime() - 3_600_000), services: ['cnie'] });
  for (const p of ['FR-PAR', 'BE-BRU']) await setPostTimeZone(db, p, 'UTC');
  await projectPending(db);
  await addCentralUser(db, { name: 'viewer', role: 'viewer', password: 'viewer-password-1', by: { name: 'test', via: 'cli' } });
  await addCentralUser(db, { name: 'admin', role: 'admin', password: 'admin-password-1', by: { name: 'test', via: 'cli' } });
  app = await buildCentralApp({ db, version: 'test', plugins: [dashboardPlugin()] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.end();
  await tdb?.drop();
});

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto(`${url}/central`);
  await page.getByLabel('Utilisateur', { exact: true }).fill(name);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/central$/);
}

describe('the ministry dashboard in Chromium', () => {
  it('a viewer sees the network in French and Arabic, the silent post flagged, drills down and downloads the CSV', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'fr-FR', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'viewer', 'viewer-password-1');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    const silent = page.locator('tr[data-post="BE-BRU"]');
    await silent.locator('.stale-flag').waitFor();
    expect(await silent.locator('.stale-flag').innerText()).toContain('Sans nouvelles');
    expect(await page.locator('tr[data-post="FR-PAR"] .stale-flag').count()).toBe(0);
    expect(await page.locator('tr[data-post="FR-PAR"]').innerText()).toContain('860 MAD');

    await page.locator('#lang').click();
    await page.waitForURL(/lang=ar/);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('thead').innerText()).toContain('الزوار');
    expect(await silent.locator('.stale-flag').innerText()).toContain('لا أخبار');

    await page.locator('tr[data-post="FR-PAR"] a').first().click();
    await page.waitForURL(/\/central\/posts\/FR-PAR/);
    // The language stays Arabic from page to page.
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('tr[data-service="passport"]').count()).toBe(1);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    expect(dl.suggestedFilename()).toMatch(/^post-FR-PAR-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await dl.path())!, 'utf8');
    expect(text).toMatch(/^post,day,section,service,/);
    expect(text).toContain(',fees,passport,');

    await page.goto(`${url}/central?lang=fr`);
    const [net] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    const rows = readFileSync((await net.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(rows.find((r) => r.startsWith('BE-BRU'))).toMatch(/,yes$/);

    const users = await page.goto(`${url}/central/users`);
    expect(users?.status()).toBe(403);
    await context.close();
  }, 120_000);

  it('an admin adds a viewer from the users page', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page, 'admin', 'admin-password-1');
    await page.getByRole('link', { name: 'Utilisateurs' }).click();
    await page.getByLabel('Utilisateur', { exact: true }).fill('samira');
    await page.getByLabel('Mot de passe', { exact: true }).fill('samira-password-2');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.locator('tr[data-user="samira"]').waitFor();
    expect(await page.locator('tr[data-user="samira"]').innerText()).toContain('lecteur');
    await context.close();
  }, 120_000);
});
