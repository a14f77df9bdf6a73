// Everything plugged into the kiosk PC, with what it probably is. SerialPort.list() (udev) gives the best
// names when udevadm is there; without it (containers, minimal images) it rejects and the sysfs/dev scan of
// drivers/discovery stands alone. Pseudo-terminals of simulators are listed when the config names them.
import type { KioskConfig } from '../config/schema';
import { discoverHid, discoverPrinterFiles, discoverSerialPorts, loadSerialPort, vendorGuess, type FoundHid, type FoundPort } from '../devices/index';

export interface Discovered {
  serial: FoundPort[];
  printers: FoundPort[];
  hid: FoundHid[];
  hidError?: string;
  /** How serial ports were found: "udev (SerialPort.list)" or why not. */
  udev: string;
}

export interface UdevPort {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  pnpId?: string | undefined;
}

type Lister = () => Promise<UdevPort[]>;

const defaultLister: Lister = async () => (await loadSerialPort()).list();

/** Paths the config names for serial devices (a simulator's pty is found only this way). */
export function configuredPaths(cfg: KioskConfig): string[] {
  const t = cfg.devices.printer.transport;
  const printerPath = t.startsWith('serial:') || t.startsWith('file:') ? t.replace(/^(serial|file):/, '').replace(/\?.*$/, '') : 'sim';
  return [cfg.devices.terminal.port, cfg.devices.scanner.port, printerPath].filter((p) => p !== 'sim' && p.startsWith('/'));
}

/** Merges udev's list into the scan: udev adds ids and ports the scan missed; the scan keeps stable names. */
export function mergeUdev(scanned: FoundPort[], udev: UdevPort[]): FoundPort[] {
  const out = scanned.map((p) => ({ ...p }));
  for (const u of udev) {
    const vendorId = u.vendorId ? Number.parseInt(u.vendorId, 16) : undefined;
    const productId = u.productId ? Number.parseInt(u.productId, 16) : undefined;
    const known = out.find((p) => p.path === u.path);
    if (known) {
      if (known.vendorId === undefined && vendorId !== undefined) Object.assign(known, { vendorId, productId, ...vendorGuess(vendorId) });
      continue;
    }
    const kind: FoundPort['kind'] = /ttyACM/.test(u.path) ? 'usb-cdc' : /ttyUSB/.test(u.path) ? 'usb-serial' : 'serial';
    out.push({
      path: u.path,
      kind,
      ...(vendorId !== undefined ? { vendorId } : {}),
      ...(productId !== undefined ? { productId } : {}),
      ...vendorGuess(vendorId),
      source: 'udev',
    });
  }
  return out;
}

export async function discoverAll(cfg: KioskConfig, opts: { lister?: Lister; dev?: string; sys?: string; timeoutMs?: number } = {}): Promise<Discovered> {
  const scanned = discoverSerialPorts({ extraPaths: configuredPaths(cfg), ...(opts.dev ? { dev: opts.dev } : {}), ...(opts.sys ? { sys: opts.sys } : {}) });
  let serial = scanned;
  let udev: string;
  try {
    const listed = await Promise.race([
      (opts.lister ?? defaultLister)(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no answer within ${opts.timeoutMs ?? 3000} ms`)), opts.timeoutMs ?? 3000).unref()),
    ]);
    serial = mergeUdev(scanned, listed);
    udev = `udev (SerialPort.list): ${listed.length} port(s)`;
  } catch (err) {
    udev = `udev not available (${(err as Error).message.split('\n')[0]}): ports found by scanning /dev and /sys`;
  }
  const hid = await discoverHid();
  return {
    serial,
    printers: discoverPrinterFiles(opts.dev ? { dev: opts.dev } : {}),
    hid: hid.ok ? hid.devices : [],
    ...(hid.ok ? {} : { hidError: hid.reason }),
    udev,
  };
}
