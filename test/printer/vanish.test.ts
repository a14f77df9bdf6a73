// The printer disappears while a job is printing (power cut, cable pulled): the job fails with a clear
// reason, the journal says so, and the service stays usable.
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
import { sampleTicket } from './sample';
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

describe('a printer that vanishes mid-job', () => {
  it('gives a clear failure value and a failed journal row', async () => {
    dir = mkdtempSync(join(tmpdir(), 'printer-vanish-'));
    db = openJournal(join(dir, 'j.sqlite'));
    const printer = new VirtualPrinter({ slowDrainBytesPerSecond: 2000 });
    printer.setFault('slow-drain');
    server = await listenTcp(printer, '127.0.0.1', 0);
    const journal = printJobJournal(db);
    const s = server;
    service = new PrinterService({
      transport: new TcpTransport({ host: s.host, port: s.port, connectTimeoutMs: 500 }),
      jobPollMs: 50,
      queryTimeoutMs: 300,
      journal: {
        ...journal,
        sent(id, attempt) {
          journal.sent(id, attempt);
          setTimeout(() => void s.vanish(), 100);
        },
      },
    });
    const { bytes } = encodeBlocks(layoutTicket(sampleTicket, 80, words), { paper: 80 });
    const result = await service.print({ id: 'job-v', kind: 'ticket', subject: 'A-023', bytes });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.state).toBe('offline');
    expect(result.reason).toMatch(/printer disappeared mid-job \(attempt 1\)/);
    expect(result.reason).toContain(s.url);
    expect(printer.jobs.filter((j) => j.complete)).toHaveLength(0);
    const row = getPrintJob(db, 'job-v');
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row?.reason).toMatch(/disappeared mid-job/);
    expect(recentEvents(db, { subject: 'job-v' })[0]?.kind).toBe('print.failed');

    // Later status checks report it offline with advice, not an exception.
    const ready = await service.checkReady();
    expect(ready.ok).toBe(false);
    if (!ready.ok) expect(ready.reason).toMatch(/cannot connect to printer at tcp:\/\/127\.0\.0\.1:\d+/);
    printer.close();
  });
});
