// Card terminal drivers: processing cost per payment against the simulator at zero think time over an
// in-memory line, bytes on the wire per payment, and — the baseline — the pure wire time of those bytes
// at 9600 baud with each protocol's line settings. Then ZVT over its two real transports in the same run:
// a socat pty pair (serial framing, link ACKs; a pty does not pace to the baud rate) and a loopback TCP socket
// (ZVT over TCP/IP, bare APDUs): the payment overhead of each transport, kiosk and simulator in this process.
// Run: npx tsx bench/terminal.bench.ts [payments]
import { countingStream, createDuplexPair } from '../drivers/serial/stream';
import { LINE_7E1, LINE_8N1, LINE_8N2, bitsPerByte, wireTimeMs, type LineSettings } from '../drivers/serial/line';
import { ConcertTerminal } from '../drivers/terminal/concert/driver';
import { ZvtDriver } from '../drivers/terminal/zvt/driver';
import { ConcertSimulator } from '../drivers/terminal/sim/concert-sim';
import { ZvtSimulator } from '../drivers/terminal/sim/zvt-sim';
import type { PaymentTerminal } from '../drivers/terminal/types';
import type { ByteStream } from '../drivers/serial/stream';
import { openSerialPort } from '../drivers/serial/open';
import { openTcpStream } from '../drivers/terminal/tcp-stream';
import { listenZvtSimulator } from '../drivers/terminal/sim/zvt-tcp-server';
import { openPtyPair } from '../test/terminal/pty';

const N = Number(process.argv[2] ?? 300);
const ZERO = { thinkMs: 0, pinDelayMs: 0, pinStepMs: 0 };

interface Row {
  protocol: string;
  line: string;
  ms: number;
  cpuMs: number;
  out: number;
  back: number;
  /** Time of the bytes at 9600 baud; none for TCP. */
  wireMs: number | undefined;
}

async function measure(
  name: string,
  line: LineSettings,
  lineName: string,
  build: (
    kiosk: ReturnType<typeof countingStream>,
    pt: ReturnType<typeof createDuplexPair>[1],
  ) => { driver: PaymentTerminal; sim: { close(): Promise<void> }; warm?: () => Promise<unknown> },
): Promise<Row> {
  const [a, b] = createDuplexPair();
  const kiosk = countingStream(a);
  const { driver, sim, warm } = build(kiosk, b);
  await warm?.();
  for (let i = 0; i < 20; i++) await driver.pay({ amountMinor: 1000 + i, currency: 'EUR', reference: `w${i}` });
  const sent0 = kiosk.sent;
  const recv0 = kiosk.received;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = await driver.pay({ amountMinor: 1000 + i, currency: 'EUR', reference: `b${i}` });
    if (!r.ok) throw new Error(`benchmark payment failed: ${JSON.stringify(r)}`);
  }
  const ms = (performance.now() - t0) / N;
  const cpu = process.cpuUsage(cpu0);
  const out = (kiosk.sent - sent0) / N;
  const back = (kiosk.received - recv0) / N;
  await driver.close();
  await sim.close();
  return { protocol: name, line: lineName, ms, cpuMs: (cpu.user + cpu.system) / 1000 / N, out, back, wireMs: wireTimeMs(out + back, line) };
}

/** A payment run over a real transport: the driver opens its line through `connect`, counted. */
async function measureReal(
  name: string,
  lineName: string,
  setup: () => Promise<{ connect: () => Promise<ByteStream>; transport: 'serial' | 'tcp'; close: () => Promise<void> }>,
): Promise<Row> {
  const real = await setup();
  let counted: ReturnType<typeof countingStream> | undefined;
  const driver = new ZvtDriver(
    async () => {
      counted = countingStream(await real.connect());
      return { ok: true, stream: counted };
    },
    { transport: real.transport },
  );
  await driver.register();
  for (let i = 0; i < 20; i++) await driver.pay({ amountMinor: 1000 + i, currency: 'EUR', reference: `w${i}` });
  const c = counted!;
  const sent0 = c.sent;
  const recv0 = c.received;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = await driver.pay({ amountMinor: 1000 + i, currency: 'EUR', reference: `b${i}` });
    if (!r.ok) throw new Error(`benchmark payment over ${name} failed: ${JSON.stringify(r)}`);
  }
  const ms = (performance.now() - t0) / N;
  const cpu = process.cpuUsage(cpu0);
  if (counted !== c) throw new Error(`${name}: the driver reconnected during the measurement`);
  const out = (c.sent - sent0) / N;
  const back = (c.received - recv0) / N;
  await driver.close();
  await real.close();
  return {
    protocol: name,
    line: lineName,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000 / N,
    out,
    back,
    wireMs: real.transport === 'tcp' ? undefined : wireTimeMs(out + back, LINE_8N2),
  };
}

const rows: Row[] = [];
rows.push(
  await measure('Concert E+', LINE_8N1, '9600 8N1', (kiosk, pt) => ({
    driver: new ConcertTerminal(async () => ({ ok: true, stream: kiosk })),
    sim: new ConcertSimulator(pt, { timing: ZERO }),
  })),
);
{
  const last = rows[0]!;
  rows.push({ ...last, protocol: 'Concert E+ (same bytes)', line: '9600 7E1', wireMs: wireTimeMs(last.out + last.back, LINE_7E1) });
}
rows.push(
  await measure('ZVT', LINE_8N2, '9600 8N2', (kiosk, pt) => {
    const driver = new ZvtDriver(async () => ({ ok: true, stream: kiosk }));
    return { driver, sim: new ZvtSimulator(pt, { timing: ZERO }), warm: () => driver.register() };
  }),
);

rows.push(
  await measureReal('ZVT over a pty (serial)', '9600 8N2 (unpaced)', async () => {
    const pty = await openPtyPair();
    const pt = await openSerialPort(pty.terminal, LINE_8N2);
    if (!pt.ok) throw new Error(pt.reason);
    const sim = new ZvtSimulator(pt.stream, { timing: ZERO });
    return {
      transport: 'serial',
      connect: async () => {
        const k = await openSerialPort(pty.kiosk, LINE_8N2);
        if (!k.ok) throw new Error(k.reason);
        return k.stream;
      },
      close: async () => {
        await sim.close();
        await pt.stream.close();
        await pty.close();
      },
    };
  }),
);
rows.push(
  await measureReal('ZVT over TCP/IP', 'loopback', async () => {
    const l = await listenZvtSimulator('127.0.0.1', 0, { timing: ZERO });
    if (!l.ok) throw new Error(l.reason);
    const server = l.server;
    return {
      transport: 'tcp',
      connect: async () => {
        const k = await openTcpStream('127.0.0.1', server.port);
        if (!k.ok) throw new Error(k.reason);
        return k.stream;
      },
      close: () => server.close(),
    };
  }),
);

const fmt = (n: number, d = 2) => n.toFixed(d);
const header = [
  'protocol',
  'line',
  'bits/byte',
  'ours: ms/payment (wall)',
  'ours: CPU ms/payment',
  'bytes out',
  'bytes back',
  'baseline: wire ms @9600',
  'ours / wire',
];
const table = rows.map((r) => [
  r.protocol,
  r.line,
  r.wireMs === undefined ? '—' : String(bitsPerByte(r.line.includes('8N2') ? LINE_8N2 : r.line.endsWith('7E1') ? LINE_7E1 : LINE_8N1)),
  fmt(r.ms, 3),
  fmt(r.cpuMs, 3),
  fmt(r.out, 0),
  fmt(r.back, 0),
  r.wireMs === undefined ? '—' : fmt(r.wireMs, 1),
  r.wireMs === undefined ? '—' : `${fmt((100 * r.ms) / r.wireMs, 1)} %`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
console.log(
  `Card terminal drivers, ${N} approved payments each, simulator at zero think time: ` +
    `in-memory line, then ZVT over a real pty and a real TCP socket (Node ${process.version})`,
);
console.log(line(header));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const row of table) console.log(line(row));
console.log(
  '\n"ours" includes the simulator and the in-memory line in the same process, so it is an upper bound on the driver\'s own cost.\n' +
    'ZVT bytes include intermediate statuses (insert card, PIN, host), status information, 7 print lines and completion;\n' +
    'registration is done once before measuring.\n' +
    'ZVT over a pty / over TCP/IP: the same payments through the kernel (socat pty pair; loopback socket), on one connection each;\n' +
    'TCP carries the bare APDUs (no DLE STX/ETX, CRC or ACK bytes), so fewer bytes and no link round trip per APDU.',
);
const pty = rows.find((r) => r.protocol.startsWith('ZVT over a pty'))!;
const tcp = rows.find((r) => r.protocol === 'ZVT over TCP/IP')!;
console.log(
  `\nZVT payment overhead, same run: over a pty ${fmt(pty.ms, 3)} ms, over TCP/IP ${fmt(tcp.ms, 3)} ms per payment ` +
    `(TCP / pty = ${fmt(tcp.ms / pty.ms, 2)}); bytes per payment ${fmt(pty.out + pty.back, 0)} vs ${fmt(tcp.out + tcp.back, 0)}.`,
);
