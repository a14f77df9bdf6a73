// The kiosk daemon wired to simulated hardware the way a real kiosk is wired to real hardware: a ZVT
// terminal simulator on the far end of a socat pty pair, the virtual printer behind a real TCP port, and a
// serial scanner on a second pty pair. The end-to-end tests drive the page; the rig gives them the
// devices' own view (what the terminal charged, what the printer printed) to check against.
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N2 } from '../../drivers/serial/line';
import type { ByteStream } from '../../drivers/serial/stream';
import { ZvtSimulator } from '../../drivers/terminal/sim/zvt-sim';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { listenTcp, type SimTcpServer } from '../../drivers/printer/sim/tcp-server';
import { sendAsSerialScanner } from '../../drivers/scanner/serial-sim';
import type { SimTiming } from '../../drivers/terminal/sim/scenarios';
import type { RunningDaemon } from '../../server/daemon';
import type { KioskConfig } from '../../server/config/schema';
import type { CheckinConfig } from '../../server/checkin/config';
import { openPtyPair, type PtyPair } from '../terminal/pty';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';

export interface CheckinRig {
  daemon: RunningDaemon;
  url: string;
  terminal: ZvtSimulator;
  /** Switches the simulated terminal off: nothing answers on its end of the pty any more. */
  powerOff(): Promise<void>;
  /** Switches it on again: a fresh terminal on the same line (it needs registering again, as a real one after a restart). */
  powerOn(): void;
  printer: VirtualPrinter;
  /** Writes a code into the scanner's pty, the way a USB-CDC scanner does. */
  scan(text: string): Promise<void>;
  /** Rows of the payments table, oldest first. */
  payments(): Array<{ id: string; state: string; amount_minor: number }>;
  events(kind: string): Array<{ subject: string | null; payload: unknown }>;
  /** The screens the flow went through (with prompt and problem), for failure messages. */
  trail: string[];
  close(): Promise<void>;
}

export interface RigOptions {
  scenario?: string;
  timing?: Partial<SimTiming>;
  checkin?: Partial<CheckinConfig>;
  /** devices.terminal.printsCardReceipt (the kiosk prints the terminal's receipt). */
  printsCardReceipt?: boolean;
  /** How the simulated terminal hands over its receipts: print lines (06 D1) or text blocks (06 D3). */
  printTexts?: 'lines' | 'blocks';
  /** The languages the kiosk offers (the sample's when not given). */
  languages?: KioskConfig['languages'];
  /** The kiosk model: where its devices are (the sample's has none). */
  model?: KioskConfig['model'];
}

export async function startCheckinRig(o: RigOptions = {}): Promise<CheckinRig> {
  const undo: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const f of undo.reverse()) await f();
  };
  try {
    const t = tempDir('kiosk-checkin-e2e-');
    undo.push(t.cleanup);

    const termPty: PtyPair = await openPtyPair();
    undo.push(() => termPty.close());
    const opened = await openSerialPort(termPty.terminal, LINE_8N2);
    if (!opened.ok) throw new Error(opened.reason);
    const simStream: ByteStream = opened.stream;
    undo.push(() => simStream.close());
    const simOptions = {
      scenario: o.scenario ?? 'approve',
      timing: { thinkMs: 100, pinDelayMs: 2500, pinStepMs: 500, ...o.timing },
      ...(o.printTexts ? { printTexts: o.printTexts } : {}),
    };
    let terminal = new ZvtSimulator(simStream, simOptions);
    let terminalOn = true;
    undo.push(() => (terminalOn ? terminal.close() : undefined));

    const printer = new VirtualPrinter();
    const tcp: SimTcpServer = await listenTcp(printer, '127.0.0.1', 0);
    undo.push(() => tcp.close());

    const scanPty = await openPtyPair();
    undo.push(() => scanPty.close());

    const base = sampleConfig();
    const devices: KioskConfig['devices'] = {
      terminal: {
        ...base.devices.terminal,
        protocol: 'zvt',
        port: termPty.kiosk,
        scenario: 'approve',
        ...(o.printsCardReceipt === undefined ? {} : { printsCardReceipt: o.printsCardReceipt }),
      },
      printer: { ...base.devices.printer, transport: tcp.url },
      scanner: { ...base.devices.scanner, type: 'serial', port: scanPty.kiosk },
    };
    const checkin: KioskConfig['checkin'] = { ...base.checkin, ...o.checkin, timeouts: { ...base.checkin.timeouts, ...o.checkin?.timeouts } };
    const daemon = await startTestDaemon(t.dir, {
      devices,
      checkin,
      ...(o.languages ? { languages: o.languages } : {}),
      ...(o.model ? { model: o.model } : {}),
    });
    undo.push(() => daemon.close());
    const db = daemon.ctx.db;
    // Watches what the daemon pushes to the pages, to explain a failing test.
    const trail: string[] = [];
    const push = daemon.ctx.push;
    const toScreen = push.toScreen.bind(push);
    const t0 = Date.now();
    push.toScreen = (msg) => {
      if (msg.type === 'checkin') {
        const v = msg.view;
        const line = `${v.screen} ${v.visit.payment?.prompt?.prompt ?? ''} ${v.visit.problem?.code ?? ''}`.trim();
        if (trail.at(-1)?.replace(/^\S+ /, '') !== line) trail.push(`+${Date.now() - t0}ms ${line}`);
        if (trail.length > 200) trail.shift();
        if (process.env.CHECKIN_TRACE) console.log(trail.at(-1));
      }
      toScreen(msg);
    };

    return {
      daemon,
      url: daemon.url,
      get terminal() {
        return terminal;
      },
      powerOff: async () => {
        terminalOn = false;
        await terminal.close();
      },
      powerOn: () => {
        terminal = new ZvtSimulator(simStream, simOptions);
        terminalOn = true;
      },
      printer,
      scan: async (text) => {
        await sendAsSerialScanner(scanPty.terminal, text, { suffix: 'cr' });
      },
      payments: () =>
        db.prepare('SELECT id, state, amount_minor FROM payments ORDER BY rowid').all() as Array<{ id: string; state: string; amount_minor: number }>,
      events: (kind) =>
        (db.prepare('SELECT subject, payload FROM events WHERE kind = ? ORDER BY id').all(kind) as Array<{ subject: string | null; payload: string }>).map(
          (r) => ({
            subject: r.subject,
            payload: JSON.parse(r.payload) as unknown,
          }),
        ),
      trail,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
