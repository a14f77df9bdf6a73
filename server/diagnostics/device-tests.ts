// The technician's tests of each device, run by the daemon that owns it: test print, printer status, a test
// payment (journaled as a test, through the payment service), terminal status and end of day, and the next
// scanned code shown raw and decoded. Results are values with words for the technician.
import type { Payments } from '../payments/index';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Devices } from '../devices/setup';
import { loadEncoder, resolveModel, testPageBlocks } from '../devices/index';
import { PAPERS } from '../../shared/print-blocks';
import { isZvt } from '../payments/reconcile';
import { appendEvent } from '../../store/events';
import { outcomeLabel } from '../../shared/payment-outcome';

export type TestResult = { ok: boolean; message: string; data?: unknown };

/** What the device tests use: the devices, the journal, the payment service and the config. */
export interface DeviceTestDeps {
  config: Pick<KioskConfig, 'devices' | 'consulate' | 'kioskId'>;
  db: Db;
  hardware: Pick<Devices, 'printer' | 'terminal'>;
  payments?: Payments;
}

/** The payment service when the daemon has one; undefined otherwise. */
export function paymentsOf(ctx: DeviceTestDeps): Payments | undefined {
  return ctx.payments;
}

/** The small amount of a test payment: devices.terminal.testAmountMinor when the config has it, else 1.00. */
export function testAmount(ctx: DeviceTestDeps): { amountMinor: number; currency: string } {
  const configured = (ctx.config.devices.terminal as { testAmountMinor?: unknown }).testAmountMinor;
  return { amountMinor: typeof configured === 'number' && configured > 0 ? configured : 100, currency: ctx.config.consulate.currency };
}

export async function testPrint(ctx: DeviceTestDeps, by: string): Promise<TestResult> {
  const p = ctx.hardware.printer;
  const model = resolveModel(p.model);
  if (!model.ok) return { ok: false, message: model.reason };
  const { encodeBlocks } = await loadEncoder();
  const { bytes } = encodeBlocks(testPageBlocks(PAPERS[p.paperWidth], `${new Date().toISOString()} — ${ctx.config.kioskId} — ${by}`), {
    paper: p.paperWidth,
    model: model.model,
    nativeQr: p.nativeQr,
  });
  const id = `test-${Date.now().toString(36)}`;
  // The technician is told at once that the printer cannot print (paper out, cover open, no answer): no wait for paper.
  const r = await p.service.print({ id, kind: 'test', subject: 'diagnostics', bytes }, { paperWaitMs: 0 });
  return r.ok
    ? {
        ok: true,
        message: `test page printed (${bytes.length} bytes${r.verified ? ', confirmed by the printer' : ', not confirmed: one-way printer'})`,
        data: { id, ...r },
      }
    : { ok: false, message: `test page not printed: ${r.reason}`, data: { id, ...r } };
}

export async function printerStatus(ctx: DeviceTestDeps): Promise<TestResult> {
  const s = await ctx.hardware.printer.service.status();
  return { ok: s.state === 'ok' || s.state === 'near-end', message: `printer ${s.state}: ${s.detail}`, data: s };
}

export async function terminalStatus(ctx: DeviceTestDeps): Promise<TestResult> {
  const s = await ctx.hardware.terminal.refresh();
  return { ok: s.state === 'ready', message: `terminal ${s.state}: ${s.detail}`, data: s };
}

export async function endOfDay(ctx: DeviceTestDeps, by: string): Promise<TestResult> {
  const t = ctx.hardware.terminal;
  if (!isZvt(t))
    return {
      ok: false,
      message: `end of day is not possible from the kiosk with ${t.protocol}: Concert E+ has no such command; run it from the terminal's own menu`,
    };
  const r = await t.endOfDay();
  appendEvent(ctx.db, {
    kind: 'diagnostics.end-of-day',
    subject: 'terminal',
    payload: { by, ok: r.ok, ...(r.ok ? { totalMinor: r.totalMinor, count: r.count } : { reason: r.reason }) },
  });
  return r.ok
    ? { ok: true, message: `end of day done: ${r.count} payment(s), total ${r.totalMinor} minor units`, data: r }
    : { ok: false, message: `end of day failed: ${r.reason}` };
}

/**
 * A real payment of the configured small amount, through the payment service (journal first, never sent
 * twice), marked as a test. The technician must confirm the exact amount the page showed.
 */
export async function testPayment(ctx: DeviceTestDeps, by: string, confirmedMinor: number): Promise<TestResult> {
  const payments = paymentsOf(ctx);
  if (!payments) return { ok: false, message: 'the payment service is not running in this daemon yet, so no test payment can be made' };
  const amount = testAmount(ctx);
  if (confirmedMinor !== amount.amountMinor)
    return {
      ok: false,
      message: `the confirmed amount (${confirmedMinor}) is not the test amount (${amount.amountMinor} ${amount.currency}): reload the page and confirm again`,
    };
  const r = await payments.service.pay({ amountMinor: amount.amountMinor, currency: amount.currency, reference: `diagnostics test by ${by}`, isTest: true });
  if (r.ok)
    return {
      ok: true,
      message: `test payment approved (${r.payment.id}, auth ${r.payment.authCode ?? '—'}, card ${r.payment.maskedPan ?? '—'})`,
      data: r.payment,
    };
  if (r.outcome === 'refused') return { ok: false, message: `test payment refused: ${r.detail}` };
  return {
    ok: false,
    message: `test payment ${outcomeLabel(r.outcome)}: ${r.reason}${r.outcome === 'unknown' ? ' — settle it in the journal section' : ''}`,
    data: r.payment,
  };
}
