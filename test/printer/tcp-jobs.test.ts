// Jobs sent to the virtual printer's port 9100 by other programs, one connection each, as `nc` or a
// print spooler does: each is stored byte for byte. A job ends at its cut or when its connection closes;
// nothing one connection sent lands in the next connection's job.
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { VirtualPrinter, type SimJob } from '../../drivers/printer/sim/virtual-printer';
import { listenTcp, type SimTcpServer } from '../../drivers/printer/sim/tcp-server';

let server: SimTcpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const text = (s: string) => [...Buffer.from(s, 'latin1')];
const INIT = [0x1b, 0x40];
const CUT = [0x1d, 0x56, 0x01];
const DLE_EOT = (n: number) => [0x10, 0x04, n];

/** One program's connection: sends its bytes, reads until it has `replies` bytes back, then closes. */
function send(s: SimTcpServer, bytes: number[], replies = 0): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const got: number[] = [];
    const sock = connect(s.port, s.host, () => {
      sock.write(Uint8Array.from(bytes));
      if (replies === 0) sock.end();
    });
    sock.on('data', (c) => {
      got.push(...c);
      if (got.length >= replies) sock.end();
    });
    sock.on('error', reject);
    sock.on('close', () => resolve(got));
  });
}

function jobsReaching(printer: VirtualPrinter, n: number): Promise<SimJob[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (printer.jobs.length < n) return;
      printer.off('job', check);
      resolve(printer.jobs);
    };
    printer.on('job', check);
    check();
  });
}

const hex = (b: ArrayLike<number>) => Buffer.from(Uint8Array.from(b)).toString('hex');

describe('virtual printer on TCP: one connection, one job, byte for byte', () => {
  it('keeps the status queries sent after the cut with the job that sent them', async () => {
    const printer = new VirtualPrinter();
    server = await listenTcp(printer, '127.0.0.1', 0);
    const a = [...INIT, ...text('first\n'), ...CUT, ...DLE_EOT(1), ...DLE_EOT(4)];
    const b = [...INIT, ...text('second\n'), ...CUT];
    expect(await send(server, a, 2)).toEqual([0x16, 0x12]);
    await send(server, b);
    const jobs = await jobsReaching(printer, 2);
    expect(jobs.map((j) => hex(j.bytes))).toEqual([hex(a), hex(b)]);
    expect(jobs.map((j) => j.lines)).toEqual([['first'], ['second']]);
  });

  it('a job without a cut ends when its connection closes', async () => {
    const printer = new VirtualPrinter();
    server = await listenTcp(printer, '127.0.0.1', 0);
    const a = [...INIT, ...text('no cut\n')];
    const b = [...INIT, ...text('second\n'), ...CUT];
    await send(server, a);
    await send(server, b);
    const jobs = await jobsReaching(printer, 2);
    expect(jobs.map((j) => hex(j.bytes))).toEqual([hex(a), hex(b)]);
    expect(jobs.map((j) => [j.lines, j.complete, j.endedBy])).toEqual([
      [['no cut'], false, 'closed'],
      [['second'], true, 'cut'],
    ]);
  });

  it('a line feed after the cut stays with its job and does not feed the next ticket', async () => {
    const printer = new VirtualPrinter();
    server = await listenTcp(printer, '127.0.0.1', 0);
    const a = [...INIT, ...text('first\n'), ...CUT, 0x0a];
    const b = [...INIT, ...text('first\n'), ...CUT];
    await send(server, a);
    await send(server, b);
    const jobs = await jobsReaching(printer, 2);
    expect(jobs.map((j) => hex(j.bytes))).toEqual([hex(a), hex(b)]);
    expect(jobs[1]!.heightDots).toBe(jobs[0]!.heightDots);
  });

  it('a connection that only asks for status makes no job', async () => {
    const printer = new VirtualPrinter();
    server = await listenTcp(printer, '127.0.0.1', 0);
    expect(await send(server, DLE_EOT(1), 1)).toEqual([0x16]);
    const b = [...INIT, ...text('only\n'), ...CUT];
    await send(server, b);
    const jobs = await jobsReaching(printer, 1);
    expect(jobs.map((j) => hex(j.bytes))).toEqual([hex(b)]);
  });
});
