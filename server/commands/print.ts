// `kiosk print ticket|test --printer URL` and `kiosk printer status --printer URL`: JSON on stdout,
// non-zero exit unless the printer did what was asked.
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { layoutTicket } from '../../domain/ticket/layout';
import { serverTicketWords } from '../i18n/ticket-words';
import type { TicketContent } from '../../domain/ticket/content';
import {
  createTransport,
  loadEncoder,
  parsePrinterUrl,
  PrinterService,
  resolveModel,
  testPageBlocks,
  VirtualPrinter,
  type PrintBlock,
} from '../../drivers/printer/index';
import { PAPERS } from '../../shared/print-blocks';
import services from '../../fixtures/services.json' with { type: 'json' };

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr?: string;
}

export interface PrinterOpts {
  printer: string;
  model?: string;
  paper?: string;
  out?: string;
  timeout?: string;
}
export interface TicketOpts extends PrinterOpts {
  lang?: string;
  number?: string;
  service?: string;
}

type Setup =
  | { ok: true; service: PrinterService; sim?: VirtualPrinter; paper: 80 | 58; model: ReturnType<typeof resolveModel> & { ok: true } }
  | { ok: false; result: CommandResult };

const fail = (exitCode: number, error: string, hint?: string): CommandResult => ({
  exitCode,
  stdout: JSON.stringify({ ok: false, error }),
  stderr: hint ? `${error}\n${hint}` : error,
});

function setup(o: PrinterOpts): Setup {
  const url = parsePrinterUrl(o.printer);
  if (!url.ok) return { ok: false, result: fail(2, url.reason) };
  const model = resolveModel(o.model ?? 'epson-tm-t88vi');
  if (!model.ok) return { ok: false, result: fail(2, model.reason) };
  const paperNum = Number(o.paper ?? 80);
  if (paperNum !== 80 && paperNum !== 58) return { ok: false, result: fail(2, `--paper ${o.paper}: use 80 or 58`) };
  const paper = paperNum as 80 | 58;
  const sim =
    url.address.kind === 'sim' ? new VirtualPrinter({ paperDots: PAPERS[paper].dots, model: model.model, ...(o.out ? { outDir: o.out } : {}) }) : undefined;
  const service = new PrinterService({
    transport: createTransport(url.address, sim ? { sim } : {}),
    paperWaitMs: Number(o.timeout ?? 30) * 1000,
    processIdSupported: sim !== undefined || model.processId,
  });
  return { ok: true, service, paper, model, ...(sim ? { sim } : {}) };
}

async function printBlocks(o: PrinterOpts, kind: string, build: (paper: 80 | 58) => PrintBlock[], subject?: string): Promise<CommandResult> {
  const s = setup(o);
  if (!s.ok) return s.result;
  try {
    const { encodeBlocks } = await loadEncoder();
    const { bytes, stats } = encodeBlocks(build(s.paper), { paper: s.paper, model: s.model.model, nativeQr: s.model.nativeQr });
    const r = await s.service.print({ id: `cli-${Date.now()}`, kind, subject: subject ?? null, bytes });
    const out = {
      ...r,
      printer: s.service.address,
      paper: s.paper,
      bytes: stats.bytes,
      rasterBands: stats.rasterBands,
      rasterBytes: stats.rasterBytes,
      qr: stats.qr,
      ...(s.sim ? { simJobs: s.sim.jobs.map((j) => ({ seq: j.seq, complete: j.complete, heightDots: j.heightDots })) } : {}),
    };
    return r.ok ? { exitCode: 0, stdout: JSON.stringify(out) } : { exitCode: 1, stdout: JSON.stringify(out), stderr: r.reason };
  } finally {
    await s.service.close();
    s.sim?.close();
  }
}

/** --lang ar,fr: the visitor's language is the first one that is not Arabic (Arabic alone: Arabic). */
export function ticketContent(o: TicketOpts, now = new Date()): { ok: true; content: TicketContent } | { ok: false; reason: string } {
  const langs = (o.lang ?? 'ar,fr')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!langs.every((l) => /^[a-z]{2}$/.test(l))) return { ok: false, reason: `--lang ${o.lang}: two-letter codes separated by commas, e.g. ar,fr` };
  const language = langs.find((l) => l !== 'ar') ?? 'ar';
  const number = o.number ?? 'A-023';
  const svc = services.services.find((s) => s.code === (o.service ?? 'passport')) ?? services.services[0];
  if (!svc) return { ok: false, reason: 'fixtures/services.json has no services' };
  return {
    ok: true,
    content: {
      consulateName: { ar: 'القنصلية العامة للمملكة المغربية بباريس', fr: 'Consulat général du Royaume du Maroc à Paris' },
      number,
      serviceName: svc.name,
      language,
      issuedAt: { at: now, timeZone: 'Europe/Paris', region: 'FR' },
      persons: 1,
      estimatedWaitMinutes: 15,
      qrPayload: `test-ticket-${number}`,
    },
  };
}

export async function printTicket(o: TicketOpts): Promise<CommandResult> {
  const c = ticketContent(o);
  if (!c.ok) return fail(2, c.reason);
  const words = await serverTicketWords();
  return printBlocks(o, 'ticket', (paper) => layoutTicket(c.content, paper, words), c.content.number);
}

export function printTest(o: PrinterOpts): Promise<CommandResult> {
  return printBlocks(o, 'test', (paper) => testPageBlocks(PAPERS[paper], new Date().toISOString()));
}

export async function printerStatus(o: PrinterOpts): Promise<CommandResult> {
  const s = setup(o);
  if (!s.ok) return s.result;
  try {
    const st = await s.service.status();
    const out = { ok: st.state === 'ok', printer: s.service.address, ...st };
    return { exitCode: st.state === 'ok' ? 0 : 1, stdout: JSON.stringify(out), ...(st.state === 'ok' ? {} : { stderr: st.detail }) };
  } finally {
    await s.service.close();
    s.sim?.close();
  }
}

function emit(r: CommandResult): void {
  process.stdout.write(r.stdout + '\n');
  if (r.stderr) process.stderr.write(r.stderr + '\n');
  process.exitCode = r.exitCode;
}

export function register(program: Command): void {
  const print = program.command('print').description('print on the ticket printer');
  const common = (c: Command) =>
    c
      .requiredOption('--printer <url>', 'tcp://HOST:9100, file:/dev/usb/lp0, serial:/dev/ttyS0?baud=38400 or sim')
      .option('--model <name>', 'printer model (code page table, native QR)', 'epson-tm-t88vi')
      .option('--paper <80|58>', 'paper width in mm', '80')
      .option('--timeout <s>', 'how long to wait for paper or a closed cover', '30')
      .option('--out <dir>', 'with --printer sim: write each job as .bin and .png here');
  common(print.command('ticket').description('print a sample queue ticket; prints the result as JSON'))
    .option('--lang <list>', 'languages, e.g. ar,fr (the first non-Arabic one is the visitor language)', 'ar,fr')
    .option('--number <n>', 'ticket number', 'A-023')
    .option('--service <code>', 'service code from fixtures/services.json', 'passport')
    .action(async (o: TicketOpts) => emit(await printTicket(o)));
  common(print.command('test').description('print the test page; prints the result as JSON')).action(async (o: PrinterOpts) => emit(await printTest(o)));
  const printer = program.commands.find((c) => c.name() === 'printer') ?? program.command('printer').description('ticket printer tools');
  common(printer.command('status').description('ask the printer for its status; JSON, exit 1 unless ok')).action(async (o: PrinterOpts) =>
    emit(await printerStatus(o)),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { Command } = await import('commander');
  const program = new Command('kiosk').exitOverride();
  register(program);
  await program.parseAsync(process.argv);
}
