// axe-core on the staff pages, in every language each page's catalogue ships (issue 19, "Done when"): one daemon with
// simulated devices (ZVT terminal over a pty, virtual printer over TCP), one Chromium. The lobby board with a call and a
// paused counter; the supervisor's sign-in and live view; the reports page with a day and the refund desk (a paid
// visit, its refund form, a refund made); the diagnostics page signed out and signed in; the counter console signed
// out, idle with the reception desk (and a code it refuses), serving, with a held ticket, and a kiosk's call for
// staff. Each staff page is opened with ?lang=xx and checked in that language (html lang and dir); the board shows its
// configured languages, so each shipped one leads it in turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../support/browser';
import { ROOT } from '../support/daemon';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { paidVisit } from '../checkin/paid-visit';
import { axeViolations, backToAttract } from '../checkin/page';
import { isRightToLeft } from '../../shared/languages';

/** The languages that ship a catalogue for a page's domain (i18n/<lang>/<domain>.json): a new file joins the walk. */
const shipped = (domain: string) =>
  readdirSync(join(ROOT, 'i18n'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'i18n', d.name)).includes(`${domain}.json`))
    .map((d) => d.name)
    .sort();

const agent = { id: 'test:staff-axe' };
let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  // The kiosk prints the terminal's card receipt, so the refund desk lists a payment with a receipt to reprint.
  rig = await startCheckinRig({ printsCardReceipt: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

/** A fresh context (CSP bypassed so axe can be injected) whose page records its errors and accepts dialogs. */
async function open(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  return { context, page, errors };
}

/** Checks one screen: html lang and dir are the language's, then axe. Violations are kept by screen name. */
function checker(page: Page, found: Record<string, string[]>, checked: string[]) {
  return async (name: string, lang: string) => {
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), name).toEqual([lang, isRightToLeft(lang) ? 'rtl' : 'ltr']);
    const v = await axeViolations(page);
    checked.push(name);
    if (v.length) found[name] = v;
  };
}

/** A staff page's sign-in form in each language (nobody signed in in this context). */
async function signInForms(path: string, langs: string[], pin: string, found: Record<string, string[]>, checked: string[]) {
  const { context, page, errors } = await open();
  try {
    const check = checker(page, found, checked);
    for (const lang of langs) {
      await page.goto(`${rig.url}/${path}?lang=${lang}`);
      await page.locator(pin).waitFor();
      await check(`${path} sign-in ${lang}`, lang);
    }
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('axe-core on every staff page in every language its catalogue ships', () => {
  it('ships the staff catalogues in French, Arabic and English at least', () => {
    for (const domain of ['board', 'supervisor', 'reports', 'refunds', 'diagnostics', 'counter'])
      expect(shipped(domain), domain).toEqual(expect.arrayContaining(['ar', 'en', 'fr']));
  });

  it('the lobby board, with a call and a paused counter, led by each of its languages', async () => {
    const q = rig.daemon.ctx.queue;
    for (const service of ['passport', 'registration']) {
      const r = q.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!r.ok) throw new Error(r.detail);
    }
    const [first, second] = q.counters;
    expect(q.callNext(first!.id, agent)).toMatchObject({ ok: true });
    expect(q.pause(second!.id, agent)).toMatchObject({ ok: true });
    // A board has no picker: it shows the first two of config queue.board.languages. Each shipped language leads in
    // turn (Arabic beside it, or French beside Arabic), set on the running daemon's config before the board loads.
    const board = rig.daemon.ctx.config.queue.board as { languages: string[] };
    const configured = [...board.languages];
    const found: Record<string, string[]> = {};
    const checked: string[] = [];
    const { context, page, errors } = await open();
    try {
      await page.setViewportSize({ width: 1920, height: 1080 });
      for (const lang of shipped('board')) {
        board.languages = [lang, lang === 'ar' ? 'fr' : 'ar'];
        await page.goto(`${rig.url}/board`);
        await page.locator('#counters li[data-state="paused"]').first().waitFor();
        await page.locator('#now-counter').waitFor();
        await page.locator('.link[data-state="online"]').waitFor();
        // The board's layout is the lobby's, whatever language leads; each label carries its own lang and dir.
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        const caption = await page.locator('#now .caption span').evaluateAll((spans) => spans.map((s) => [s.getAttribute('lang'), s.getAttribute('dir')]));
        expect(caption).toEqual(board.languages.map((l) => [l, isRightToLeft(l) ? 'rtl' : 'ltr']));
        const v = await axeViolations(page);
        checked.push(`board ${lang}`);
        if (v.length) found[`board ${lang}`] = v;
      }
      expect(checked).toEqual(shipped('board').map((l) => `board ${l}`));
      expect(found).toEqual({});
      expect(errors).toEqual([]);
    } finally {
      board.languages = configured;
      await context.close();
      // The counter console's walk starts with counter 1 idle.
      q.finish(first!.id, agent);
    }
  }, 120_000);

  it('the supervisor page: sign-in, then the live view, in each language', async () => {
    const langs = shipped('supervisor');
    const found: Record<string, string[]> = {};
    const checked: string[] = [];
    await signInForms('supervisor', langs, '#pin', found, checked);
    const { context, page, errors } = await open();
    try {
      const check = checker(page, found, checked);
      await page.goto(`${rig.url}/supervisor?lang=${langs[0]}`);
      await page.locator('#pin').fill('3333');
      await page.locator('form button[type="submit"]').first().click();
      // Signed in on the first language's page; each other language is that page opened again with ?lang=xx.
      for (const [i, lang] of langs.entries()) {
        if (i > 0) await page.goto(`${rig.url}/supervisor?lang=${lang}`);
        await page.locator('#waiting-title').waitFor();
        await page.locator('#waiting table, #waiting p').first().waitFor();
        await page.locator('#counters-title').waitFor();
        await check(`supervisor ${lang}`, lang);
      }
      expect(checked).toEqual([...langs.map((l) => `supervisor sign-in ${l}`), ...langs.map((l) => `supervisor ${l}`)]);
      expect(found).toEqual({});
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the reports page: sign-in, the day, the refund desk with its form and a refund made, in each language', async () => {
    const langs = shipped('reports');
    expect(shipped('refunds')).toEqual(expect.arrayContaining(langs));
    const pid = await paidVisit(rig);
    const found: Record<string, string[]> = {};
    const checked: string[] = [];
    await signInForms('reports', langs, '#pin', found, checked);
    const { context, page, errors } = await open();
    try {
      const check = checker(page, found, checked);
      await page.goto(`${rig.url}/reports?lang=${langs[0]}`);
      await page.locator('#pin').fill('3333');
      await page.locator('form button[type="submit"]').first().click();
      // Signed in on the first language's page; each other language is that page opened again with ?lang=xx.
      for (const [i, lang] of langs.entries()) {
        if (i > 0) await page.goto(`${rig.url}/reports?lang=${lang}`);
        await page.locator('#sessions table').waitFor();
        await page.locator('#stats table').first().waitFor();
        await page.locator('#day-close article').first().waitFor();
        const row = page.locator(`#refunds tr[data-payment="${pid}"]`);
        await row.waitFor();
        await check(`reports ${lang}`, lang);
        // The refund form under the payment.
        await row.locator('td.actions button.primary').click();
        const form = page.locator('tr.refund-form form');
        await form.waitFor();
        await check(`refund form ${lang}`, lang);
        if (i === 0) {
          // A part refunded on the simulated terminal: the outcome line and the refund's row, seen in every language.
          await form.locator('#refund-amount').fill('1');
          await form.locator('#refund-reason').fill('test axe');
          await form.locator('button[type="submit"]').click();
          await page.locator('#refund-status[data-outcome="refunded"]').waitFor({ timeout: 30_000 });
          await page.locator('tr[data-refund]').first().waitFor();
          await check(`refunded ${lang}`, lang);
        }
      }
      expect(checked).toEqual([
        ...langs.map((l) => `reports sign-in ${l}`),
        ...langs.flatMap((l, i) => [`reports ${l}`, `refund form ${l}`, ...(i === 0 ? [`refunded ${l}`] : [])]),
      ]);
      expect(found).toEqual({});
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the diagnostics page: signed out, then signed in as a technician, in each language', async () => {
    const langs = shipped('diagnostics');
    const found: Record<string, string[]> = {};
    const checked: string[] = [];
    await signInForms('diagnostics', langs, '#pin', found, checked);
    const { context, page, errors } = await open();
    try {
      const check = checker(page, found, checked);
      await page.goto(`${rig.url}/diagnostics?lang=${langs[0]}`);
      await page.locator('#pin').fill('4444');
      await page.locator('form button[type="submit"]').first().click();
      // Signed in on the first language's page; each other language is that page opened again with ?lang=xx.
      for (const [i, lang] of langs.entries()) {
        if (i > 0) await page.goto(`${rig.url}/diagnostics?lang=${lang}`);
        await page.locator('#overview table').waitFor();
        await page.locator('#controls fieldset').first().waitFor();
        await page.locator('#journal table').first().waitFor();
        await page.locator('#discovery table').first().waitFor();
        await page.locator('.link[data-state="online"]').waitFor();
        await check(`diagnostics ${lang}`, lang);
      }
      expect(checked).toEqual([...langs.map((l) => `diagnostics sign-in ${l}`), ...langs.map((l) => `diagnostics ${l}`)]);
      expect(found).toEqual({});
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the counter console: signed out, idle with the reception desk, serving, held, a kiosk alert, in each language', async () => {
    const langs = shipped('counter');
    const q = rig.daemon.ctx.queue;
    // Counter 1 (Amina, PIN 1111) calls registration and information: one visitor per language, and one more.
    for (let i = 0; i <= langs.length; i++) {
      const r = q.issueTicket({ service: i % 2 ? 'information' : 'registration', kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!r.ok) throw new Error(r.detail);
    }
    const send = (e: object) => rig.daemon.ctx.checkin.send(e as never);
    const found: Record<string, string[]> = {};
    const checked: string[] = [];
    await signInForms('counter', langs, '#login-pin', found, checked);
    const { context, page, errors } = await open();
    try {
      const check = checker(page, found, checked);
      await page.goto(`${rig.url}/counter?lang=${langs[0]}`);
      await page.locator('#login-counter option').first().waitFor({ state: 'attached' });
      await page.selectOption('#login-counter', '1');
      await page.fill('#login-pin', '1111');
      await page.locator('form button[type="submit"]').click();
      // Signed in on the first language's page; each other language is that page opened again with ?lang=xx.
      for (const [i, lang] of langs.entries()) {
        if (i > 0) await page.goto(`${rig.url}/counter?lang=${lang}`);
        // Idle, with the reception desk and its list of the day.
        await page.locator('#act-call-next:not([disabled])').waitFor();
        await page.locator('#waiting tbody tr').first().waitFor();
        await page.locator('#reception-day thead').waitFor();
        await page.locator('.link[data-state="online"]').waitFor();
        await check(`counter idle ${lang}`, lang);
        // The reception desk refuses a code that is not an appointment's.
        await page.fill('#reception-code', 'not-a-code');
        await page.press('#reception-code', 'Enter');
        await page.locator('#reception-message [data-daemon-text]').waitFor();
        await check(`reception refused ${lang}`, lang);
        // Serving: called, then started.
        await page.locator('#act-call-next').click();
        await page.locator('#current-state').waitFor();
        await check(`counter called ${lang}`, lang);
        await page.locator('#act-start').click();
        await page.locator('#act-start[disabled]').waitFor();
        await check(`counter serving ${lang}`, lang);
        // Held: a reason asked for first, then the held list.
        await page.locator('#act-hold').click();
        await page.locator('#message:not(:empty)').waitFor();
        await check(`hold reason asked ${lang}`, lang);
        await page.fill('#hold-reason', `reason-${lang}`);
        await page.locator('#act-hold').click();
        await expect.poll(() => page.locator('#held tbody tr').count()).toBe(i + 1);
        await page.locator('#current-number.muted').waitFor();
        await check(`counter held ${lang}`, lang);
        // A visitor calls for staff at the kiosk: the alert, then who is on the way.
        await backToAttract(rig.url, send);
        send({ type: 'TOUCH' });
        send({ type: 'CALL_STAFF' });
        await page.locator('#kiosk-alert button').first().waitFor();
        await check(`kiosk alert ${lang}`, lang);
        await page.locator('#kiosk-alert button').first().click();
        await page.locator('#kiosk-alert [data-acknowledged]').waitFor();
        await check(`kiosk alert acknowledged ${lang}`, lang);
        send({ type: 'CONTINUE' });
        await backToAttract(rig.url, send);
        await page.locator('#kiosk-alert').waitFor({ state: 'detached' });
      }
      const states = [
        'counter idle',
        'reception refused',
        'counter called',
        'counter serving',
        'hold reason asked',
        'counter held',
        'kiosk alert',
        'kiosk alert acknowledged',
      ];
      expect(checked).toEqual([...langs.map((l) => `counter sign-in ${l}`), ...langs.flatMap((l) => states.map((s) => `${s} ${l}`))]);
      expect(found).toEqual({});
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
