// Every text of the kiosk's visitor screens, the lobby board, the supervisor page, the reports page, the diagnostics
// page and the counter console comes from a catalogue (issue 19, item 7): the pages are
// opened with ?i18n=pseudo, where each catalogue message is shown as ⟦…⟧, and every text node, accessible name and
// title left once those are taken out must be data: ticket labels, names from the config (consulate, services,
// counters, staff), numbers and times. A text written in the page's code shows up here by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { startCheckinRig } from '../checkin/rig';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { backToAttract } from '../checkin/page';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;
const agent = { id: 'test:i18n' };

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

/** The names the config gives (consulate, services, counters, staff) and the ticket labels: data, not words. */
function dataOf(extra: string[], config: unknown = daemon.ctx.config): string[] {
  const out = new Set<string>([...extra, agent.id]);
  const visit = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (['name', 'prefix', 'kioskId', 'code', 'id'].includes(key) || /^[a-z]{2}$/.test(key)) out.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k === 'name' ? 'name' : k);
  };
  visit(config, '');
  // Longest first, so "Counter 10" is not cut into "Counter 1" + "0".
  return [...out].filter((s) => s.length > 1).sort((a, b) => b.length - a.length);
}

/** What the page shows that is neither a ⟦catalogue text⟧ nor data. */
async function unmarked(page: Page, data: string[], skip = ''): Promise<string[]> {
  const texts = await page.evaluate((skip) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      // A decoration hidden from assistive technology (an icon such as ◐) is not a text a person reads.
      if (!parent || parent.closest('script, style, [aria-hidden="true"]') || (skip && parent.closest(skip))) continue;
      out.push(n.textContent ?? '');
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (skip && el.closest(skip)) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.hasAttribute(a)) out.push(el.getAttribute(a)!);
    }
    out.push(document.title);
    return out;
  }, skip);
  const left: string[] = [];
  for (const text of texts) {
    // Innermost first: a catalogue text may carry another one (a device's state inside its light's name).
    let rest = text;
    for (let prev = ''; prev !== rest;) [prev, rest] = [rest, rest.replace(/⟦[^⟦⟧]*⟧/g, ' ')];
    for (const d of data) rest = rest.split(d).join(' ');
    // Numbers, times, ticket labels, service prefixes (C), currency codes (EUR) and symbols (€), the persons
    // picker's − and +, bidi marks and isolates (around a ticket label in an Arabic sentence) and punctuation are data.
    rest = rest.replace(/\b([A-Z]{1,2}(-?\d+)?|[A-Z]{3})\b/g, ' ').replace(/[\d\s:.,;·~—–\-()/%+×#…−\p{Sc}\u200e\u200f\u061c\u2068\u2069]+/gu, '');
    if (rest) left.push(text.trim());
  }
  return [...new Set(left)];
}

describe('pages whose every text comes from a catalogue', () => {
  it('the lobby board, with calls, waiting tickets and a paused counter', async () => {
    const q = daemon.ctx.queue;
    for (const service of ['passport', 'registration']) {
      const r = q.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!r.ok) throw new Error(r.detail);
    }
    const counters = q.counters;
    expect(q.callNext(counters[0]!.id, agent)).toMatchObject({ ok: true });
    expect(q.pause(counters[1]!.id, agent)).toMatchObject({ ok: true });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (/^i18n:/.test(m.text())) warnings.push(m.text());
      });
      await page.goto(`${daemon.url}/board?i18n=pseudo`);
      await page.locator('#counters li[data-state="paused"]').first().waitFor();
      await page.locator('#now-counter').waitFor();
      await page.locator('.link[data-state="online"]').waitFor();
      expect(await page.locator('#now .caption').textContent()).toContain('⟦');
      expect(await unmarked(page, dataOf([]))).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the supervisor page, signed in, in French and in Arabic', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (/^i18n:/.test(m.text())) warnings.push(m.text());
      });
      for (const lang of ['fr', 'ar']) {
        await page.goto(`${daemon.url}/supervisor?i18n=pseudo&lang=${lang}`);
        if (lang === 'fr') {
          // The sign-in form first: its texts too.
          await page.locator('#pin').waitFor();
          // The language picker's options are each language's own name (Intl.DisplayNames), not words of the page.
          expect(await unmarked(page, dataOf([]), '#lang')).toEqual([]);
          await page.locator('#pin').fill('3333');
          await page.locator('form button[type="submit"]').first().click();
        }
        await page.locator('#waiting-title').waitFor();
        await page.locator('#waiting table, #waiting p').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await unmarked(page, dataOf([]), '#lang')).toEqual([]);
      }
      expect(warnings).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the reports page, signed in, in Arabic (right to left) and in French', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (/^i18n:/.test(m.text())) warnings.push(m.text());
      });
      for (const lang of ['ar', 'fr']) {
        await page.goto(`${daemon.url}/reports?i18n=pseudo&lang=${lang}`);
        if (lang === 'ar') {
          await page.locator('#pin').waitFor();
          expect(await unmarked(page, dataOf([]))).toEqual([]);
          await page.locator('#pin').fill('3333');
          await page.locator('form button[type="submit"]').first().click();
        }
        await page.locator('#sessions table').waitFor();
        await page.locator('#stats table').first().waitFor();
        await page.locator('#day-close article').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        // The refund desk's language picker lists each language by its own name (Intl.DisplayNames).
        expect(await unmarked(page, dataOf([]), '#refund-lang')).toEqual([]);
      }
      expect(warnings).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the kiosk: attract, identify (scan and walk-in), summary, paying, done and an error, in French and in Arabic', async () => {
    // Simulated devices wired as on a kiosk, with a PIN slow enough to read the paying screen.
    const rig = await startCheckinRig({ timing: { pinDelayMs: 4000, pinStepMs: 1000 } });
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const screen = (prefix: string) => page.locator(`#app[data-screen^="${prefix}"]`).waitFor();
    try {
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (/^i18n:/.test(m.text())) warnings.push(m.text());
      });
      const data = dataOf([], rig.daemon.ctx.config);
      // Each screen is seen in pseudo-locale (its heading marked) before what is left unmarked is read.
      const left = async (name: string, skip = '') => {
        await expect.poll(() => page.locator('#app h1').first().textContent()).toContain('⟦');
        return { [name]: await unmarked(page, data, skip) };
      };
      for (const lang of ['fr', 'ar']) {
        await page.goto(`${rig.url}/?i18n=pseudo`);
        await screen('attract');
        await page.locator('.link[data-state="online"]').waitFor();
        // The language buttons are each language's own name (Intl.DisplayNames), not words of the page.
        expect(await left('attract', '.languages')).toEqual({ attract: [] });
        await page.locator(`button[data-lang="${lang}"]`).click();
        await screen('identify.scan');
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await left('scan')).toEqual({ scan: [] });
        await page.locator('#app .actions button.primary').click();
        await screen('identify.walkIn');
        expect(await left('walkIn')).toEqual({ walkIn: [] });
        await page.locator('button[data-service="passport"]').click();
        await screen('summary');
        await page.locator('p.wait').waitFor();
        expect(await left('summary')).toEqual({ summary: [] });

        // Paying: the amount, the terminal's prompt, its picture and the countdown; then the ticket.
        rig.terminal.setScenario('pin-delay');
        const pay = page.locator('#app .actions button.primary');
        await expect.poll(() => pay.isEnabled()).toBe(true);
        await pay.click();
        await page.locator('[data-prompt="enter-pin"]').waitFor();
        await page.locator('#app .countdown').waitFor();
        expect(await left('paying')).toEqual({ paying: [] });
        await screen('done');
        await page.locator('#app .ticket-number').waitFor();
        expect(await left('done')).toEqual({ done: [] });
        await page.locator('#app .actions button.primary').click();
        await screen('attract');

        // An error: a typed code that matches no appointment, with the ways on it offers and its countdown.
        await page.locator(`button[data-lang="${lang}"]`).click();
        await screen('identify.scan');
        await page.locator('#app .actions button').first().click();
        await screen('identify.typeCode');
        expect(await left('typeCode')).toEqual({ typeCode: [] });
        await page.locator('#code').fill('ABC-DEF-GHJ');
        await page.locator('#app .actions button.primary').click();
        await screen('error');
        await page.locator('#app .countdown').waitFor();
        expect(await left('error')).toEqual({ error: [] });
        rig.daemon.ctx.checkin.send({ type: 'ACKNOWLEDGE' });
        await screen('attract');
      }
      expect(warnings).toEqual([]);
    } finally {
      await context.close();
      await rig.close();
    }
  }, 90_000);

  it('the diagnostics page, signed in as a technician, in French and in Arabic (right to left)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (/^i18n:/.test(m.text())) warnings.push(m.text());
      });
      // Device ids are the config's keys, "€" the consulate's currency: data. What the daemon itself wrote (device
      // details, check names, journal events, log lines, fault names) is marked data-daemon-text by the page.
      const data = dataOf(['printer', 'terminal', 'scanner', '€']);
      const skip = '#lang, [data-daemon-text]';
      for (const lang of ['fr', 'ar']) {
        await page.goto(`${daemon.url}/diagnostics?i18n=pseudo&lang=${lang}`);
        if (lang === 'fr') {
          await page.locator('#pin').waitFor();
          await page.locator('#devices tr').first().waitFor();
          expect(await unmarked(page, data, skip)).toEqual([]);
          await page.locator('#pin').fill('4444');
          await page.locator('form button[type="submit"]').first().click();
        }
        await page.locator('#overview table').waitFor();
        await page.locator('#controls fieldset').first().waitFor();
        await page.locator('#journal table').first().waitFor();
        await page.locator('#discovery table').first().waitFor();
        await page.locator('.link[data-state="online"]').waitFor();
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        expect(await unmarked(page, data, skip)).toEqual([]);
      }
      expect(warnings).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the counter console, signed in, in French and in Arabic: idle, serving, held, the reception desk, a kiosk alert', async () => {
    const q = daemon.ctx.queue;
    // The board's test left a ticket called at counter 1: served, so the counter starts idle.
    q.finish('1', agent);
    // Counter 1 (Amina, PIN 1111) calls registration and information: two visitors for each language.
    for (let i = 0; i < 4; i++) {
      const r = q.issueTicket({ service: i % 2 ? 'information' : 'registration', kind: 'walk-in', persons: 1 + i, lang: 'fr' });
      if (!r.ok) throw new Error(r.detail);
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (/^i18n:/.test(m.text())) warnings.push(m.text());
      });
      // What the agent types (a hold reason) is theirs; what the daemon answered (a refusal) is marked data-daemon-text.
      const reasons = ['reason-fr', 'reason-ar'];
      const data = dataOf(reasons);
      const skip = '#lang, [data-daemon-text]';
      for (const [i, lang] of ['fr', 'ar'].entries()) {
        await page.goto(`${daemon.url}/counter?i18n=pseudo&lang=${lang}`);
        if (lang === 'fr') {
          await page.locator('#login-pin').waitFor();
          await page.locator('#login-counter option').first().waitFor({ state: 'attached' });
          expect(await unmarked(page, data, skip)).toEqual([]);
          // A refused PIN: the page's words, then the daemon's.
          await page.selectOption('#login-counter', '1');
          await page.fill('#login-pin', '0000');
          await page.locator('form button[type="submit"]').click();
          await page.locator('#message [data-daemon-text]').waitFor();
          expect(await unmarked(page, data, skip)).toEqual([]);
          await page.fill('#login-pin', '1111');
          await page.locator('form button[type="submit"]').click();
        }
        // Idle, with the reception desk and its list of the day.
        await page.locator('#act-call-next:not([disabled])').waitFor();
        await page.locator('#waiting tbody tr').first().waitFor();
        await page.locator('#reception-day thead').waitFor();
        await page.locator('.link[data-state="online"]').waitFor();
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        expect(await unmarked(page, data, skip)).toEqual([]);
        // The desk refuses a code that is not an appointment's: its words, then the daemon's.
        await page.fill('#reception-code', 'not-a-code');
        await page.press('#reception-code', 'Enter');
        await page.locator('#reception-message [data-daemon-text]').waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        // Serving: called, then started (the disabled buttons say why).
        await page.locator('#act-call-next').click();
        await page.locator('#current-state').waitFor();
        await page.locator('#why-call-next').waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        await page.locator('#act-start').click();
        await page.locator('#act-start[disabled]').waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        // Held: the visitor went to fetch a document; the held list (and a reason asked for first).
        await page.locator('#act-hold').click();
        await page.locator('#message:not(:empty)').waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        await page.fill('#hold-reason', reasons[i]!);
        await page.locator('#act-hold').click();
        await expect.poll(() => page.locator('#held tbody tr').count()).toBe(i + 1);
        await page.locator('#current-number.muted').waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        // A visitor calls for staff at the kiosk: the alert, then who is on the way.
        const send = (e: object) => daemon.ctx.checkin.send(e as never);
        await backToAttract(daemon.url, send);
        send({ type: 'TOUCH' });
        send({ type: 'CALL_STAFF' });
        await page.locator('#kiosk-alert button').first().waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        await page.locator('#kiosk-alert button').first().click();
        await page.locator('#kiosk-alert [data-acknowledged]').waitFor();
        expect(await unmarked(page, data, skip)).toEqual([]);
        send({ type: 'CONTINUE' });
        await backToAttract(daemon.url, send);
        await page.locator('#kiosk-alert').waitFor({ state: 'detached' });
      }
      expect(warnings).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
