// The CLI functions behind `kiosk print …`, `kiosk printer status` and `kiosk sim printer`.
import { afterEach, describe, expect, it } from 'vitest';
import { printerStatus, printTest, printTicket } from '../../server/commands/print';
import { startSimPrinter, type RunningSim } from '../../server/commands/sim-printer';
import { decodePng } from './decode';

let sim: RunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(fault?: string[]) {
  const r = await startSimPrinter({ listen: '127.0.0.1:0', ...(fault ? { fault } : {}) });
  if (!r.ok) throw new Error(r.reason);
  sim = r.sim;
  return r.sim;
}

describe('kiosk print / printer status', () => {
  it('prints a ticket in the requested languages on a TCP virtual printer', async () => {
    const s = await start();
    const r = await printTicket({ printer: s.address, lang: 'ar,es', number: 'C-104' });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, verified: true, paper: 80, qr: 'native' });
    const job = s.printer.jobs[0]!;
    expect(job.lines).toEqual(expect.arrayContaining(['C-104', 'Pasaporte', 'Su número']));
    expect(decodePng(job.png).qr).toBe('test-ticket-C-104');
  });

  it('prints the test page on 58 mm', async () => {
    const s = await start();
    const r = await printTest({ printer: s.address, paper: '58' });
    expect(r.exitCode).toBe(0);
    expect(s.printer.jobs[0]?.warnings).toEqual([]);
  });

  it('exits 0 for a ready printer and 1 with the reason otherwise', async () => {
    const s = await start(['cover-open']);
    const bad = await printerStatus({ printer: s.address });
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, state: 'cover-open' });
    expect(s.command('cover-open off')).toEqual({ ok: true, message: 'cover-open off' });
    const good = await printerStatus({ printer: s.address });
    expect(good.exitCode).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, state: 'ok' });
  });

  it('rejects bad arguments with exit 2 and says what is accepted', async () => {
    expect((await printerStatus({ printer: 'lpt1' })).exitCode).toBe(2);
    expect((await printTicket({ printer: 'sim', paper: '70' })).stderr).toMatch(/use 80 or 58/);
    expect((await printTicket({ printer: 'sim', lang: 'arabic' })).stderr).toMatch(/two-letter codes/);
    expect((await printTest({ printer: 'sim', model: 'hp-9000' })).stderr).toMatch(/not known; use one of/);
    const r = await startSimPrinter({ fault: ['on-fire'] });
    expect(r.ok).toBe(false);
  });

  it('fails with exit 1 when nothing listens at the address', async () => {
    const r = await printerStatus({ printer: 'tcp://127.0.0.1:1' });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, state: 'offline' });
    expect(r.stderr).toMatch(/cannot connect to printer at tcp:\/\/127\.0\.0\.1:1/);
  });

  it('takes faults from stdin commands', async () => {
    const s = await start();
    expect(s.command('paper-out-after 3').ok).toBe(true);
    expect(s.command('near-end').message).toBe('near-end on');
    expect(s.command('fly').ok).toBe(false);
    expect(s.printer.faults).toEqual(['near-end']);
    s.command('clear');
    expect(s.printer.faults).toEqual([]);
  });
});
