import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { startTestDaemon, sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { attachPayments, client, signIn, until, type Client } from './support';
import { JournalView, Overview, PrintedJobs } from '../../shared/diagnostics-api';
import { pendingPayments } from '../../store/payments';
import { recordNoAnswer } from '../../server/payments/terminal-answer';
import { codeFromTokenId } from '../../domain/appointment/index';

let daemon: RunningDaemon;
let tech: Client;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const base = sampleConfig();
  // A short answer timer so "answer lost" becomes an unknown payment in seconds, not two minutes.
  daemon = await startTestDaemon(t.dir, { devices: { ...base.devices, terminal: { ...base.devices.terminal, timers: { answerMs: 2500 } } } });
  await attachPayments(daemon);
  tech = await signIn(daemon);
}, 60_000);
afterAll(async () => {
  await daemon?.close();
  cleanup?.();
});

const overview = async () => Overview.parse((await tech.get('diagnostics/overview')).body);

describe('diagnostics API: who may use it', () => {
  it('refuses everything but /me without a technician session, and says why', async () => {
    const anon = client(daemon);
    expect((await anon.get('diagnostics/me')).body).toEqual({ user: null });
    const r = await anon.get('diagnostics/overview');
    expect(r.status).toBe(401);
    expect((await anon.post('diagnostics/devices/printer/fault', { fault: 'paper-out' })).status).toBe(401);
    const staff = await signIn(daemon, '3333'); // the supervisor: signed in, but not a technician
    expect((await staff.get('diagnostics/overview')).status).toBe(403);
    expect((await staff.get('diagnostics/me')).body).toEqual({ user: null });
  });
});

describe('diagnostics API: overview and self tests', () => {
  it('shows every device, the daemon, disk, journal, backup and the self tests', async () => {
    await until(
      () => daemon.ctx.devices.list(),
      (l) => l.every((d) => d.status === 'ok'),
    );
    const o = await overview();
    expect(o.devices.map((d) => [d.id, d.status, d.simulated])).toEqual([
      ['printer', 'ok', true],
      ['scanner', 'ok', true],
      ['terminal', 'ok', true],
    ]);
    expect(o.user.role).toBe('technician');
    expect(o.disk.freeBytes).toBeGreaterThan(0);
    expect(o.journalBytes).toBeGreaterThan(0);
    expect(o.lastBackup).toBeNull();
    expect(o.controls.find((c) => c.id === 'printer')).toMatchObject({
      mode: 'sim',
      canUseReal: false,
      faults: expect.arrayContaining(['paper-out', 'cover-open']),
    });
    expect(o.checks.find((c) => c.name === 'journal chain')).toMatchObject({ ok: true });
    expect(o.checks.find((c) => c.name.startsWith('printer'))).toMatchObject({ ok: true, detail: expect.stringMatching(/^ok/) });
    expect(o.simulatedOutsideDemo).toEqual([]);
    expect(o.paymentsAvailable).toBe(true);
  });
});

describe('diagnostics API: faults in the simulators', () => {
  it('paper out: the light turns red, checkReady refuses (so no money is taken), clear brings it back', async () => {
    const r = await tech.post('diagnostics/devices/printer/fault', { fault: 'paper-out' });
    expect(r).toMatchObject({ status: 200, body: { ok: true, message: expect.stringMatching(/paper-out/) } });
    expect(daemon.ctx.devices.get('printer')).toMatchObject({ status: 'error', detail: expect.stringMatching(/paper out/) });
    expect(await daemon.ctx.hardware.printer.service.checkReady()).toMatchObject({ ok: false, reason: expect.stringMatching(/paper out/) });
    expect((await overview()).checks.find((c) => c.name.startsWith('printer'))).toMatchObject({ ok: false });
    await tech.post('diagnostics/devices/printer/fault', { fault: 'clear' });
    expect(daemon.ctx.devices.get('printer')?.status).toBe('ok');
    expect((await daemon.ctx.hardware.printer.service.checkReady()).ok).toBe(true);
  });

  it('terminal "busy": no answer to ENQ, the terminal light goes red; unknown faults are named', async () => {
    expect((await tech.post('diagnostics/devices/terminal/fault', { fault: 'busy' })).status).toBe(200);
    expect(daemon.ctx.devices.get('terminal')?.status).toBe('offline');
    const bad = await tech.post('diagnostics/devices/terminal/fault', { fault: 'melted' });
    expect(bad).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/unknown concert simulator scenario "melted"; known: approve, decline/) },
    });
    await tech.post('diagnostics/devices/terminal/fault', { fault: 'clear' });
    expect(daemon.ctx.devices.get('terminal')?.status).toBe('ok');
  });

  it('scanner unplugged and line noise: the light and the raw bytes say so', async () => {
    await tech.post('diagnostics/devices/scanner/fault', { fault: 'offline' });
    expect(daemon.ctx.devices.get('scanner')?.status).toBe('offline');
    expect((await tech.post('diagnostics/devices/scanner/fault', { fault: 'noise' })).status).toBe(409);
    await tech.post('diagnostics/devices/scanner/fault', { fault: 'clear' });
    const waiting = tech.post('diagnostics/scanner/wait?ms=5000');
    await new Promise((r) => setTimeout(r, 200));
    expect((await tech.post('diagnostics/devices/scanner/fault', { fault: 'noise' })).status).toBe(200);
    const seen = (await waiting).body as { scan: { escaped: string; hex: string; decoded: { kind: string; ok: boolean } } };
    expect(seen.scan.escaped).toMatch(/^<NUL><ESC>#~/);
    expect(seen.scan.hex.startsWith('00 1b 23 7e')).toBe(true);
    expect(seen.scan.decoded).toMatchObject({ kind: 'not-ours', ok: false });
    const code = codeFromTokenId(Uint8Array.of(1, 2, 3, 4, 5));
    const typed = await tech.post('diagnostics/scanner/inject', { text: code });
    expect(typed.body).toMatchObject({ ok: true, data: { raw: code, decoded: { kind: 'typed-code', ok: true } } });
    const mistyped = await tech.post('diagnostics/scanner/inject', { text: code.slice(0, -1) + (code.endsWith('2') ? '3' : '2') });
    expect(mistyped.body).toMatchObject({ ok: true, data: { decoded: { kind: 'typed-code', ok: false, summary: expect.stringMatching(/mistyped/) } } });
    expect((await tech.post('diagnostics/scanner/inject', { text: code })).body).toMatchObject({ ok: true, data: { decoded: { ok: true } } });
    expect((await tech.post('diagnostics/scanner/inject', { text: code })).body).toMatchObject({
      ok: true,
      message: expect.stringMatching(/dropped it as a repeat/),
      data: null,
    });
  });
});

describe('diagnostics API: device tests', () => {
  it('test print, then the page as a PNG picture', async () => {
    const r = await tech.post('diagnostics/printer/test-print');
    expect(r).toMatchObject({ status: 200, body: { ok: true, message: expect.stringMatching(/test page printed/) } });
    const jobs = PrintedJobs.parse((await tech.get('diagnostics/printer/jobs')).body);
    expect(jobs.source).toBe('simulator');
    const img = await tech.get(jobs.jobs[0]!.image.replace(/^\/api\//, ''));
    expect(img.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(img.raw);
    expect(png.width).toBe(576);
    expect(png.height).toBeGreaterThan(400);
    const journal = JournalView.parse((await tech.get('diagnostics/journal')).body);
    expect(journal.printJobs[0]).toMatchObject({ kind: 'test', state: 'confirmed' });
  });

  it('printer and terminal status on demand; end of day says Concert cannot', async () => {
    expect((await tech.post('diagnostics/printer/status')).body).toMatchObject({ ok: true, message: expect.stringMatching(/^printer ok/) });
    expect((await tech.post('diagnostics/terminal/status')).body).toMatchObject({ ok: true, message: expect.stringMatching(/^terminal ready/) });
    const eod = await tech.post('diagnostics/terminal/end-of-day');
    expect(eod).toMatchObject({ status: 200, body: { ok: false, message: expect.stringMatching(/Concert E\+ has no such command/) } });
  });

  it('a test payment needs the exact amount confirmed and is journaled as a test', async () => {
    expect((await tech.post('diagnostics/payments/test', {})).status).toBe(400);
    expect((await tech.post('diagnostics/payments/test', { confirm: true, amountMinor: 5000 })).body).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not the test amount/),
    });
    const r = await tech.post('diagnostics/payments/test', { confirm: true, amountMinor: 100 });
    expect(r.body).toMatchObject({ ok: true, message: expect.stringMatching(/test payment approved/) });
    const journal = JournalView.parse((await tech.get('diagnostics/journal')).body);
    expect(journal.payments[0]).toMatchObject({ amountMinor: 100, currency: 'EUR', isTest: true, state: 'approved' });
  }, 20_000);

  it('a lost answer leaves the payment for staff; the technician settles it with a reason', async () => {
    await tech.post('diagnostics/devices/terminal/fault', { fault: 'answer-lost' });
    const r = await tech.post('diagnostics/payments/test', { confirm: true, amountMinor: 100 });
    expect(r.body).toMatchObject({ ok: false, message: expect.stringMatching(/test payment unknown/) });
    await tech.post('diagnostics/devices/terminal/fault', { fault: 'clear' });
    const journal = JournalView.parse((await tech.get('diagnostics/journal')).body);
    expect(journal.pending).toHaveLength(1);
    expect(journal.lock).toMatchObject({ state: 'locked-for-staff' });
    const id = journal.pending[0]!.id;
    expect((await tech.post(`diagnostics/payments/${id}/settle`, { outcome: 'not-charged', reason: 'x' })).status).toBe(400);
    const settled = await tech.post(`diagnostics/payments/${id}/settle`, {
      outcome: 'not-charged',
      reason: 'terminal journal shows no transaction at that time',
    });
    expect(settled.body).toMatchObject({
      ok: true,
      data: { payment: { state: 'settled_not_charged', settledBy: 'Karim T. (karim)' }, lock: { state: 'ready' } },
    });
    expect(pendingPayments(daemon.ctx.db)).toEqual([]);
  }, 30_000);

  it('shows a payment the terminal has not answered about as "terminal still working" and settles it "not charged" only when forced', async () => {
    await tech.post('diagnostics/devices/terminal/fault', { fault: 'answer-lost' });
    await tech.post('diagnostics/payments/test', { confirm: true, amountMinor: 100 });
    await tech.post('diagnostics/devices/terminal/fault', { fault: 'clear' });
    const id = JournalView.parse((await tech.get('diagnostics/journal')).body).pending[0]!.id;
    // As the restarted kiosk journals it when a ZVT terminal is still busy.
    recordNoAnswer(daemon.ctx.db, id, 'status enquiry: terminal busy (card inserted)', new Date());
    const journal = JournalView.parse((await tech.get('diagnostics/journal')).body);
    expect(journal.lock).toMatchObject({ state: 'locked-for-staff', terminalWorking: [{ id, detail: expect.stringMatching(/busy/) }] });
    const refused = await tech.post(`diagnostics/payments/${id}/settle`, { outcome: 'not-charged', reason: 'terminal journal shows nothing' });
    expect(refused).toMatchObject({ status: 409, body: { ok: false, message: expect.stringMatching(/has not answered/) } });
    const forced = await tech.post(`diagnostics/payments/${id}/settle`, {
      outcome: 'not-charged',
      force: true,
      reason: 'terminal replaced, nothing in its journal',
    });
    expect(forced.body).toMatchObject({
      ok: true,
      data: { payment: { state: 'settled_not_charged', settleReason: expect.stringMatching(/^forced/) }, lock: { state: 'ready' } },
    });
  }, 30_000);
});

describe('diagnostics API: journal export', () => {
  it('exports events, payments and print jobs as CSV files', async () => {
    const ev = await tech.get('diagnostics/journal/events.csv');
    expect(ev.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(ev.headers.get('content-disposition')).toMatch(/attachment; filename="PAR-K1-events-\d{4}-\d\d-\d\d\.csv"/);
    const lines = (ev.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,kind,subject,payload');
    expect(lines.some((l) => l.includes(',diagnostics.fault,printer,'))).toBe(true);
    const pay = (await tech.get('diagnostics/journal/payments.csv')).body as string;
    expect(pay.split('\r\n')[0]).toMatch(/^id,state,amountMinor/);
    expect(pay).toMatch(/settled_not_charged/);
    expect((await tech.get('diagnostics/journal/print-jobs.csv')).body).toMatch(/,test,diagnostics,/);
    expect((await tech.get('diagnostics/journal/secrets.csv')).status).toBe(404);
  });
});
