import { describe, expect, it } from 'vitest';
import { VirtualPrinter, type SimJob } from './virtual-printer';

const collect = (p: VirtualPrinter) => {
  const out: number[] = [];
  p.on('data', (c: Uint8Array) => out.push(...c));
  return out;
};
const text = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('VirtualPrinter', () => {
  it('answers DLE EOT 1..4 from its state, even split across chunks', () => {
    const p = new VirtualPrinter();
    const out = collect(p);
    p.receive(Uint8Array.of(0x10));
    p.receive(Uint8Array.of(0x04, 0x01, 0x10, 0x04));
    p.receive(Uint8Array.of(0x04));
    expect(out).toEqual([0x16, 0x12]);
    p.setFault('near-end');
    p.receive(Uint8Array.of(0x10, 0x04, 0x04));
    p.setFault('paper-out');
    p.receive(Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04));
    p.setFault('cover-open');
    p.receive(Uint8Array.of(0x10, 0x04, 0x02));
    // Out of paper, the near-end sensor is uncovered too: 0x0C | 0x60.
    expect(out.slice(2)).toEqual([0x1e, 0x1e, 0x32, 0x7e, 0x36]);
  });

  it('prints text, cuts, and keeps each job with bytes and a PNG', () => {
    const p = new VirtualPrinter({ keepJobs: 2 });
    for (const n of [1, 2, 3]) p.receive(Uint8Array.from([0x1b, 0x40, ...text(`ticket ${n}\n`), 0x1d, 0x56, 0x01]));
    expect(p.jobs.map((j) => j.lines)).toEqual([['ticket 2'], ['ticket 3']]);
    expect(p.jobs[1]?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(p.jobs[1]?.bytes.length).toBe(2 + 9 + 3);
  });

  it('stops at paper-out after N lines, keeps the rest buffered, and clears it on DLE DC4 fn=8', () => {
    const p = new VirtualPrinter();
    const out = collect(p);
    p.paperOutAfter(2);
    p.receive(Uint8Array.from([...text('one\ntwo\nthree\nfour\n'), 0x1d, 0x56, 0x01]));
    expect(p.jobs).toHaveLength(1);
    expect(p.jobs[0]).toMatchObject({ complete: false, endedBy: 'paper-out', lines: ['one', 'two'] });
    expect(p.buffered).toBeGreaterThan(0);
    p.receive(Uint8Array.of(0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08));
    expect(out).toEqual([0x37, 0x25, 0x00]);
    expect(p.buffered).toBe(0);
    p.loadPaper();
    expect(p.jobs).toHaveLength(1);
  });

  it('prints the buffered rest on the new roll when nobody clears it (the half ticket we avoid)', () => {
    const p = new VirtualPrinter();
    p.paperOutAfter(1);
    p.receive(Uint8Array.from([...text('one\ntwo\n'), 0x1d, 0x56, 0x01]));
    p.loadPaper();
    expect(p.jobs.map((j) => [j.lines, j.complete])).toEqual([
      [['one'], false],
      [['two'], true],
    ]);
  });

  it('answers GS ( H only once everything before it has printed', () => {
    const p = new VirtualPrinter();
    const out = collect(p);
    p.setFault('cover-open');
    p.receive(Uint8Array.from([...text('x\n'), 0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, 0x31, 0x32, 0x33, 0x34]));
    expect(out).toEqual([]);
    p.setFault('cover-open', false);
    expect(out).toEqual([0x37, 0x22, 0x31, 0x32, 0x33, 0x34, 0x00]);
  });

  it('sends ASB on enable and on every status change', () => {
    const p = new VirtualPrinter();
    const out = collect(p);
    p.receive(Uint8Array.of(0x1d, 0x61, 0xff));
    p.setFault('near-end');
    p.setFault('cover-open');
    expect(out).toEqual([0x10, 0, 0, 0, 0x10, 0, 0x03, 0, 0x38, 0, 0x03, 0]);
  });

  it('drains slowly under the slow-drain fault', async () => {
    const p = new VirtualPrinter({ slowDrainBytesPerSecond: 200 });
    p.setFault('slow-drain');
    p.receive(Uint8Array.from([...text('a'.repeat(40) + '\n'), 0x1d, 0x56, 0x01]));
    expect(p.buffered).toBe(44);
    await new Promise((r) => setTimeout(r, 120));
    expect(p.buffered).toBeLessThan(44);
    expect(p.buffered).toBeGreaterThan(0);
    p.close();
  });

  it('warns when something is wider than the paper', () => {
    const p = new VirtualPrinter({ paperDots: 384 });
    p.receive(Uint8Array.from([0x1d, 0x76, 0x30, 0x00, 60, 0, 1, 0, ...new Uint8Array(60), ...text('x'.repeat(40) + '\n'), 0x1d, 0x56, 0x01]));
    expect(p.jobs[0]?.warnings.join('\n')).toMatch(/480 dots wide on 384-dot paper[\s\S]*wrapped/);
  });

  it('keeps the status queries after a cut with the job just cut, on one long-lived connection too', () => {
    const p = new VirtualPrinter();
    const first = [0x1b, 0x40, ...text('one\n'), 0x1d, 0x56, 0x01];
    const queries = [0x10, 0x04, 0x01, 0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, 0x41, 0x42, 0x43, 0x44, 0x10, 0x04, 0x04];
    const second = [0x1b, 0x40, ...text('two\n'), 0x1d, 0x56, 0x01];
    p.receive(Uint8Array.from([...first, ...queries]));
    p.receive(Uint8Array.from(second));
    expect(p.jobs.map((j) => [...j.bytes])).toEqual([[...first, ...queries], second]);
  });

  it("keeps each job's bytes exactly whatever pieces the stream arrives in (the page takes whole runs of the stream)", () => {
    const first = [0x1b, 0x40, ...text('one\n'), 0x1b, 0x61, 0x01, 0x1d, 0x76, 0x30, 0x00, 1, 0, 2, 0, 0xff, 0x81, 0x1d, 0x56, 0x01];
    const queries = [0x10, 0x04, 0x01, 0x10, 0x04, 0x04];
    const second = [0x1b, 0x40, ...text('two two\n'), 0x1b, 0x64, 0x02, 0x1d, 0x56, 0x01];
    const stream = [...first, ...queries, ...second];
    for (const piece of [1, 2, 3, 5, 7, stream.length]) {
      const p = new VirtualPrinter();
      for (let at = 0; at < stream.length; at += piece) p.receive(Uint8Array.from(stream.slice(at, at + piece)));
      expect(p.jobs.map((j) => [...j.bytes])).toEqual([[...first, ...queries], second]);
      expect(p.jobs.map((j) => j.lines)).toEqual([['one'], ['two two']]);
    }
    // Paper out in the middle of a page: the piece that hangs out has the bytes up to the line that used the roll up.
    const p = new VirtualPrinter();
    p.paperOutAfter(1);
    p.receive(Uint8Array.from([...text('a\n'), ...text('b\n')]));
    expect(p.jobs.map((j) => [...j.bytes])).toEqual([[...text('a\n')]]);
    expect(p.buffered).toBe(2);
    p.loadPaper();
    p.receive(Uint8Array.of(0x1d, 0x56, 0x01));
    expect(p.jobs.map((j) => [...j.bytes])).toEqual([[...text('a\n')], [...text('b\n'), 0x1d, 0x56, 0x01]]);
  });

  it('bounds the queries kept with a cut job (an idle printer polled for hours)', () => {
    const p = new VirtualPrinter();
    p.receive(Uint8Array.from([...text('x\n'), 0x1d, 0x56, 0x01]));
    for (let i = 0; i < 2000; i++) p.receive(Uint8Array.of(0x10, 0x04, 0x01));
    expect(p.jobs[0]!.bytes.length).toBeLessThanOrEqual(5 + 1024);
  });

  it('a closed connection ends its job once what it sent has printed, not before', async () => {
    const p = new VirtualPrinter({ slowDrainBytesPerSecond: 400 });
    p.setFault('slow-drain');
    const job = [0x1b, 0x40, ...text('a'.repeat(30) + '\n')];
    p.receive(Uint8Array.from(job));
    p.connectionClosed();
    expect(p.jobs).toHaveLength(0);
    const done = await new Promise<SimJob>((resolve) => p.once('job', resolve));
    expect([...done.bytes]).toEqual(job);
    expect(done).toMatchObject({ endedBy: 'closed', complete: false, lines: ['a'.repeat(30)] });
    expect(p.buffered).toBe(0);
    p.close();
  });
});
