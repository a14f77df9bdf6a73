// Serial / USB-CDC scanner: the scanner sends the code's exact bytes followed by a suffix. An inter-character
// timeout ends a code when the scanner sends no suffix ('none'), and otherwise throws away a fragment that
// never got its suffix (then the scanner's suffix setting is wrong, and the status says so).
// An unplugged scanner is retried until it comes back.
import { existsSync } from 'node:fs';
import { loadSerialPort } from '../serial/serialport';
import { ScannerEmitter } from './emitter';
import { createSerialFramer, type Suffix } from './serial-framer';
import type { ScannerStream } from './types';

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  suffix?: Suffix;
  /** Silence after which a code without suffix is complete (or a fragment is dropped). Default 100 ms. */
  interCharTimeoutMs?: number;
  /** How often to retry a port that is missing or was unplugged. Default 2000 ms. */
  reconnectMs?: number;
  dedupeWindowMs?: number;
}

/** The slice of a serialport SerialPort this driver uses, so tests can hand in a fake. */
export interface PortLike {
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  readonly isOpen: boolean;
  on(ev: 'data', cb: (chunk: Buffer) => void): unknown;
  on(ev: 'error', cb: (err: Error) => void): unknown;
  on(ev: 'close', cb: (err?: Error | null) => void): unknown;
  removeAllListeners(): unknown;
}

export interface SerialDeps {
  createPort?: (o: { path: string; baudRate: number }) => PortLike;
  now?: () => number;
  /** Whether the device's path is still there (udev removes /dev/ttyACM0 and its /dev/serial/by-id link on unplug). */
  pathExists?: (path: string) => boolean;
}

export function openSerialScanner(o: SerialScannerOptions, deps: SerialDeps = {}): ScannerStream {
  const suffix = o.suffix ?? 'cr';
  const timeoutMs = o.interCharTimeoutMs ?? 100;
  const reconnectMs = o.reconnectMs ?? 2000;
  let createPort = deps.createPort;
  const em = new ScannerEmitter({ status: 'unknown', detail: `opening ${o.path}` }, o.dedupeWindowMs, deps.now);
  const framer = createSerialFramer(suffix);
  let port: PortLike | undefined;
  let interChar: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let present: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const pathExists = deps.pathExists ?? existsSync;
  const reading = () => ({ status: 'ok' as const, detail: `reading ${o.path} (suffix ${suffix})` });

  const onTimeout = () => {
    interChar = undefined;
    const text = framer.takePending();
    if (text === undefined) return;
    if (suffix === 'none') {
      em.emitCode(text, 'serial');
    } else {
      em.setStatus({
        status: 'warning',
        detail:
          `a read of ${text.length} characters ended without the ${suffix.toUpperCase()} suffix and was dropped: ` +
          `set the scanner's suffix to ${suffix.toUpperCase()} or change devices.scanner.suffix`,
      });
    }
  };

  const scheduleRetry = (why: string) => {
    if (closed) return;
    em.setStatus({ status: 'offline', detail: `${why}; retrying every ${Math.round(reconnectMs / 1000)} s` });
    clearTimeout(retry);
    retry = setTimeout(connect, reconnectMs);
  };

  function connect() {
    if (closed) return;
    if (!createPort) {
      // serialport is imported at the first connect (drivers/serial/serialport.ts).
      loadSerialPort().then(
        (SerialPort) => {
          createPort = (p) => new SerialPort({ path: p.path, baudRate: p.baudRate, autoOpen: false }) as unknown as PortLike;
          connect();
        },
        (err: Error) => em.setStatus({ status: 'error', detail: `serialport cannot be loaded (${err.message}): reinstall the kiosk software (npm ci)` }),
      );
      return;
    }
    const p = createPort({ path: o.path, baudRate: o.baudRate ?? 9600 });
    port = p;
    p.on('data', (chunk) => {
      clearTimeout(interChar);
      for (const text of framer.push(chunk)) {
        em.setStatus(reading());
        em.emitCode(text, 'serial');
      }
      if (framer.pendingBytes > 0) interChar = setTimeout(onTimeout, timeoutMs);
    });
    const lost = (why: string) => {
      if (port !== p) return;
      clearInterval(present);
      p.removeAllListeners();
      if (p.isOpen) p.close();
      port = undefined;
      scheduleRetry(why);
    };
    // A read error on a port that is no longer open is an unplug too, even if no 'close' follows.
    p.on('error', (err) => (p.isOpen ? em.setStatus({ status: 'error', detail: `${o.path}: ${err.message}` }) : lost(`${o.path}: ${err.message}`)));
    p.on('close', () => lost(`${o.path} closed (unplugged?)`));
    p.open((err) => {
      if (closed) {
        if (!err) p.close();
        return;
      }
      if (err) {
        p.removeAllListeners();
        if (port === p) port = undefined;
        scheduleRetry(`cannot open ${o.path}: ${err.message}`);
        return;
      }
      em.setStatus(reading());
      // The port's own 'close' on unplug depends on a read error reaching serialport, which a vanished pty has been
      // seen not to deliver for minutes (CI): the device's path going away says it too.
      clearInterval(present);
      present = setInterval(() => {
        if (!pathExists(o.path)) lost(`${o.path} is gone (unplugged?)`);
      }, reconnectMs);
      present.unref?.();
    });
  }

  connect();
  return em.stream(async () => {
    closed = true;
    clearTimeout(interChar);
    clearTimeout(retry);
    clearInterval(present);
    const p = port;
    port = undefined;
    if (p?.isOpen) await new Promise<void>((res) => p.close(() => res()));
    p?.removeAllListeners();
    em.setStatus({ status: 'offline', detail: 'closed' });
  });
}
