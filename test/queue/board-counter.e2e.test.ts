// End to end in Chromium: the counter console and the lobby board against a real daemon (harness).
// Requires the built pages (npm run build:ui; npm test does it first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';

const require = createRequire(import.meta.url);
let h: Harness;
let browser: Browser;
let ctx: BrowserContext;
let counter: Page;
let board: Page;

beforeAll(async () => {
  h = await startHarness();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
  ctx = await browser.newContext({ bypassCSP: true }); // only so axe-core can be injected for the a11y check
  counter = await ctx.newPage();
  board = await ctx.newPage();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const svc = () => h.queue.service;
const announced = (p: Page) => p.$$eval('#announce-log li', (els) => els.map((e) => e.textContent ?? ''));

describe('counter console and lobby board', () => {
  it('signs in at a counter with the PIN', async () => {
    await counter.goto(`${h.url}/counter`);
    await counter.selectOption('#login-counter', '2');
    await counter.fill('#login-pin', '0000');
    await counter.click('button[type=submit]');
    await expect.poll(() => counter.textContent('#message')).toMatch(/PIN/);
    await counter.fill('#login-pin', '1111');
    await counter.click('button[type=submit]');
    await counter.waitForSelector('#act-call-next');
    expect(await counter.textContent('h1')).toBe('Guichet 2');
  });

  it('every control has an accessible name and a 48 px target', async () => {
    svc().issueTicket({ service: 'cnie', kind: 'walk-in', persons: 1, lang: 'fr' }); // a row, so row buttons exist
    await counter.waitForSelector('#waiting tbody tr');
    await counter.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await counter.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      return axe.run({ runOnly: { type: 'rule', values: ['button-name', 'label', 'select-name', 'aria-allowed-attr', 'aria-valid-attr-value', 'target-size', 'duplicate-id'] } });
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
    const small = await counter.$$eval('button, select, input', (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && (r.height < 48 || r.width < 48)).length);
    expect(small).toBe(0);
    const shortcuts = await counter.$$eval('[aria-keyshortcuts]', (els) => els.map((e) => `${e.getAttribute('aria-keyshortcuts')}:${e.querySelector('kbd')?.textContent}`));
    expect(shortcuts).toEqual(['N:N', 'R:R', 'S:S', 'F:F', 'X:X', 'P:P', 'T:T']);
    // clear the queue for the next steps
    const r = svc().callNext('2', { id: 'test' });
    expect(r.ok).toBe(true);
    svc().finish('2', { id: 'test' });
  });

  it('an issued ticket appears in the counter list; "call next" shows and announces it on the board', async () => {
    await board.goto(`${h.url}/board`);
    await board.waitForSelector('#now-number');
    const issued = svc().issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.message);
    const label = issued.ticket.label;
    await counter.waitForSelector(`#waiting tr[data-ticket="${issued.ticket.id}"]`);
    await expect.poll(() => board.textContent('#waiting tr[data-service="passport"] .count')).toBe('1');
    await counter.locator('body').press('n');
    await expect.poll(() => counter.textContent('#current-number')).toBe(label);
    await expect.poll(() => board.textContent('#now-number')).toBe(label);
    expect(await board.textContent('#now-counter')).toBe('→ Guichet 2');
    await expect.poll(() => announced(board), { timeout: 15_000 }).toContain(`Ticket C ${issued.ticket.number}, guichet 2`);
  });

  it('recall is announced again; no-show is offered only after the recalls', async () => {
    const cur = await counter.textContent('#current-number');
    const n = Number(cur!.split('-')[1]);
    expect(await counter.isDisabled('#act-no-show')).toBe(true);
    const before = (await announced(board)).length;
    await counter.click('#act-recall');
    await expect.poll(() => counter.textContent('#current-state')).toMatch(/recalls: 1/);
    await expect.poll(async () => (await announced(board)).filter((t) => t === `Ticket C ${n}, guichet 2`).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect((await announced(board)).length).toBeGreaterThan(before);
    expect(await counter.isDisabled('#act-no-show')).toBe(true);
    await counter.locator('body').press('r');
    await expect.poll(() => counter.textContent('#current-state')).toMatch(/recalls: 2/);
    await expect.poll(() => counter.isDisabled('#act-no-show')).toBe(false);
    await counter.locator('body').press('x');
    await expect.poll(() => counter.textContent('#current-number')).toMatch(/Aucun ticket/);
    const d = svc().ticketDetail(svc().boardView().lastCalls[0]!.ticketId);
    expect(d.ok && d.detail.ticket.state).toBe('no-show');
  });

  it('transfer sends the ticket to another service with its number, back into the waiting list', async () => {
    const issued = svc().issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.message);
    await counter.waitForSelector(`#waiting tr[data-ticket="${issued.ticket.id}"]`);
    await counter.click('#act-call-next');
    await expect.poll(() => counter.textContent('#current-number')).toBe(issued.ticket.label);
    await counter.selectOption('#transfer-service', 'registration');
    await counter.click('#act-transfer');
    const row = counter.locator(`#waiting tr[data-ticket="${issued.ticket.id}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(issued.ticket.label);
    expect(await row.locator('td').nth(2).textContent()).toBe('Immatriculation consulaire');
    await expect.poll(() => board.textContent('#waiting tr[data-service="registration"] .count')).toBe('1');
  });

  it('pause stops calling; the call button of a row calls that ticket', async () => {
    await counter.locator('body').press('p');
    await counter.waitForSelector('.paused');
    expect(await counter.isDisabled('#act-call-next')).toBe(true);
    await counter.locator('body').press('p');
    await expect.poll(() => counter.$('.paused')).toBeNull();
    const first = counter.locator('#waiting tbody tr').first();
    const label = await first.locator('td').nth(1).textContent();
    await first.getByRole('button').click();
    await expect.poll(() => counter.textContent('#current-number')).toBe(label);
    await expect.poll(() => board.textContent('#now-number')).toBe(label);
    await counter.click('#act-finish');
  });

  it('a board that lost its connection shows it, and catches up after reconnecting', async () => {
    h.wsBlocked = true;
    h.push.closeAll();
    await board.waitForSelector('#offline');
    const issued = svc().issueTicket({ service: 'marriage', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.message);
    const called = svc().callNext('3', { id: 'yusuf' });
    expect(called.ok).toBe(true);
    await board.waitForTimeout(1500);
    expect(await board.textContent('#now-number')).not.toBe(issued.ticket.label);
    h.wsBlocked = false;
    await expect.poll(() => board.textContent('#now-number'), { timeout: 20_000 }).toBe(issued.ticket.label);
    expect(await board.$('#offline')).toBeNull();
    expect(await board.textContent('#now-counter')).toBe('→ Guichet 3');
  }, 40_000);

  it('signing out returns to the sign-in form', async () => {
    await counter.click('#logout');
    await counter.waitForSelector('#login-pin');
  });
});
