// The virtual printer on TCP, like a LAN printer's port 9100: one client at a time (a second one waits,
// as on many real printers), replies on the same socket.
import { createServer, type Server, type Socket } from 'node:net';
import type { VirtualPrinter } from './virtual-printer';

export interface SimTcpServer {
  host: string;
  port: number;
  url: string;
  /** The printer "disappears": every connection is dropped and the port stops listening. */
  vanish(): Promise<void>;
  close(): Promise<void>;
}

export function listenTcp(printer: VirtualPrinter, host = '127.0.0.1', port = 9100): Promise<SimTcpServer> {
  const sockets = new Set<Socket>();
  let active: Socket | null = null;
  const waiting: Socket[] = [];
  const attach = (s: Socket) => {
    active = s;
    const out = (c: Uint8Array) => {
      if (!s.destroyed) s.write(c);
    };
    printer.on('data', out);
    s.on('data', (c: Buffer) => printer.receive(new Uint8Array(c)));
    s.once('close', () => {
      printer.off('data', out);
      sockets.delete(s);
      // A closed connection ends its job: what it sent after its last cut must not start the next one's.
      printer.connectionClosed();
      if (active === s) {
        active = null;
        const next = waiting.shift();
        if (next) attach(next);
      }
    });
  };
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.setNoDelay(true);
    if (active) {
      waiting.push(s);
      s.once('close', () => {
        const i = waiting.indexOf(s);
        if (i >= 0) waiting.splice(i, 1);
        sockets.delete(s);
      });
    } else attach(s);
  });
  const closeAll = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      resolve({ host, port: p, url: `tcp://${host}:${p}`, vanish: closeAll, close: closeAll });
    });
  });
}
