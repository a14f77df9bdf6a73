import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverPrinterFiles, discoverSerialPorts } from './ports';
import { discoverHid } from './hid';
import { vendorGuess } from './vendors';

let root: string;
let socat: ChildProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-disc-'));
  // A fake /dev and /sys: a CH340 USB-serial adapter with a by-id link, a CDC terminal, an unused ttyS1.
  const dev = join(root, 'dev');
  const sys = join(root, 'sys');
  mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
  mkdirSync(join(dev, 'usb'), { recursive: true });
  for (const n of ['ttyUSB0', 'ttyACM0', 'ttyS0', 'ttyS1', 'tty1']) writeFileSync(join(dev, n), '');
  writeFileSync(join(dev, 'usb', 'lp0'), '');
  symlinkSync(join(dev, 'ttyUSB0'), join(dev, 'serial', 'by-id', 'usb-1a86_USB_Serial-if00-port0'));
  const usb = join(sys, 'devices', 'usb1', '1-1');
  mkdirSync(join(usb, '1-1:1.0'), { recursive: true });
  writeFileSync(join(usb, 'idVendor'), '1a86\n');
  writeFileSync(join(usb, 'idProduct'), '7523\n');
  mkdirSync(join(sys, 'class', 'tty', 'ttyUSB0'), { recursive: true });
  symlinkSync(join(usb, '1-1:1.0'), join(sys, 'class', 'tty', 'ttyUSB0', 'device'));
  for (const [n, type] of [
    ['ttyS0', '4'],
    ['ttyS1', '0'],
  ]) {
    mkdirSync(join(sys, 'class', 'tty', n!), { recursive: true });
    writeFileSync(join(sys, 'class', 'tty', n!, 'type'), type!);
  }
  // A real pty pair, as a simulator uses.
  socat = spawn('socat', [`pty,raw,echo=0,link=${join(root, 'ttyKIOSK')}`, `pty,raw,echo=0,link=${join(root, 'ttyTPE')}`]);
  for (let i = 0; i < 100 && !existsSync(join(root, 'ttyKIOSK')); i++) await new Promise((r) => setTimeout(r, 20));
});
afterAll(() => {
  socat?.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('device discovery without udev', () => {
  it('finds serial ports, their stable names and USB vendors from sysfs', () => {
    const ports = discoverSerialPorts({ dev: join(root, 'dev'), sys: join(root, 'sys', 'class', 'tty') });
    expect(ports.map((p) => p.path.replace(root, ''))).toEqual(['/dev/ttyACM0', '/dev/ttyS0', '/dev/ttyUSB0']);
    const usb = ports.find((p) => p.path.endsWith('ttyUSB0'));
    expect(usb).toMatchObject({ kind: 'usb-serial', vendorId: 0x1a86, productId: 0x7523, vendor: 'QinHeng CH340', probably: 'usb-serial adapter' });
    expect(usb?.stableName).toMatch(/by-id\/usb-1a86_USB_Serial/);
  });

  it('lists a configured pseudo-terminal (a simulator) even though no scan finds it', () => {
    const ports = discoverSerialPorts({
      dev: join(root, 'dev'),
      sys: join(root, 'sys', 'class', 'tty'),
      extraPaths: [join(root, 'ttyKIOSK'), join(root, 'missing')],
    });
    expect(ports.find((p) => p.path === join(root, 'ttyKIOSK'))).toMatchObject({ kind: 'pty', source: 'configured' });
    expect(ports.some((p) => p.path.endsWith('missing'))).toBe(false);
  });

  it('finds USB printer device files', () => {
    expect(discoverPrinterFiles({ dev: join(root, 'dev') }).map((p) => p.kind)).toEqual(['usb-printer']);
  });

  it('scans this machine without throwing, and lists HID devices or says why not', async () => {
    expect(Array.isArray(discoverSerialPorts())).toBe(true);
    const hid = await discoverHid();
    expect(hid.ok ? Array.isArray(hid.devices) : hid.reason).toBeTruthy();
  });

  it('names known vendors and shows unknown ids in hex', () => {
    expect(vendorGuess(0x04b8)).toEqual({ vendor: 'Epson', probably: 'printer' });
    expect(vendorGuess(0xbeef)).toEqual({ vendor: '0xbeef', probably: 'unknown' });
  });
});
