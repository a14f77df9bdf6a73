// How a card terminal is configured: the protocols, the line, and the in-process simulator's scenarios.
// Defined once here because the kiosk's config file (server/config) and the driver's entry point
// (drivers/terminal/open.ts) both check it, and neither may import the other.
import { z } from 'zod';
import { lazy } from './lazy-schema';

export const TERMINAL_PROTOCOLS = ['concert', 'zvt'] as const;
export type TerminalProtocol = (typeof TERMINAL_PROTOCOLS)[number];

/** Named simulator behaviours: the diagnostics page switches them at runtime, tests run every one. */
export const COMMON_SCENARIOS = [
  'approve',
  'decline',
  'pin-delay',
  'abandon',
  'timeout',
  'nak-storm',
  'garbled-checksum',
  'split-frames',
  'glued-frames',
  'busy',
  'answer-lost',
] as const;

/** Where the line drops, per protocol, in the order the exchange reaches them. */
export const DROP_STEPS = {
  concert: ['enq', 'request', 'answer-enq', 'answer', 'eot'],
  zvt: ['command', 'reply', 'intermediate', 'status', 'completion'],
} as const satisfies Record<TerminalProtocol, readonly string[]>;

export type CommonScenario = (typeof COMMON_SCENARIOS)[number];
export type Scenario = CommonScenario | `line-drop-${string}`;

export function scenarioNames(protocol: TerminalProtocol): string[] {
  return [...COMMON_SCENARIOS, ...DROP_STEPS[protocol].map((s) => `line-drop-${s}`)];
}

/** ZVT's network port (ZVT "transport protocol TCP/IP"; python-ecrterm and Portalum.Zvt default to it too). */
export const ZVT_TCP_PORT = 20007;

/**
 * `tcp://HOST:PORT` (ZVT over TCP/IP), parsed; null when `port` is not a tcp:// address (a serial path or 'sim').
 * A tcp:// address that does not parse is an error value, so the config names the field and what is wrong.
 */
export function parseTcpAddress(port: string): { ok: true; host: string; port: number } | { ok: false; reason: string } | null {
  if (!/^tcp:/i.test(port)) return null;
  const m = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/?#\s[\]]+):(\d{1,5})\/?$/i.exec(port);
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1 && n <= 65535)) {
    return { ok: false, reason: `"${port}" is not tcp://HOST:PORT (e.g. tcp://192.168.1.60:${ZVT_TCP_PORT}; ZVT terminals usually listen on ${ZVT_TCP_PORT})` };
  }
  return { ok: true, host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: n };
}

/** The serial line options, which mean nothing on a TCP connection. */
const SERIAL_ONLY = ['baudRate', 'dataBits', 'parity', 'stopBits'] as const;

const fields = () => ({
  protocol: z.enum(TERMINAL_PROTOCOLS),
  /** Serial device path, `tcp://HOST:PORT` (ZVT over TCP/IP), or 'sim' for the in-process simulator. */
  port: z.string().min(1),
  baudRate: z.number().int().positive().optional(),
  dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
  parity: z.enum(['none', 'even', 'odd']).optional(),
  stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
  /** Driver timers in ms, by name (see drivers/terminal/concert/link.ts and zvt/link.ts). */
  timers: z.record(z.string(), z.number().nonnegative()).optional(),
  /** Concert POS number; ignored by ZVT. */
  pos: z
    .string()
    .regex(/^\d{2}$/, 'two digits, e.g. "01"')
    .optional(),
  /** ZVT password (six digits, set in the terminal). */
  password: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional(),
  /**
   * The kiosk prints the card receipt (ZVT): registration asks the terminal to send its receipts (config bits
   * 02 and 80) instead of printing them, and the kiosk prints the customer copy with the consular receipt.
   * Default false: the terminal prints its own receipt. Concert E+ sends no receipt data; ignored there.
   */
  printsCardReceipt: z.boolean().optional(),
  /** Simulator only (ZVT): hand receipts over as 06 D1 print lines (default) or 06 D3 text blocks. */
  simReceiptForm: z.enum(['lines', 'blocks']).optional(),
  /** Simulator only: its starting scenario and a JSON-lines file of what it charged. */
  scenario: z.string().optional(),
  simLog: z.string().optional(),
});

/** A simulator scenario must be one the simulator of that protocol knows. */
function knownScenario(c: { protocol: TerminalProtocol; port: string; scenario?: string | undefined }, ctx: z.RefinementCtx): void {
  if (c.port === 'sim' && c.scenario !== undefined && !scenarioNames(c.protocol).includes(c.scenario)) {
    ctx.addIssue({ code: 'custom', path: ['scenario'], message: `a known scenario: ${scenarioNames(c.protocol).join(', ')}`, input: c.scenario });
  }
}

/**
 * A tcp:// port: a well-formed address, ZVT only (Concert E+ is a serial/USB-CDC protocol here), and none of the
 * serial line options (refused rather than silently ignored: whoever set them thinks the terminal is on a cable).
 */
function tcpPort(c: { protocol: TerminalProtocol; port: string } & Partial<Record<(typeof SERIAL_ONLY)[number], unknown>>, ctx: z.RefinementCtx): void {
  const tcp = parseTcpAddress(c.port);
  if (tcp === null) return;
  if (!tcp.ok) {
    ctx.addIssue({ code: 'custom', path: ['port'], message: tcp.reason, input: c.port });
    return;
  }
  if (c.protocol !== 'zvt') {
    ctx.addIssue({
      code: 'custom',
      path: ['port'],
      message: `${c.protocol} runs on a serial or USB line here, not on tcp://: give the serial port (e.g. /dev/ttyACM0), or use protocol "zvt" for a network terminal`,
      input: c.port,
    });
  }
  for (const k of SERIAL_ONLY) {
    if (c[k] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [k], message: `${k} is a serial line setting and means nothing on ${c.port}: remove it`, input: c[k] });
    }
  }
}

/** The `devices.terminal` section of the kiosk's config file: strict (a misspelt key is an error), the simulator by default. */
export const TerminalSection = lazy(() => {
  const f = fields();
  return z
    .strictObject({
      ...f,
      protocol: f.protocol.default('concert'),
      port: f.port.default('sim'),
      scenario: z.string().default('approve'),
    })
    .superRefine(knownScenario)
    .superRefine(tcpPort);
});
export type TerminalSection = z.infer<typeof TerminalSection>;

/** What opens a terminal (drivers/terminal/open.ts): a config section plus what the daemon adds from the consulate. */
export const TerminalConfig = lazy(() =>
  z
    .object({
      ...fields(),
      /** ZVT registration currency. */
      currency: z.string().length(3).optional(),
      /** ZVT: the zone of the terminal's clock, which the simulator sends and the driver reads receipt times in (the daemon passes the consulate's). */
      timeZone: z.string().optional(),
    })
    .superRefine(knownScenario)
    .superRefine(tcpPort),
);
export type TerminalConfig = z.infer<typeof TerminalConfig>;
