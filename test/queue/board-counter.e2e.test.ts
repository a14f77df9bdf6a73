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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
    ],
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
// Waits on the page's real state for as long as the test may run: a loaded machine is slow, not wrong.
const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 45_000, interval: 100 });
/** Arms a one-shot watch for the next re-render of the console (the page replaces #app's children). */
const armRender = (p: Page) =>
  p.evaluate(() => {
    const w = window as unknown as { rendered?: Promise<void> };
    w.rendered = new Promise<void>((res) =>
      new MutationObserver((_m, o) => {
        o.disconnect();
        res();
      }).observe(document.getElementById('app')!, { childList: true }),
    );
  });
const rendered = (p: Page) => p.evaluate(() => (window as unknown as { rendered: Promise<void> }).rendered);
const announced = (p: Page) => p.$$eval('#announce-log li', (els) => els.map((e) => e.textContent ?? ''));

describe('counter console and lobby board', { timeout: 60_000 }, () => {
  it('signs in at a counter with the PIN', async () => {
    await counter.goto(`${h.url}/counter`);
    await counter.selectOption('#login-counter', '2');
    await counter.fill('#login-pin', '0000');
    await counter.click('button[type=submit]');
    await until(() => counter.textContent('#message')).toMatch(/PIN/);
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
      return axe.run({
        runOnly: { type: 'rule', values: ['button-name', 'label', 'select-name', 'aria-allowed-attr', 'aria-valid-attr-value', 'target-size', 'duplicate-id'] },
      });
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
    const small = await counter.$$eval(
      'button, select, input',
      (els) =>
        els
          .filter((e) => !(e as HTMLElement).hidden)
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.width > 0 && (r.height < 48 || r.width < 48)).length,
    );
    expect(small).toBe(0);
    const shortcuts = await counter.$$eval('[aria-keyshortcuts]', (els) =>
      els.map((e) => `${e.getAttribute('aria-keyshortcuts')}:${e.querySelector('kbd')?.textContent}`),
    );
    expect(shortcuts).toEqual(['N:N', 'R:R', 'S:S', 'F:F', 'X:X', 'P:P', 'T:T', 'H:H']);
    // clear the queue for the next steps
    const r = svc().callNext('2', { id: 'test' });
    expect(r.ok).toBe(true);
    svc().finish('2', { id: 'test' });
  });

  it('an issued ticket appears in the counter list; "call next" shows and announces it on the board', async () => {
    await board.goto(`${h.url}/board`);
    await board.waitForSelector('#now-number');
    const issued = svc().issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.detail);
    const label = issued.ticket.label;
    await counter.waitForSelector(`#waiting tr[data-ticket="${issued.ticket.id}"]`);
    await until(() => board.textContent('#waiting tr[data-service="passport"] .count')).toBe('1');
    await counter.locator('body').press('n');
    await until(() => counter.textContent('#current-number')).toBe(label);
    await until(() => board.textContent('#now-number')).toBe(label);
    expect(await board.textContent('#now-counter [lang="fr"]')).toBe('Guichet 2');
    expect(await board.textContent('#now-counter [lang="ar"]')).toBe('الشباك 2');
    await until(() => announced(board)).toContain(`Ticket C ${issued.ticket.number}, guichet 2`);
  });

  it('recall is announced again; no-show is offered only after the recalls', async () => {
    const cur = await counter.textContent('#current-number');
    const n = Number(cur!.split('-')[1]);
    expect(await counter.isDisabled('#act-no-show')).toBe(true);
    const before = (await announced(board)).length;
    await counter.click('#act-recall');
    await until(() => counter.textContent('#current-state')).toMatch(/rappels : 1/);
    await until(async () => (await announced(board)).filter((t) => t === `Ticket C ${n}, guichet 2`).length).toBeGreaterThanOrEqual(2);
    expect((await announced(board)).length).toBeGreaterThan(before);
    expect(await counter.isDisabled('#act-no-show')).toBe(true);
    await counter.locator('body').press('r');
    await until(() => counter.textContent('#current-state')).toMatch(/rappels : 2/);
    await until(() => counter.isDisabled('#act-no-show')).toBe(false);
    await counter.locator('body').press('x');
    await until(() => counter.textContent('#current-number')).toMatch(/Aucun ticket/);
    const d = svc().ticketDetail(svc().boardView().lastCalls[0]!.ticketId);
    expect(d.ok && d.detail.ticket.state).toBe('no-show');
  });

  it('transfer sends the ticket to another service with its number, back into the waiting list', async () => {
    const issued = svc().issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.detail);
    await counter.waitForSelector(`#waiting tr[data-ticket="${issued.ticket.id}"]`);
    await counter.click('#act-call-next');
    await until(() => counter.textContent('#current-number')).toBe(issued.ticket.label);
    await counter.selectOption('#transfer-service', 'registration');
    // Another counter's action re-renders the console between choosing and clicking (under load this
    // happens by itself): the choice must survive the re-render.
    await armRender(counter);
    h.push.broadcast({ type: 'changed', topic: 'queue' });
    await rendered(counter);
    await counter.click('#act-transfer');
    const row = counter.locator(`#waiting tr[data-ticket="${issued.ticket.id}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(issued.ticket.label);
    expect(await row.locator('td').nth(2).textContent()).toBe('Immatriculation consulaire');
    await until(() => board.textContent('#waiting tr[data-service="registration"] .count')).toBe('1');
  });

  it('a call reaches the board by its push: the board does not re-read /api/queue/board', async () => {
    const reads: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (new URL(r.url()).pathname === '/api/queue/board') reads.push(r.url());
    };
    const issued = svc().issueTicket({ service: 'cnie', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.detail);
    await until(() => board.textContent('#waiting tr[data-service="cnie"] .count')).toBe('1');
    board.on('request', onRequest);
    const called = svc().callTicket('1', issued.ticket.id, { id: 'test' });
    expect(called.ok).toBe(true);
    await until(() => board.textContent('#now-number')).toBe(issued.ticket.label);
    expect(await board.textContent('#now-counter [lang="fr"]')).toBe('Guichet 1');
    await until(() => announced(board)).toContain(`Ticket ${issued.ticket.prefix} ${issued.ticket.number}, guichet 1`);
    board.off('request', onRequest);
    expect(reads).toEqual([]);
    expect(svc().finish('1', { id: 'test' }).ok).toBe(true);
  });

  it("a read that started before an action never overwrites the action's answer", async () => {
    // Hold the answer of one re-read (asked before the pause) until the pause has been shown.
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    let asked!: () => void;
    const held = new Promise<void>((res) => (asked = res));
    await counter.route(
      '**/api/queue/counter',
      async (route) => {
        const answer = await route.fetch();
        asked();
        await gate;
        await route.fulfill({ response: answer });
      },
      { times: 1 },
    );
    let reads = 0;
    const onResponse = (r: { url(): string }) => {
      if (r.url().endsWith('/api/queue/counter')) reads++;
    };
    counter.on('response', onResponse);
    h.push.broadcast({ type: 'changed', topic: 'queue' });
    await held;
    await counter.locator('body').press('p');
    await counter.waitForSelector('.paused');
    await counter.evaluate(() => {
      const w = window as unknown as { lostPause: boolean };
      w.lostPause = false;
      new MutationObserver(() => {
        if (!document.querySelector('.paused')) w.lostPause = true;
      }).observe(document.getElementById('app')!, { childList: true, subtree: true });
    });
    release();
    // The held answer, then the re-read the pause's push asked for: both are in the page after this.
    await until(() => reads).toBeGreaterThanOrEqual(2);
    await until(() => counter.$('.paused')).not.toBeNull();
    expect(await counter.evaluate(() => (window as unknown as { lostPause: boolean }).lostPause)).toBe(false);
    counter.off('response', onResponse);
    // P acts on what the console shows: it resumes.
    await counter.locator('body').press('p');
    await until(() => counter.$('.paused')).toBeNull();
  });

  it('pause stops calling; the call button of a row calls that ticket', async () => {
    await counter.locator('body').press('p');
    await counter.waitForSelector('.paused');
    expect(await counter.isDisabled('#act-call-next')).toBe(true);
    await counter.locator('body').press('p');
    await until(() => counter.$('.paused')).toBeNull();
    const first = counter.locator('#waiting tbody tr').first();
    const label = await first.locator('td').nth(1).textContent();
    await first.getByRole('button').click();
    await until(() => counter.textContent('#current-number')).toBe(label);
    await until(() => board.textContent('#now-number')).toBe(label);
    await counter.click('#act-finish');
  });

  it('a board that lost its connection shows it, and catches up after reconnecting', async () => {
    h.wsBlocked = true;
    h.push.closeAll();
    await board.waitForSelector('#offline');
    const issued = svc().issueTicket({ service: 'marriage', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.detail);
    const called = svc().callNext('3', { id: 'yusuf' });
    expect(called.ok).toBe(true);
    await board.waitForTimeout(1500);
    expect(await board.textContent('#now-number')).not.toBe(issued.ticket.label);
    h.wsBlocked = false;
    await until(() => board.textContent('#now-number')).toBe(issued.ticket.label);
    expect(await board.$('#offline')).toBeNull();
    expect(await board.textContent('#now-counter [lang="fr"]')).toBe('Guichet 3');
  });

  it('signing out returns to the sign-in form', async () => {
    await counter.click('#logout');
    await counter.waitForSelector('#login-pin');
  });
});
