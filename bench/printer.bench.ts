// Bytes and compose time of a bilingual ticket (native text + Arabic raster bands + native QR) beside the
// same ticket sent as one full-width raster image, and what those sizes cost on a serial line.
// Then composing a ticket with our code-page tables beside the library's 'auto' (before issue 14).
// Run: npx tsx bench/printer.bench.ts
import { PNG } from 'pngjs';
import { layoutReceipt, layoutTicket } from '../domain/ticket/layout';
import { threshold } from '../drivers/printer/bitmap';
import { encodeBlocks } from '../drivers/printer/encode';
import { ReplyScanner, isAsbFirst, isAsbRest, isRealtimeReply } from '../drivers/printer/status';
import { gsv0 } from '../drivers/printer/gsv0';
import { VirtualPrinter } from '../drivers/printer/sim/virtual-printer';
import { sampleReceipt, sampleTicket } from '../test/printer/sample';
import { encodeWithLibraryAuto } from '../test/printer/library-auto';
import type { PrintBlock } from '../shared/print-blocks';
import { goal } from './support';
import { shippedWords as words } from '../test/support/ticket-words';

const RUNS = 20;

function time<T>(fn: () => T): { ms: number; value: T } {
  fn(); // warm-up: fonts, code page tables
  const t = performance.now();
  let value!: T;
  for (let i = 0; i < RUNS; i++) value = fn();
  return { ms: (performance.now() - t) / RUNS, value };
}

/** The baseline: the whole ticket drawn as one image (here: our own printout) and sent as GS v 0. */
function fullRaster(blocks: PrintBlock[], paper: 80 | 58): Uint8Array {
  const dots = paper === 80 ? 576 : 384;
  const printer = new VirtualPrinter({ paperDots: dots });
  printer.receive(encodeBlocks(blocks, { paper }).bytes);
  const png = PNG.sync.read(printer.jobs[0]!.png);
  const raster = gsv0(threshold(png.data, png.width, png.height), 255);
  const out = new Uint8Array(raster.length + 2 + 3);
  out.set([0x1b, 0x40]);
  out.set(raster, 2);
  out.set([0x1d, 0x56, 0x01], 2 + raster.length);
  return out;
}

const serialSeconds = (bytes: number, baud: number) => (bytes * 10) / baud; // 8N1: 10 bits a byte

const cases: Array<[string, PrintBlock[], 80 | 58]> = [
  ['ticket fr+ar 80 mm', layoutTicket(sampleTicket, 80, words), 80],
  ['ticket fr+ar 58 mm', layoutTicket(sampleTicket, 58, words), 58],
  ['ticket ar 80 mm', layoutTicket({ ...sampleTicket, language: 'ar' }, 80, words), 80],
  ['receipt fr+ar 80 mm', layoutReceipt(sampleReceipt, 80, words), 80],
];

const rows: string[][] = [['case', 'method', 'compose ms', 'bytes', 'vs raster', '9600 baud s', '115200 baud s']];
for (const [name, blocks, paper] of cases) {
  const ours = time(() => encodeBlocks(blocks, { paper }).bytes);
  const base = time(() => fullRaster(blocks, paper));
  const ratio = ours.value.length / base.value.length;
  rows.push([
    name,
    'native + bands (ours)',
    ours.ms.toFixed(1),
    String(ours.value.length),
    `${(ratio * 100).toFixed(1)} %`,
    serialSeconds(ours.value.length, 9600).toFixed(1),
    serialSeconds(ours.value.length, 115200).toFixed(2),
  ]);
  rows.push([
    name,
    'full raster (baseline)',
    base.ms.toFixed(1),
    String(base.value.length),
    '100 %',
    serialSeconds(base.value.length, 9600).toFixed(1),
    serialSeconds(base.value.length, 115200).toFixed(2),
  ]);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(`\n${RUNS} runs each after one warm-up; full-raster compose time includes drawing the page. Aim: ours ≤ 20 % of the raster bytes.`);

// Status replies from a printer that streams garbage: the scanner before issue 12 shifted its buffer one
// byte at a time (quadratic: 79 s for 1 MB); the baseline below is that loop, reduced to its cost.
function shiftingScan(chunk: Uint8Array): number {
  const buf = Array.from(chunk);
  let replies = 0;
  while (buf.length) {
    const b = buf[0]!;
    if (isRealtimeReply(b) || (isAsbFirst(b) && buf.length >= 4 && buf.slice(1, 4).every(isAsbRest))) replies++;
    buf.shift();
  }
  return replies;
}
const statusRows: string[][] = [['garbage in one chunk', 'ours ms', 'shift per byte (before) ms']];
for (const kb of [16, 64, 256, 1024]) {
  const garbage = new Uint8Array(kb * 1024).fill(0xff);
  const t0 = performance.now();
  new ReplyScanner().push(garbage);
  const ours = performance.now() - t0;
  let old = '(skipped: ~n² s)';
  if (kb <= 64) {
    const t1 = performance.now();
    shiftingScan(garbage);
    old = (performance.now() - t1).toFixed(0);
  }
  statusRows.push([`${kb} KB`, ours.toFixed(1), old]);
}
console.log('');
for (const r of statusRows) console.log(`${r[0]!.padEnd(22)}${r[1]!.padStart(10)}${r[2]!.padStart(30)}`);

// Composing a ticket (issue 14 goal: median ≤ 2 ms, byte-identical output). Old and new run in turns,
// so load on the machine weighs on both alike; the bytes are compared on every run.
const COMPOSE_GOAL_MS = 2;
function composeSamples(blocks: PrintBlock[], paper: 80 | 58, runs: number): { ours: number[]; old: number[]; identical: boolean } {
  const ours: number[] = [];
  const old: number[] = [];
  let identical = true;
  encodeBlocks(blocks, { paper });
  encodeWithLibraryAuto(blocks, { paper });
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const a = encodeBlocks(blocks, { paper }).bytes;
    const t1 = performance.now();
    const b = encodeWithLibraryAuto(blocks, { paper }).bytes;
    const t2 = performance.now();
    ours.push(t1 - t0);
    old.push(t2 - t1);
    identical &&= Buffer.from(a).equals(Buffer.from(b));
  }
  return { ours, old, identical };
}
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
console.log('\nComposing a ticket (ESC/POS bytes from print blocks), ms: median / p95 over 200 paired runs');
let composeMet = true;
for (const [name, blocks, paper] of cases) {
  const r = composeSamples(blocks, paper, 200);
  const met = pct(r.ours, 0.5) <= COMPOSE_GOAL_MS && r.identical;
  if (name.startsWith('ticket')) {
    composeMet &&= met;
    // Byte-identical output is part of the goal: differing bytes fail it whatever the time.
    const what = `composing a ${name}, median (bytes ${r.identical ? 'identical' : 'DIFFER'})`;
    goal(what, pct(r.old, 0.5), pct(r.ours, 0.5), { atMost: r.identical ? COMPOSE_GOAL_MS : -1 }, 'ms');
  }
  console.log(
    `  ${name.padEnd(22)} ours ${pct(r.ours, 0.5).toFixed(2)} / ${pct(r.ours, 0.95).toFixed(2)}   ` +
      `library auto (before) ${pct(r.old, 0.5).toFixed(2)} / ${pct(r.old, 0.95).toFixed(2)}   ` +
      `×${(pct(r.old, 0.5) / pct(r.ours, 0.5)).toFixed(1)}   bytes ${r.identical ? 'identical' : 'DIFFER'}`,
  );
}
console.log(`Goal: composing a ticket ≤ ${COMPOSE_GOAL_MS} ms median, byte-identical: ${composeMet ? '✓' : '✗'}`);
