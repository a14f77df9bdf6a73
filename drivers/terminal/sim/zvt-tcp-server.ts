// The simulated ZVT terminal on a TCP port, as a network terminal offers its ECR interface (usually 20007):
// every accepted connection is served by the one simulator, so a kiosk that reconnects (after a dropped
// connection, a crash, a restart) meets the same terminal with the same journal.
import { createServer, type Server, type Socket } from 'node:net';
import { socketStream } from '../tcp-stream';
import { ZvtSimulator, type ZvtSimOptions } from './zvt-sim';

export interface ZvtTcpSimulator {
  sim: ZvtSimulator;
  host: string;
  /** The port listened on (the one asked for, or the one the system chose for 0). */
  port: number;
  /** tcp://host:port, as devices.terminal.port takes it. */
  address: string;
  /** Drops every open connection (a network cut as the kiosk sees it); the server keeps listening. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function listenZvtSimulator(
  host: string,
  port: number,
  opts: ZvtSimOptions = {},
): Promise<{ ok: true; server: ZvtTcpSimulator } | { ok: false; reason: string }> {
  const sim = new ZvtSimulator(null, opts);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    sim.attach(socketStream(socket, `tcp://${socket.remoteAddress}:${socket.remotePort}`), 'tcp');
  });
  const listened = await new Promise<string | null>((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' ? `${host}:${port} is already in use` : e.message));
    server.listen(port, host, () => resolve(null));
  });
  if (listened !== null) {
    await sim.close();
    return { ok: false, reason: `cannot listen on ${host}:${port}: ${listened}` };
  }
  const bound = server.address();
  const actual = typeof bound === 'object' && bound ? bound.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    ok: true,
    server: {
      sim,
      host,
      port: actual,
      address: `tcp://${shown}:${actual}`,
      dropConnections: () => sockets.forEach((s) => s.destroy()),
      async close() {
        const closed = new Promise<void>((r) => server.close(() => r()));
        sockets.forEach((s) => s.destroy());
        await sim.close();
        await closed;
      },
    },
  };
}
