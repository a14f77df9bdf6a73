import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrinterService } from './service';
import { VirtualPrinter, type FaultName } from './sim/virtual-printer';
import { SimTransport } from './transports/sim';
import { FileTransport } from './transports/file';
import type { PrintJournal } from './journal';
import type { PrinterStatus } from './status';

const services: PrinterService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

function make(opts: Partial<ConstructorParameters<typeof PrinterService>[0]> = {}) {
  const printer = new VirtualPrinter();
  const log: string[] = [];
  const journal: PrintJournal = {
    queued: (j) => log.push(`queued ${j.id} ${j.bytes}`),
    sent: (id, a) => log.push(`sent ${id} ${a}`),
    interrupted: (id) => log.push(`interrupted ${id}`),
    confirmed: (id, d) => log.push(`confirmed ${id} ${d.attempts} ${d.verified}`),
    failed: (id, r) => log.push(`failed ${id} ${r}`),
  };
  const service = new PrinterService({ transport: new SimTransport(printer), journal, jobPollMs: 20, queryTimeoutMs: 200, ...opts });
  services.push(service);
  return { printer, service, log };
}

const job = (id = 'j1') => ({ id, kind: 'test', bytes: Uint8Array.from([0x1b, 0x40, ...Buffer.from('hello\n'), 0x1d, 0x56, 0x01]) });

describe('PrinterService.checkReady', () => {
  it('is ok for a ready printer and for paper near end', async () => {
    const { service, printer } = make();
    expect(await service.checkReady()).toMatchObject({ ok: true, status: { state: 'ok' } });
    printer.setFault('near-end');
    expect(await service.checkReady()).toMatchObject({ ok: true, status: { state: 'near-end' } });
  });

  const cases: Array<[FaultName, string, RegExp]> = [
    ['paper-out', 'paper-out', /load a new roll/],
    ['cover-open', 'cover-open', /close the printer cover/],
    ['offline', 'offline', /offline/],
    ['error', 'error', /autocutter error/],
  ];
  for (const [fault, state, reason] of cases) {
    it(`refuses with a reason when ${fault}`, async () => {
      const { service, printer } = make();
      printer.setFault(fault);
      const r = await service.checkReady();
      expect(r.ok).toBe(false);
      expect(r.status.state).toBe(state);
      if (!r.ok) expect(r.reason).toMatch(reason);
    });
  }

  it('reports a one-way printer as status unknown, never ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'printer-file-'));
    try {
      const service = new PrinterService({ transport: new FileTransport(join(dir, 'lp0')) });
      services.push(service);
      const r = await service.checkReady();
      expect(r).toMatchObject({ ok: false, status: { state: 'unknown', canReadStatus: false } });
      if (!r.ok) expect(r.reason).toMatch(/status unknown/);
      const lenient = new PrinterService({ transport: new FileTransport(join(dir, 'lp0')), acceptUnknownStatus: true });
      services.push(lenient);
      expect((await lenient.checkReady()).ok).toBe(true);
      // It still prints, journaled as not verified.
      expect(await service.print(job())).toEqual({ ok: true, attempts: 1, verified: false });
      expect(readFileSync(join(dir, 'lp0')).includes(Buffer.from('hello'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PrinterService.print', () => {
  it('journals queued, sent and confirmed for a job the printer confirms', async () => {
    const { service, printer, log } = make();
    expect(await service.print(job())).toEqual({ ok: true, attempts: 1, verified: true });
    expect(log).toEqual(['queued j1 11', 'sent j1 1', 'confirmed j1 1 true']);
    expect(printer.jobs.map((j) => j.lines)).toEqual([['hello']]);
  });

  it('waits for a closed cover, then prints', async () => {
    const { service, printer, log } = make();
    printer.setFault('cover-open');
    setTimeout(() => printer.setFault('cover-open', false), 100);
    expect(await service.print(job())).toMatchObject({ ok: true, attempts: 1 });
    expect(log.at(-1)).toBe('confirmed j1 1 true');
  });

  it('fails with the reason when the paper does not come back in time', async () => {
    const { service, printer, log } = make({ paperWaitMs: 100 });
    printer.setFault('paper-out');
    const r = await service.print(job());
    expect(r).toMatchObject({ ok: false, state: 'paper-out', attempts: 0 });
    if (!r.ok) expect(r.reason).toMatch(/printer not ready \(waited 0 s\): paper out: load a new roll/);
    expect(log.at(-1)).toMatch(/^failed j1 printer not ready/);
  });

  it('tells at once that a job waits for paper, answers readiness without queueing behind it, and prints when paper is back', async () => {
    const { service, printer, log } = make({ paperWaitMs: 60_000 });
    printer.setFault('paper-out');
    const told: Array<string | null> = [];
    const printed = service.print(job(), { onWaiting: (s) => told.push(s ? s.state : null) });
    await vi.waitFor(() => expect(told).toEqual(['paper-out']), { timeout: 2000 });
    expect(service.jobWaiting).toBe(true);
    // The next visitor's printer check is not held for the minutes the job may wait.
    const t0 = Date.now();
    const ready = await service.checkReady();
    expect(Date.now() - t0).toBeLessThan(100);
    expect(ready).toMatchObject({ ok: false, status: { state: 'paper-out' } });
    if (!ready.ok) expect(ready.reason).toMatch(/a print job is waiting for the printer: paper out/);
    printer.loadPaper();
    expect(await printed).toMatchObject({ ok: true, attempts: 1 });
    expect(told).toEqual(['paper-out', null]);
    expect(service.jobWaiting).toBe(false);
    expect(log.at(-1)).toBe('confirmed j1 1 true');
    expect(printer.jobs.map((j) => j.lines)).toEqual([['hello']]);
  });

  it('tells a printer that does not answer as waiting too', async () => {
    const { service, printer } = make({ paperWaitMs: 60_000 });
    printer.setFault('offline');
    const told: Array<string | null> = [];
    const printed = service.print(job(), { onWaiting: (s) => told.push(s ? s.state : null) });
    await vi.waitFor(() => expect(told).toEqual(['offline']), { timeout: 2000 });
    printer.clearFaults();
    expect(await printed).toMatchObject({ ok: true });
    expect(told).toEqual(['offline', null]);
  });

  it("fails at once with paperWaitMs 0 (the technician's test print says paper out, it does not wait)", async () => {
    const { service, printer } = make({ paperWaitMs: 60_000 });
    printer.setFault('paper-out');
    const t0 = Date.now();
    const r = await service.print(job(), { paperWaitMs: 0 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, state: 'paper-out', attempts: 0 });
    if (!r.ok) expect(r.reason).toBe('printer not ready: paper out: load a new roll');
  });

  it('fails on an unrecoverable error without waiting', async () => {
    const { service, printer } = make({ paperWaitMs: 60_000 });
    printer.setFault('error');
    expect(await service.print(job())).toMatchObject({ ok: false, state: 'error' });
  });

  it('runs jobs one after another', async () => {
    const { service, printer } = make();
    const results = await Promise.all([service.print(job('a')), service.print(job('b')), service.status()]);
    expect(results[0].ok && results[1].ok).toBe(true);
    expect(printer.jobs).toHaveLength(2);
  });
});

describe('idle polling', () => {
  it('reports status changes through onStatus', async () => {
    const seen: PrinterStatus[] = [];
    const { service, printer } = make({ onStatus: (s) => seen.push(s) });
    service.startPolling(20);
    await until(() => seen.length >= 1);
    printer.setFault('near-end');
    await until(() => seen.some((s) => s.state === 'near-end'));
    printer.setFault('cover-open');
    await until(() => seen.some((s) => s.state === 'cover-open'));
    service.stopPolling();
    expect(seen.map((s) => s.state)).toEqual(['ok', 'near-end', 'cover-open']);
  });
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('printers without GS ( H', () => {
  it('count a job as printed after a clean status poll', async () => {
    const { service, log } = make({ processIdSupported: false });
    expect(await service.print(job())).toEqual({ ok: true, attempts: 1, verified: true });
    expect(log.at(-1)).toBe('confirmed j1 1 true');
  });
});
