import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ptyPair, type PtyPair } from '../scanner/pty';
import { sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { discoverAll, mergeUdev } from '../../server/diagnostics/discover';

let pty: PtyPair;
let t: { dir: string; cleanup: () => void };
beforeAll(async () => {
  pty = await ptyPair();
  t = tempDir();
  mkdirSync(join(t.dir, 'dev'));
  writeFileSync(join(t.dir, 'dev', 'ttyUSB0'), '');
});
afterAll(async () => {
  await pty?.close();
  t?.cleanup();
});

const base = sampleConfig();
const withPty = () => ({ ...base, devices: { ...base.devices, terminal: { ...base.devices.terminal, port: pty.a } } });

describe('discovery', () => {
  it('without udevadm (SerialPort.list rejects) still lists the configured pty and the scanned ports', async () => {
    const found = await discoverAll(withPty(), {
      dev: join(t.dir, 'dev'),
      sys: join(t.dir, 'sys'),
      lister: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    });
    expect(found.udev).toMatch(/^udev not available \(spawn udevadm ENOENT\): ports found by scanning/);
    expect(found.serial.map((p) => [p.path.replace(t.dir, ''), p.kind, p.source])).toEqual([
      ['/dev/ttyUSB0', 'usb-serial', 'dev scan'],
      [pty.a, 'pty', 'configured'],
    ]);
  });

  it('on this machine, with the real SerialPort.list, still finds the pty', async () => {
    const found = await discoverAll(withPty());
    expect(found.serial.find((p) => p.path === pty.a)).toMatchObject({ kind: 'pty' });
    expect(found.udev).toMatch(/udev/);
    expect(Array.isArray(found.hid) || found.hidError).toBeTruthy();
  });

  it('with udev, adds its USB ids and the ports the scan missed', async () => {
    const scanned = [{ path: '/dev/ttyUSB0', kind: 'usb-serial' as const, vendor: 'unknown', probably: 'unknown' as const, source: 'dev scan' }];
    const merged = mergeUdev(scanned, [
      { path: '/dev/ttyUSB0', vendorId: '0b00', productId: '0080' },
      { path: '/dev/ttyACM3', vendorId: '04b8', productId: '0e28' },
    ]);
    expect(merged).toEqual([
      { path: '/dev/ttyUSB0', kind: 'usb-serial', vendorId: 0x0b00, productId: 0x80, vendor: 'Ingenico', probably: 'terminal', source: 'dev scan' },
      { path: '/dev/ttyACM3', kind: 'usb-cdc', vendorId: 0x04b8, productId: 0x0e28, vendor: 'Epson', probably: 'printer', source: 'udev' },
    ]);
    const listed = await discoverAll(base, { dev: join(t.dir, 'dev'), lister: async () => [{ path: '/dev/ttyACM3', vendorId: '2fb8' }] });
    expect(listed.udev).toBe('udev (SerialPort.list): 1 port(s)');
    expect(listed.serial.find((p) => p.path === '/dev/ttyACM3')).toMatchObject({ vendor: 'PAX', probably: 'terminal' });
  });
});
