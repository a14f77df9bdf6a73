// Paper runs out in the middle of a ticket, over a real TCP socket: the service clears the printer's
// buffer, waits for the new roll and prints the WHOLE ticket again, exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutTicket } from '../../domain/ticket/layout';
import { encodeBlocks } from '../../drivers/printer/encode';
import { PrinterService } from '../../drivers/printer/service';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { listenTcp, type SimTcpServer } from '../../drivers/printer/sim/tcp-server';
import { TcpTransport } from '../../drivers/printer/transports/tcp';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { getPrintJob, printJobJournal } from '../../store/print-jobs';
import { decodePng } from './decode';
import { sampleTicket, TICKET_ID } from './sample';
import { shippedWords as words } from '../support/ticket-words';

let server: SimTcpServer | undefined;
let service: PrinterService | undefined;
let db: Db | undefined;
let dir: string;

afterEach(async () => {
  await service?.close();
  await server?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('paper out mid-ticket over TCP', () => {
  it('ends with exactly one complete ticket printed after the paper is back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'printer-paperout-'));
    db = openJournal(join(dir, 'j.sqlite'));
    const printer = new VirtualPrinter();
    server = await listenTcp(printer, '127.0.0.1', 0);
    const journal = printJobJournal(db);
    let reloadScheduled = false;
    service = new PrinterService({
      transport: new TcpTransport({ host: server.host, port: server.port }),
      jobPollMs: 50,
      journal: {
        ...journal,
        interrupted(id, reason) {
          journal.interrupted(id, reason);
          // A technician loads a new roll a moment after the kiosk noticed.
          if (!reloadScheduled) {
            reloadScheduled = true;
            setTimeout(() => printer.loadPaper(), 300);
          }
        },
      },
    });
    expect((await service.checkReady()).ok).toBe(true);

    printer.paperOutAfter(6);
    const { bytes } = encodeBlocks(layoutTicket(sampleTicket, 80, words), { paper: 80 });
    const result = await service.print({ id: 'job-1', kind: 'ticket', subject: 'A-023', bytes });

    expect(result).toEqual({ ok: true, attempts: 2, verified: true });
    const [torn, ...after] = printer.jobs;
    expect(torn?.endedBy).toBe('paper-out');
    expect(torn?.complete).toBe(false);
    expect(after).toHaveLength(1);
    const ticket = after[0]!;
    expect(ticket.complete).toBe(true);
    // The whole ticket, from the header to the QR code, not the tail of the first attempt.
    expect(ticket.lines[0]).toBe('Consulat général du Royaume du Maroc à Paris');
    expect(ticket.lines).toContain('A-023');
    expect(ticket.rasterBands).toBeGreaterThanOrEqual(2);
    expect(decodePng(ticket.png).qr).toBe(TICKET_ID);
    expect(printer.buffered).toBe(0);

    expect(getPrintJob(db, 'job-1')).toMatchObject({ state: 'confirmed', attempts: 2, verified: 1 });
    expect(
      recentEvents(db, { subject: 'job-1' })
        .map((e) => e.kind)
        .reverse(),
    ).toEqual(['print.queued', 'print.sent', 'print.interrupted', 'print.sent', 'print.confirmed']);
  });
});
