// The kiosk's "QR reader is not responding" banner follows the scanner in use: after the real scanner is
// unplugged the banner shows, and after a switch to the simulator (diagnostics page) it goes away without a
// restart. A real serial scanner on a socat pty, the real daemon, the kiosk's own /api/checkin view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { ptyPair, type PtyPair } from '../scanner/pty';
import type { RunningDaemon } from '../../server/daemon';
import { CheckinView } from '../../shared/checkin-api';
import { client, signIn, until, type Client } from './support';

let daemon: RunningDaemon;
let tech: Client;
let pty: PtyPair;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  pty = await ptyPair();
  const base = sampleConfig();
  daemon = await startTestDaemon(t.dir, { demo: false, devices: { ...base.devices, scanner: { ...base.devices.scanner, type: 'serial', port: pty.a } } });
  tech = await signIn(daemon);
}, 60_000);
afterAll(async () => {
  await daemon?.close();
  await pty?.close();
  cleanup?.();
});

const banner = async () => CheckinView.parse((await client(daemon).get('checkin')).body).scannerFault;
const scannerLight = () => daemon.ctx.devices.get('scanner')?.status;

describe('scanner banner across a real ⇄ simulator switch', () => {
  it('shows while the real scanner is unplugged and goes away once the simulator runs', async () => {
    expect(await until(scannerLight, (s) => s === 'ok')).toBe('ok');
    expect(await banner()).toBeNull();

    await pty.close(); // the scanner's cable is pulled
    expect(await until(banner, (f) => f !== null)).toMatch(/\S/);

    expect((await tech.post('diagnostics/devices/scanner/mode', { mode: 'sim' })).body).toMatchObject({ ok: true });
    expect(await until(scannerLight, (s) => s === 'ok')).toBe('ok');
    expect(await until(banner, (f) => f === null)).toBeNull();
  }, 30_000);
});
