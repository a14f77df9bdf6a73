// The sections of `kiosk setup`, each asking its part of the config and checking every answer with the
// config schema's own words (fieldProblem), so an answer the wizard accepts is one `kiosk start` accepts.
// A section reads the draft's current value as its default: re-running one section on a config changes only it.
import type { FoundPort } from '../devices/index';
import { hashPin, PIN_RULE } from '../auth/pin';
import { isTimeZone } from '../config/time-zone';
import { moneyText } from '../../shared/money';
import { fieldProblem, getPath, setPath, type Draft } from './config-file';
import type { Prompter } from './prompter';

type Check = { ok: true; detail: string } | { ok: false; reason: string };

/** Device checks through the real drivers (server/commands/setup-checks.ts); tests may give others. */
export interface SetupChecks {
  listPorts(extra: string[]): Promise<FoundPort[]>;
  terminal(t: { protocol: 'concert' | 'zvt'; port: string }): Promise<Check>;
  /**
   * A test payment of one minor unit, journaled first in the config's journal as a test, then reversed (ZVT) or
   * left for a cancel on the terminal (Concert): server/commands/setup-test-payment.ts.
   */
  testPayment(
    t: { protocol: 'concert' | 'zvt'; port: string; currency: string; dataDir: string; kioskId: string; timeZone: string },
    io: { say(text: string): void; confirmReversal(question: string): Promise<boolean>; cancelledOnTerminal?(question: string): Promise<string> },
  ): Promise<Check>;
  printer(p: { transport: string; paperWidth: number }): Promise<Check>;
  scanner(
    s: { type: 'serial' | 'hid' | 'wedge'; port: string; vendorId?: number; productId?: number },
    waitMs: number,
    /** Called once the scanner is open and read: the moment to scan. */
    ready: (detail: string) => void,
  ): Promise<Check>;
}

export interface SectionContext {
  p: Prompter;
  draft: Draft;
  checks: SetupChecks;
  /** --demo: simulated devices ("sim") may be chosen. */
  demo: boolean;
  scanWaitMs: number;
}

export const SECTION_NAMES = ['consulate', 'terminal', 'printer', 'scanner', 'staff', 'links'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** A current value as the default shown in brackets (a list as typed: "ar, fr"). */
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(', ') : undefined;

/** Asks for one field until the schema accepts it; `convert` turns the typed text into the config's value. */
async function field(
  c: SectionContext,
  path: string,
  question: string,
  o: { default?: string; convert?: (s: string) => unknown; extra?: (s: string) => string | null } = {},
): Promise<unknown> {
  const convert = o.convert ?? ((s: string) => s);
  const current = str(getPath(c.draft, path));
  const answer = await c.p.ask(question, {
    ...((current ?? o.default) ? { default: current ?? o.default } : {}),
    check: (s) => {
      if (s === '') return 'an answer is needed';
      const problem = o.extra?.(s) ?? fieldProblem(c.draft, path, convert(s));
      return problem === null ? null : `${path}: ${problem}`;
    },
  });
  const value = convert(answer);
  setPath(c.draft, path, value);
  return value;
}

const number = (s: string): unknown => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : s);
const list = (s: string): string[] =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

async function consulate(c: SectionContext): Promise<void> {
  c.p.say('\n== Consulate ==');
  await field(c, 'consulate.code', 'Consulate code (country-CITY, e.g. FR-PAR)', { convert: (s) => s.toUpperCase() });
  await field(c, 'kioskId', 'Kiosk id (e.g. PAR-K1)', { default: `${String(getPath(c.draft, 'consulate.code')).split('-')[1] ?? 'K'}-K1` });
  const langs = (await field(c, 'languages', 'Languages of the screen, comma-separated', { default: 'ar, fr, en, es', convert: list })) as string[];
  for (const lang of new Set(['ar', 'fr', ...langs.slice(0, 2)])) await field(c, `consulate.name.${lang}`, `Name of the consulate in "${lang}"`);
  await field(c, 'consulate.timeZone', 'Time zone (IANA, e.g. Europe/Paris)', {
    default: Intl.DateTimeFormat().resolvedOptions().timeZone,
    // Intl decides (server/config/time-zone.ts), with a word on the usual mistake.
    extra: (s) => (isTimeZone(s) ? null : `"${s}" is not a time zone this system knows: give Region/City, e.g. Europe/Paris or Africa/Casablanca`),
  });
  await field(c, 'consulate.currency', 'Local currency (ISO 4217, e.g. EUR)', { convert: (s) => s.toUpperCase() });
  await field(c, 'consulate.chanceryRate', `Chancery rate (${str(getPath(c.draft, 'consulate.currency'))} per dirham, e.g. 0.093)`, {
    convert: (s) => number(s.replace(',', '.')),
  });
}

/** Offers the ports found; the answer is a number from the list or a path typed out. */
async function choosePort(c: SectionContext, path: string, what: string, extra: string[]): Promise<void> {
  const ports = await c.checks.listPorts(extra);
  if (ports.length === 0) c.p.say(`No serial port found (looked in /dev/serial/by-id, /dev/ttyS*, ttyUSB*, ttyACM*): type the ${what}'s path.`);
  ports.forEach((x, i) => c.p.say(`  ${i + 1}) ${x.stableName ?? x.path}  (${x.kind}, ${x.vendor}, probably ${x.probably})`));
  const pick = (s: string) => {
    const i = /^\d+$/.test(s) ? Number(s) - 1 : -1;
    const found = ports[i];
    return found ? (found.stableName ?? found.path) : s;
  };
  await field(c, path, `${what} port (a number above, a path${what === 'Terminal' ? ', or tcp://HOST:PORT for ZVT' : ''})`, {
    convert: pick,
    extra: (s) => {
      const v = pick(s);
      if (v === 'sim') return c.demo ? null : '"sim" is the simulator: only with kiosk setup --demo';
      if (/^\d+$/.test(s) && v === s) return `no port numbered ${s}: pick 1 to ${ports.length} or type a path`;
      return null;
    },
  });
}

/** Runs a device check; on failure, the technician keeps the setting anyway or answers again. */
async function tried(c: SectionContext, what: string, run: () => Promise<Check>): Promise<boolean> {
  c.p.say(`  ${what}...`);
  const r = await run();
  if (r.ok) {
    c.p.say(`  ✓ ${r.detail}`);
    return true;
  }
  c.p.say(`  ✗ ${r.reason}`);
  return c.p.yes('Keep this setting anyway?', false);
}

async function terminal(c: SectionContext): Promise<void> {
  for (;;) {
    c.p.say('\n== Card terminal ==');
    const protocol = (await field(c, 'devices.terminal.protocol', 'Protocol (concert or zvt)', { default: 'concert', convert: (s) => s.toLowerCase() })) as
      'concert' | 'zvt';
    await choosePort(c, 'devices.terminal.port', 'Terminal', [str(getPath(c.draft, 'devices.terminal.port')) ?? '']);
    const port = String(getPath(c.draft, 'devices.terminal.port'));
    if (await c.p.yes('Ask the terminal for its status now (no payment)?', true)) {
      if (!(await tried(c, `asking the ${protocol} terminal on ${port}`, () => c.checks.terminal({ protocol, port })))) continue;
    }
    if (await testPayment(c, protocol, port)) return;
  }
}

/** The smallest amount, charged then taken back; false when the technician wants to answer the port again. */
async function testPayment(c: SectionContext, protocol: 'concert' | 'zvt', port: string): Promise<boolean> {
  const currency = str(getPath(c.draft, 'consulate.currency'));
  const timeZone = str(getPath(c.draft, 'consulate.timeZone'));
  if (currency === undefined || fieldProblem(c.draft, 'consulate.currency', currency) !== null || timeZone === undefined) {
    c.p.say('  (no test payment: the consulate section gives the currency first)');
    return true;
  }
  // One minor unit: the smallest amount the protocols carry (0.01 EUR; 1 for a currency without decimals).
  const smallest = moneyText(1, currency);
  const back = protocol === 'zvt' ? 'then reversed' : 'then cancelled by you on the terminal: Concert E+ has no reversal';
  if (!(await c.p.yes(`Make a test payment of ${smallest} now (a card is charged, ${back})?`, false))) return true;
  const run = () =>
    c.checks.testPayment(
      { protocol, port, currency, timeZone, dataDir: str(getPath(c.draft, 'dataDir')) ?? 'data', kioskId: str(getPath(c.draft, 'kioskId')) ?? 'K1' },
      {
        say: (t) => c.p.say(t),
        confirmReversal: (q) => c.p.yes(q, true),
        // Empty is an answer here: not cancelled (yet).
        cancelledOnTerminal: (q) => c.p.ask(q, { default: '', check: () => null }),
      },
    );
  return tried(c, `test payment on the ${protocol} terminal on ${port}`, run);
}

async function printer(c: SectionContext): Promise<void> {
  for (;;) {
    c.p.say('\n== Ticket printer ==');
    const transport = (await field(c, 'devices.printer.transport', 'Printer (tcp://HOST:9100, file:/dev/usb/lp0 or serial:/dev/ttyS0?baud=38400)', {
      extra: (s) => (s === 'sim' && !c.demo ? '"sim" is the simulator: only with kiosk setup --demo' : null),
    })) as string;
    const paperWidth = (await field(c, 'devices.printer.paperWidth', 'Paper width in mm (80 or 58)', { default: '80', convert: number })) as number;
    if (!(await c.p.yes('Print a test page now?', true))) return;
    if (await tried(c, `printing a test page on ${transport}`, () => c.checks.printer({ transport, paperWidth }))) return;
  }
}

async function scanner(c: SectionContext): Promise<void> {
  for (;;) {
    c.p.say('\n== QR scanner ==');
    const type = (await field(c, 'devices.scanner.type', 'Scanner type (serial, hid or wedge)', { default: 'serial', convert: (s) => s.toLowerCase() })) as
      'serial' | 'hid' | 'wedge';
    let vendorId: number | undefined;
    let productId: number | undefined;
    if (type === 'serial') await choosePort(c, 'devices.scanner.port', 'Scanner', [str(getPath(c.draft, 'devices.scanner.port')) ?? '']);
    else setPath(c.draft, 'devices.scanner.port', type === 'hid' ? (str(getPath(c.draft, 'devices.scanner.port')) ?? 'auto') : 'wedge');
    if (type === 'hid') {
      const hex = (s: string) => (/^(0x)?[0-9a-f]{1,4}$/i.test(s) ? Number.parseInt(s.replace(/^0x/i, ''), 16) : s);
      vendorId = (await field(c, 'devices.scanner.vendorId', 'USB vendor id (lsusb, e.g. 0x0c2e)', { convert: hex })) as number;
      productId = (await field(c, 'devices.scanner.productId', 'USB product id (e.g. 0x0b61)', { convert: hex })) as number;
    }
    if (!(await c.p.yes('Test the scanner now (scan any code)?', true))) return;
    const port = String(getPath(c.draft, 'devices.scanner.port'));
    const s = { type, port, ...(vendorId !== undefined ? { vendorId } : {}), ...(productId !== undefined ? { productId } : {}) };
    const run = () => c.checks.scanner(s, c.scanWaitMs, (detail) => c.p.say(`  ${detail}: scan a code now (within ${c.scanWaitMs / 1000} s)`));
    if (await tried(c, `opening the scanner on ${port}`, run)) return;
  }
}

const pinCheck = (s: string) => (PIN_RULE.test(s) ? null : 'a PIN is 4 to 12 digits');

async function staff(c: SectionContext): Promise<void> {
  c.p.say('\n== Staff accounts ==');
  const kept = (getPath(c.draft, 'auth.accounts') as Array<Record<string, unknown>> | undefined) ?? [];
  if (kept.length) c.p.say(`Accounts now: ${kept.map((a) => `${String(a.id)} (${String(a.role)})`).join(', ')}`);
  const accounts = kept.length && (await c.p.yes('Keep these accounts?', true)) ? [...kept] : [];
  let more = accounts.length === 0 || (await c.p.yes('Add an account?', false));
  while (more) {
    const i = accounts.length;
    const base = `auth.accounts.${i}`;
    setPath(c.draft, 'auth.accounts', accounts);
    // Filled field by field: the schema judges each answer alone (fieldProblem looks at that field's path only).
    const draftAccount: Record<string, unknown> = {};
    accounts.push(draftAccount);
    draftAccount.id = await field(c, `${base}.id`, 'Account id (e.g. amina.b)', {
      extra: (s) => (accounts.slice(0, i).some((a) => a.id === s) ? `an account "${s}" exists already` : null),
    });
    draftAccount.name = await field(c, `${base}.name`, 'Name shown at the counter');
    draftAccount.role = await field(c, `${base}.role`, 'Role (staff, supervisor or technician)', {
      default: accounts.some((a) => a !== draftAccount && a.role === 'technician') ? 'staff' : 'technician',
    });
    for (;;) {
      const pin = await c.p.secret('PIN (4-12 digits, not shown)', pinCheck);
      const again = await c.p.secret('The same PIN again');
      if (pin !== again) {
        c.p.say('  ✗ the two PINs differ: type them again');
        continue;
      }
      const h = await hashPin(pin);
      if (!h.ok) {
        c.p.say(`  ✗ ${h.reason}`);
        continue;
      }
      draftAccount.pinHash = h.hash;
      break;
    }
    more = await c.p.yes('Add another account?', false);
  }
  if (!accounts.some((a) => a.role === 'technician')) c.p.say('  Note: no technician account: the diagnostics page cannot be opened until one is added.');
  setPath(c.draft, 'auth.accounts', accounts);
}

async function links(c: SectionContext): Promise<void> {
  c.p.say('\n== Post and network ==');
  const role = await field(c, 'role', 'Role of this PC (standalone: one kiosk; hub: the post server; kiosk: one of several)', { default: 'standalone' });
  // A kiosk of a post listens on its own PC only (the schema refuses server.lan there).
  if (role === 'kiosk') setPath(c.draft, 'server.lan', false);
  if (role === 'kiosk') c.p.say('  After setup, enrol it with the hub: kiosk join (README, "A post with several kiosks").');
  if (role === 'hub') {
    setPath(c.draft, 'server.lan', await c.p.yes('Serve counters and the board on the LAN (server.lan)?', true));
    c.p.say('  After setup: kiosk hub init --host NAME, then kiosk central enrol if the ministry service is used.');
  }
  if (role === 'standalone') {
    setPath(c.draft, 'server.lan', await c.p.yes('Serve counters and the board on the LAN (server.lan)?', getPath(c.draft, 'server.lan') === true));
  }
}

export const SECTIONS: Record<SectionName, (c: SectionContext) => Promise<void>> = { consulate, terminal, printer, scanner, staff, links };
