// Printer addresses as one string in the config: tcp://host:port, file:/dev/usb/lp0,
// serial:/dev/ttyS0?baud=38400, or sim.
import { VirtualPrinter } from '../sim/virtual-printer';
import { FileTransport } from './file';
import { SerialTransport } from './serial';
import { SimTransport } from './sim';
import { TcpTransport } from './tcp';
import type { PrinterTransport } from './types';

export type PrinterAddress =
  { kind: 'tcp'; host: string; port: number } | { kind: 'file'; path: string } | { kind: 'serial'; path: string; baudRate: number } | { kind: 'sim' };

const HELP = 'use tcp://HOST:PORT, file:/dev/usb/lp0, serial:/dev/ttyS0?baud=38400 or sim';

export function parsePrinterUrl(url: string): { ok: true; address: PrinterAddress } | { ok: false; reason: string } {
  const u = url.trim();
  if (u === 'sim') return { ok: true, address: { kind: 'sim' } };
  let m = /^tcp:\/\/(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?\/?$/.exec(u);
  if (m) {
    const port = m[2] === undefined ? 9100 : Number(m[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, reason: `printer address "${url}": port must be 1-65535` };
    return { ok: true, address: { kind: 'tcp', host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port } };
  }
  m = /^file:(\/[^?#]*)$/.exec(u);
  if (m) return { ok: true, address: { kind: 'file', path: m[1] ?? '' } };
  m = /^serial:(\/[^?#]*)(?:\?baud=(\d+))?$/.exec(u);
  if (m) {
    const baudRate = m[2] === undefined ? 38400 : Number(m[2]);
    if (![1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(baudRate))
      return { ok: false, reason: `printer address "${url}": baud ${baudRate} is not a standard rate (9600, 19200, 38400, 115200…)` };
    return { ok: true, address: { kind: 'serial', path: m[1] ?? '', baudRate } };
  }
  return { ok: false, reason: `printer address "${url}" is not understood: ${HELP}` };
}

/** `sim` uses the given virtual printer, or a fresh one. */
export function createTransport(address: PrinterAddress, opts: { sim?: VirtualPrinter } = {}): PrinterTransport {
  switch (address.kind) {
    case 'tcp':
      return new TcpTransport({ host: address.host, port: address.port });
    case 'file':
      return new FileTransport(address.path);
    case 'serial':
      return new SerialTransport(address.path, address.baudRate);
    case 'sim':
      return new SimTransport(opts.sim ?? new VirtualPrinter());
  }
}
