import { describe, expect, it } from 'vitest';
import { parsePrinterUrl } from './url';

describe('parsePrinterUrl', () => {
  it('reads the four forms', () => {
    expect(parsePrinterUrl('tcp://192.168.1.50:9100')).toEqual({ ok: true, address: { kind: 'tcp', host: '192.168.1.50', port: 9100 } });
    expect(parsePrinterUrl('tcp://printer.local')).toEqual({ ok: true, address: { kind: 'tcp', host: 'printer.local', port: 9100 } });
    expect(parsePrinterUrl('tcp://[::1]:9101')).toEqual({ ok: true, address: { kind: 'tcp', host: '::1', port: 9101 } });
    expect(parsePrinterUrl('file:/dev/usb/lp0')).toEqual({ ok: true, address: { kind: 'file', path: '/dev/usb/lp0' } });
    expect(parsePrinterUrl('serial:/dev/ttyS0?baud=9600')).toEqual({ ok: true, address: { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600 } });
    expect(parsePrinterUrl('serial:/dev/ttyUSB0')).toEqual({ ok: true, address: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 } });
    expect(parsePrinterUrl('sim')).toEqual({ ok: true, address: { kind: 'sim' } });
  });

  it('says what is wrong and what is accepted', () => {
    const r = parsePrinterUrl('usb://epson');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/tcp:\/\/HOST:PORT, file:\/dev\/usb\/lp0/);
    const b = parsePrinterUrl('serial:/dev/ttyS0?baud=12345');
    if (!b.ok) expect(b.reason).toMatch(/not a standard rate/);
    expect(b.ok).toBe(false);
    expect(parsePrinterUrl('tcp://host:70000').ok).toBe(false);
  });
});
