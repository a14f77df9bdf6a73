// The printer service over a real pseudo-terminal pair (socat), with the virtual printer on the far end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutTicket } from '../../domain/ticket/layout';
import { encodeBlocks } from '../../drivers/printer/encode';
import { PrinterService } from '../../drivers/printer/service';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { attachSerial } from '../../drivers/printer/sim/serial';
import { createTransport, parsePrinterUrl } from '../../drivers/printer/transports/url';
import { decodePng } from './decode';
import { sampleTicket, TICKET_ID } from './sample';
import { shippedWords as words } from '../support/ticket-words';

let dir: string;
let socat: ChildProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'printer-serial-'));
  socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${dir}/a`, `pty,raw,echo=0,link=${dir}/b`], { stdio: 'ignore' });
  const end = Date.now() + 10_000;
  while (!(existsSync(`${dir}/a`) && existsSync(`${dir}/b`))) {
    if (Date.now() > end) throw new Error('socat did not create the pty pair');
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(() => {
  socat?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('serial printer', () => {
  it('reads status and prints a ticket over serial:/path?baud=115200', async () => {
    const printer = new VirtualPrinter();
    const far = await attachSerial(printer, `${dir}/b`, 115200);
    const url = parsePrinterUrl(`serial:${dir}/a?baud=115200`);
    if (!url.ok) throw new Error(url.reason);
    const service = new PrinterService({ transport: createTransport(url.address), jobPollMs: 30 });
    try {
      expect((await service.checkReady()).ok).toBe(true);
      printer.setFault('near-end');
      expect((await service.status()).state).toBe('near-end');
      const { bytes } = encodeBlocks(layoutTicket(sampleTicket, 80, words), { paper: 80 });
      expect(await service.print({ id: 's1', kind: 'ticket', bytes })).toEqual({ ok: true, attempts: 1, verified: true });
      expect(printer.jobs).toHaveLength(1);
      expect(decodePng(printer.jobs[0]!.png).qr).toBe(TICKET_ID);
    } finally {
      await service.close();
      await far.close();
    }
  });
});
