// Driver and simulator on the two ends of a real pty pair, both through drivers/serial.
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_7E1, LINE_8N1, LINE_8N2, type LineSettings } from '../../drivers/serial/line';
import type { ByteStream } from '../../drivers/serial/stream';
import { ConcertTerminal, type ConcertOptions } from '../../drivers/terminal/concert/driver';
import { ZvtDriver, type ZvtOptions } from '../../drivers/terminal/zvt/driver';
import { ConcertSimulator, type ConcertSimOptions } from '../../drivers/terminal/sim/concert-sim';
import { ZvtSimulator, type ZvtSimOptions } from '../../drivers/terminal/sim/zvt-sim';
import { listenZvtSimulator } from '../../drivers/terminal/sim/zvt-tcp-server';
import { openTcpStream } from '../../drivers/terminal/tcp-stream';
import { openPtyPair, type PtyPair } from './pty';
import { FAST_CONCERT, FAST_ZVT } from './expectations';

export interface Rig<D, S> {
  driver: D;
  sim: S;
  /** The kiosk's end of the pty pair, or the simulator's tcp://127.0.0.1:PORT, for a test that plays another cash register. */
  kioskPort: string;
  /** TCP only: drops the open connections from the terminal's side (a network cut); it keeps listening. */
  dropConnections?: () => void;
  close(): Promise<void>;
}

async function simEnd(pty: PtyPair, line: LineSettings): Promise<ByteStream> {
  const opened = await openSerialPort(pty.terminal, line);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.stream;
}

export async function concertRig(
  driverOpts: ConcertOptions = {},
  simOpts: ConcertSimOptions = {},
  line: LineSettings = LINE_8N1,
): Promise<Rig<ConcertTerminal, ConcertSimulator>> {
  const pty = await openPtyPair();
  const stream = await simEnd(pty, line);
  const sim = new ConcertSimulator(stream, { timers: FAST_CONCERT, ...simOpts });
  const driver = new ConcertTerminal(() => openSerialPort(pty.kiosk, line), { timers: FAST_CONCERT, ...driverOpts });
  return {
    driver,
    sim,
    kioskPort: pty.kiosk,
    async close() {
      await driver.close();
      await stream.close();
      await sim.close();
      await pty.close();
    },
  };
}

/** The two transports every ZVT scenario runs over: a real pty pair (serial framing) and a real TCP socket. */
export const ZVT_TRANSPORTS = ['pty', 'tcp'] as const;
export type ZvtTransport = (typeof ZVT_TRANSPORTS)[number];

export async function zvtRig(driverOpts: ZvtOptions = {}, simOpts: ZvtSimOptions = {}, transport: ZvtTransport = 'pty'): Promise<Rig<ZvtDriver, ZvtSimulator>> {
  if (transport === 'tcp') return zvtTcpRig(driverOpts, simOpts);
  const pty = await openPtyPair();
  const stream = await simEnd(pty, LINE_8N2);
  const sim = new ZvtSimulator(stream, { timers: FAST_ZVT, ...simOpts });
  const driver = new ZvtDriver(() => openSerialPort(pty.kiosk, LINE_8N2), { timers: FAST_ZVT, ...driverOpts });
  return {
    driver,
    sim,
    kioskPort: pty.kiosk,
    async close() {
      await driver.close();
      await stream.close();
      await sim.close();
      await pty.close();
    },
  };
}

export { LINE_7E1 };

/** The simulator listening on 127.0.0.1 (a port the system picks), the driver connecting to it. */
async function zvtTcpRig(driverOpts: ZvtOptions, simOpts: ZvtSimOptions): Promise<Rig<ZvtDriver, ZvtSimulator>> {
  const listening = await listenZvtSimulator('127.0.0.1', 0, { timers: FAST_ZVT, ...simOpts });
  if (!listening.ok) throw new Error(listening.reason);
  const server = listening.server;
  const driver = new ZvtDriver(() => openTcpStream('127.0.0.1', server.port), { timers: FAST_ZVT, ...driverOpts, transport: 'tcp' });
  return {
    driver,
    sim: server.sim,
    kioskPort: server.address,
    dropConnections: () => server.dropConnections(),
    async close() {
      await driver.close();
      await server.close();
    },
  };
}
