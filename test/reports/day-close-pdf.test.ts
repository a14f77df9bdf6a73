// The day-close PDF over HTTP from the real daemon (issue 19 item 11): the consulate's Arabic name and a
// correction written in Arabic are set in the embedded Noto Sans Arabic, shaped, where the old hand-written
// writer put "?" for each Arabic letter; the Latin part reads back as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDaemon } from '../../server/daemon';
import { businessDay } from '../../domain/queue/business-day';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { actualTexts, readPdf } from './read-pdf';

let daemon: RunningDaemon;
let cleanup: () => void;
beforeAll(async () => {
  const t = tempDir('day-close-pdf-');
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
}, 60_000);
afterAll(async () => {
  await daemon?.close();
  cleanup?.();
});

async function call(cookie: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  return fetch(`${daemon.url}/api/reports/${path}`, {
    method,
    headers: { 'x-kiosk-app': 'reports', cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

describe('the day-close PDF', () => {
  it('names the consulate in French and Arabic and shows an Arabic correction, in embedded fonts', async () => {
    const { ctx } = daemon;
    await ctx.payments.ready;
    const paid = await ctx.payments.service.pay({ amountMinor: 1250, currency: 'EUR', reference: 'ET-PDF-1' });
    expect(paid.ok).toBe(true);
    const login = await fetch(`${daemon.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-app': 'reports' },
      body: JSON.stringify({ pin: '3333' }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const day = businessDay(new Date(), ctx.config.consulate.timeZone);
    const closed = await call(cookie, 'POST', 'day/close', { day, terminalId: 'terminal', source: 'simulator-log', print: false });
    expect(closed.status, await closed.clone().text()).toBe(200);
    const { close } = (await closed.json()) as { close: { id: number } };
    const note = 'تم استرداد المبلغ نقدا عند الشباك';
    const corrected = await call(cookie, 'POST', `day/close/${close.id}/corrections`, { note });
    expect(corrected.status, await corrected.clone().text()).toBe(200);

    const res = await call(cookie, 'GET', `day/close/${close.id}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const buf = Buffer.from(await res.arrayBuffer());
    const pdf = readPdf(buf);
    const arabicName = ctx.config.consulate.name.ar!;
    expect(arabicName).toMatch(/\p{Script=Arabic}/u);
    expect(pdf.text).toContain(ctx.config.consulate.name.fr!);
    expect(pdf.text).toContain('12.50 EUR in 1 payment(s)');
    expect(pdf.text).not.toContain('?');
    expect(actualTexts(buf)).toEqual(expect.arrayContaining([arabicName, note]));
    const fonts = pdf.fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(fonts).toContain('NotoSansArabic-Regular');
    expect(pdf.fonts.every((f) => f.embedded && f.unicode)).toBe(true);
  }, 60_000);
});
