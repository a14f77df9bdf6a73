// A card terminal's network line (ZVT over TCP/IP) as a ByteStream, so the ZVT driver and the simulator use
// it like a serial port. Connecting never throws: refused, timed out, unreachable and unresolvable are values
// whose reason says what to check. A connection that goes away reports why (reset, closed by the terminal).
import { Socket } from 'node:net';
import { Listeners } from '../listeners';
import type { ByteStream } from '../serial/stream';

export const DEFAULT_CONNECT_MS = 5000;

export type TcpOpenResult = { ok: true; stream: ByteStream } | { ok: false; reason: string };

/** Why a connect failed, in the words a technician acts on. */
export function connectFailure(address: string, code: string | undefined, message: string, timeoutMs: number): string {
  switch (code) {
    case 'ECONNREFUSED':
      return (
        `connection to ${address} refused: the host is up but nothing listens on that port. ` +
        "Enable the terminal's ECR interface over IP (ZVT, usually port 20007) and check the port number"
      );
    case 'ETIMEDOUT':
      return `no answer from ${address} within ${timeoutMs} ms: wrong address, terminal switched off, or a firewall dropping the traffic`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable (${address}): no route to it from this PC; check the address, the cable and that both are on the same network`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host of ${address}: give the terminal's IP address, or a name this PC can resolve`;
    default:
      return `cannot connect to ${address}: ${message}`;
  }
}

/** How a live connection ended. */
export function closeReason(address: string, code: string | undefined, message: string | undefined): string {
  if (code === 'ECONNRESET') return `connection to ${address} reset by the terminal`;
  if (code === 'EPIPE') return `connection to ${address} broken (the terminal went away while we wrote)`;
  if (message) return `connection to ${address} failed: ${message}`;
  return `the terminal closed the connection (${address})`;
}

export async function openTcpStream(host: string, port: number, opts: { connectMs?: number } = {}): Promise<TcpOpenResult> {
  const address = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const timeoutMs = opts.connectMs ?? DEFAULT_CONNECT_MS;
  const socket = new Socket();
  // null: connected; else the socket's error (ETIMEDOUT for our own timer).
  const failed = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(e);
    });
    socket.connect(port, host, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(null);
    });
  });
  if (failed) return { ok: false, reason: connectFailure(address, failed.code, failed.message, timeoutMs) };
  return { ok: true, stream: socketStream(socket, address) };
}

/** Wraps a connected socket (the driver's, or one the simulator accepted). */
export function socketStream(socket: Socket, address: string): ByteStream {
  // Small APDUs one after another: do not let Nagle hold an 80 00 00 back; keep-alive finds a dead peer.
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 5000);
  const data = new Listeners<Uint8Array>();
  const closes = new Listeners<string>();
  let closed = false;
  let failure: NodeJS.ErrnoException | undefined;
  const markClosed = (reason: string) => {
    if (closed) return;
    closed = true;
    closes.emit(reason);
  };
  socket.on('data', (c: Buffer) => data.emit(new Uint8Array(c.buffer, c.byteOffset, c.length)));
  socket.on('error', (e: NodeJS.ErrnoException) => {
    failure = e;
  });
  // 'end': the peer sent FIN. We close our side too: a half-open ZVT connection is of no use.
  socket.on('end', () => socket.end());
  socket.on('close', () => markClosed(closeReason(address, failure?.code, failure?.message)));
  return {
    write(bytes) {
      if (closed || socket.destroyed) return;
      socket.write(Buffer.from(bytes));
    },
    onData: (fn) => data.add(fn),
    onClose: (fn) => closes.add(fn),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) {
          markClosed(`connection to ${address} closed`);
          resolve();
          return;
        }
        socket.once('close', () => resolve());
        closed = true;
        closes.emit(`connection to ${address} closed`);
        socket.destroy();
      }),
  };
}
