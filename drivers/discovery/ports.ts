import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { vendorGuess, type ProbableKind } from './vendors';

export interface FoundPort {
  path: string;
  /** /dev/serial/by-id name when there is one: it survives re-plugging, unlike ttyUSB0. */
  stableName?: string;
  kind: 'serial' | 'usb-serial' | 'usb-cdc' | 'pty' | 'usb-printer' | 'hidraw';
  vendorId?: number;
  productId?: number;
  vendor: string;
  probably: ProbableKind;
  source: string;
}

const hex = (s: string | undefined) => (s ? Number.parseInt(s.trim(), 16) : undefined);

function readSys(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** USB ids of a tty or lp device from sysfs (no udev needed). */
function usbIds(sysClassDir: string): { vendorId?: number; productId?: number } {
  try {
    let dir = realpathSync(join(sysClassDir, 'device'));
    for (let i = 0; i < 6 && dir !== '/'; i++) {
      const v = readSys(join(dir, 'idVendor'));
      if (v) return { vendorId: hex(v), productId: hex(readSys(join(dir, 'idProduct'))) };
      dir = join(dir, '..');
    }
  } catch {
    // not a USB device
  }
  return {};
}

/**
 * Serial-like ports without udevadm (SerialPort.list() rejects then): /dev/serial/by-id, ttyS/USB/ACM,
 * and pseudo-terminals given explicitly (a simulator's socat pair).
 */
export function discoverSerialPorts(opts: { dev?: string; sys?: string; extraPaths?: string[] } = {}): FoundPort[] {
  const dev = opts.dev ?? '/dev';
  const sys = opts.sys ?? '/sys/class/tty';
  const byId = new Map<string, string>();
  const byIdDir = join(dev, 'serial', 'by-id');
  if (existsSync(byIdDir)) {
    for (const name of readdirSync(byIdDir)) {
      try {
        byId.set(realpathSync(join(byIdDir, name)), join(byIdDir, name));
      } catch {
        // dangling link: device unplugged
      }
    }
  }
  const found: FoundPort[] = [];
  let names: string[];
  try {
    names = readdirSync(dev);
  } catch {
    names = [];
  }
  for (const name of names.filter((n) => /^tty(S\d+|USB\d+|ACM\d+)$/.test(n)).sort()) {
    const path = join(dev, name);
    const ids = usbIds(join(sys, name));
    // ttyS0..31 always exist on a PC; list only those with a UART behind them.
    if (/^ttyS/.test(name) && readSys(join(sys, name, 'type')) === '0') continue;
    const kind = name.startsWith('ttyACM') ? 'usb-cdc' : name.startsWith('ttyUSB') ? 'usb-serial' : 'serial';
    found.push({ path, stableName: byId.get(path), kind, ...ids, ...vendorGuess(ids.vendorId), source: 'dev scan' });
  }
  for (const p of opts.extraPaths ?? []) {
    if (!existsSync(p) || found.some((f) => f.path === p)) continue;
    let real = p;
    try {
      real = realpathSync(p);
    } catch {
      // keep p
    }
    found.push({ path: p, kind: real.startsWith('/dev/pts/') ? 'pty' : 'serial', vendor: 'unknown', probably: 'unknown', source: 'configured' });
  }
  return found;
}

/** USB printer class device files (/dev/usb/lp0): two-way on Epson, one-way on many clones. */
export function discoverPrinterFiles(opts: { dev?: string; sys?: string } = {}): FoundPort[] {
  const dir = join(opts.dev ?? '/dev', 'usb');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^lp\d+$/.test(n))
    .map((n) => {
      const ids = usbIds(join(opts.sys ?? '/sys/class/usbmisc', n));
      return { path: join(dir, n), kind: 'usb-printer' as const, ...ids, ...vendorGuess(ids.vendorId), source: 'dev scan' };
    });
}

export const portLabel = (p: FoundPort) => `${basename(p.stableName ?? p.path)} — ${p.vendor}, probably ${p.probably}`;
