// Opens a serial port as a ByteStream. Never touches RTS/DTR (set() fails with ENOTTY on a pty and card
// terminals do not need it), never throws for an expected failure: a missing port is a value.
import { loadSerialPort } from './serialport';
import { readdir } from 'node:fs/promises';
import { Listeners } from '../listeners';
import type { ByteStream } from './stream';
import type { LineSettings } from './line';

export type OpenResult = { ok: true; stream: ByteStream } | { ok: false; reason: string };

export async function openSerialPort(path: string, line: LineSettings): Promise<OpenResult> {
  const SerialPort = await loadSerialPort();
  const port = new SerialPort({
    path,
    baudRate: line.baudRate,
    dataBits: line.dataBits,
    parity: line.parity,
    stopBits: line.stopBits,
    rtscts: false,
    xon: false,
    xoff: false,
    hupcl: false,
    autoOpen: false,
  });
  const opened = await new Promise<string | null>((resolve) => port.open((err) => resolve(err ? err.message : null)));
  if (opened !== null) {
    return {
      ok: false,
      reason: `cannot open serial port ${path}: ${opened}. Check the port path in the config, the cable, and that no other program holds the port.`,
    };
  }
  const data = new Listeners<Uint8Array>();
  const closes = new Listeners<string>();
  let closed = false;
  const markClosed = (reason: string) => {
    if (closed) return;
    closed = true;
    closes.emit(reason);
  };
  port.on('data', (chunk: Buffer) => data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  port.on('close', () => markClosed(`serial port ${path} closed`));
  port.on('error', (err: Error) => markClosed(`serial port ${path} failed: ${err.message}`));
  const stream: ByteStream = {
    write(bytes) {
      if (closed) return;
      port.write(Buffer.from(bytes), (err) => {
        if (err) markClosed(`write to ${path} failed: ${err.message}`);
      });
    },
    onData: (fn) => data.add(fn),
    onClose: (fn) => closes.add(fn),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) {
          markClosed(`serial port ${path} closed`);
          resolve();
          return;
        }
        port.close(() => {
          markClosed(`serial port ${path} closed`);
          resolve();
        });
      }),
  };
  return { ok: true, stream };
}

/**
 * Candidate serial ports. `SerialPort.list()` needs udevadm, which some machines lack: then fall back to
 * /dev/serial/by-id/* and /dev/tty{S,USB,ACM}*.
 */
export async function listSerialPorts(): Promise<string[]> {
  try {
    const ports = await (await loadSerialPort()).list();
    if (ports.length > 0) return ports.map((p) => p.path);
  } catch {
    // no udev: fall through to the device-node scan
  }
  const found: string[] = [];
  try {
    for (const name of await readdir('/dev/serial/by-id')) found.push(`/dev/serial/by-id/${name}`);
  } catch {
    // directory absent when no USB serial device is plugged in
  }
  try {
    for (const name of await readdir('/dev')) if (/^tty(S|USB|ACM)\d+$/.test(name)) found.push(`/dev/${name}`);
  } catch {
    // /dev unreadable: nothing to offer
  }
  return found;
}
