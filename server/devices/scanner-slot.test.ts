// The scanner slot is what the check-in flow subscribes to once, at start-up: codes AND status must follow
// a real ⇄ simulator switch. A real serial scanner on a socat pty.
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../config/load';
import { ptyPair, type PtyPair } from '../../test/scanner/pty';
import { DeviceRegistry } from './registry';
import { ScannerSlot } from './scanner-slot';
import type { ScannerState } from '../../drivers/scanner/index';

const until = async <T>(fn: () => T, ok: (v: T) => boolean, ms = 10_000): Promise<T> => {
  for (const end = Date.now() + ms; !ok(fn()) && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  return fn();
};

let pty: PtyPair | undefined;
let slot: ScannerSlot | undefined;
afterAll(async () => {
  await slot?.close();
  await pty?.close();
});

describe('ScannerSlot', () => {
  it("forwards the new driver's status to subscribers after a switch, not the old driver's last words", async () => {
    const loaded = loadConfig();
    if (!loaded.ok) throw new Error('the sample config must load');
    pty = await ptyPair();
    const base = loaded.config;
    const cfg = { ...base, devices: { ...base.devices, scanner: { ...base.devices.scanner, type: 'serial' as const, port: pty.a } } };
    const registry = new DeviceRegistry();
    registry.add({ id: 'scanner', kind: 'scanner', driver: 'serial', simulated: false, status: 'unknown' });
    const opened = ScannerSlot.open(cfg, registry, pino({ level: 'silent' }));
    if (!opened.ok) throw new Error(opened.reason);
    slot = opened.device;
    const heard: ScannerState[] = [];
    slot.onStatus((s) => heard.push(s));
    expect(
      await until(
        () => registry.get('scanner')?.status,
        (s) => s === 'ok',
      ),
    ).toBe('ok');

    await pty.close();
    expect(
      await until(
        () => heard.at(-1)?.status,
        (s) => s === 'offline',
      ),
    ).toBe('offline');

    expect(await slot.switchTo('sim')).toEqual({ ok: true, mode: 'sim', changed: true });
    expect(heard.at(-1)).toMatchObject({ status: 'ok', detail: expect.stringMatching(/simulator/) });
    expect(registry.get('scanner')).toMatchObject({ status: 'ok', simulated: true, address: 'sim' });
  }, 30_000);
});
