// Issue 15, items 6 and 7, with real processes: the hub as its own process (HTTPS, the post's certificate), kiosk
// K1 a real daemon of role kiosk in this process with simulated devices. K1 reports its devices and its staff
// alert to the hub as they change (the check-in runner and the device registry tell the reporter; nothing polls);
// the hub's diagnostics API and `kiosk diag` show each kiosk's devices with their age, and a kiosk that stopped
// reporting (K3, its reporter stopped) with its last known devices marked stale.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp';
import { signIn, TECH_PIN } from '../diagnostics/support';
import { joinKiosk, startHub, startPostKiosk, until, type Hub } from './rig';
import { runKiosk } from '../support/daemon';
import { PostDiagnostics, type HubKioskView } from '../../shared/diagnostics-api';
import { DeviceRegistry } from '../../server/devices/registry';
import { createHubLink, type HubLink } from '../../server/post/link';
import { loadHubLink } from '../../server/post/trust/hub-link';
import { startKioskReporter } from '../../server/post/alerts/reporter';
import type { CheckinView } from '../../shared/checkin-api';
import type { RunningDaemon } from '../../server/daemon';

let hub: Hub;
let kiosk: RunningDaemon;
let dir: string;
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('post-devices-');
  ({ dir, cleanup } = t);
  hub = await startHub(join(dir, 'hub'));
  kiosk = await startPostKiosk(hub, 'K1', join(dir, 'K1'));
}, 120_000);
afterAll(async () => {
  await kiosk?.close();
  await hub?.stop();
  cleanup();
});

let cookie: string | undefined;
async function hubKiosks(): Promise<HubKioskView[]> {
  if (!cookie) {
    const login = await hub.fetch('POST', '/api/auth/login', { body: { pin: TECH_PIN } });
    expect(login.status).toBe(200);
    cookie = login.cookie;
  }
  const r = await hub.fetch('GET', '/api/diagnostics/post', cookie ? { cookie } : {});
  expect(r.status).toBe(200);
  const d = PostDiagnostics.parse(r.body);
  if (d.role === 'kiosk') throw new Error('the hub answered as a kiosk');
  return d.kiosks;
}
const kioskAtHub = async (id: string) => (await hubKiosks()).find((k) => k.kioskId === id);

describe("the hub shows each kiosk's devices, real hub process and kiosk daemon", () => {
  it('the check-in runner tells its listeners each new screen, and a call for help reaches the hub', async () => {
    const screens: string[] = [];
    const off = kiosk.ctx.checkin.onView((v) => screens.push(v.screen));
    kiosk.ctx.checkin.send({ type: 'TOUCH' });
    kiosk.ctx.checkin.send({ type: 'CALL_STAFF' });
    off();
    expect(screens.some((s) => s.startsWith('language'))).toBe(true);
    await until('K1 needs staff at the hub', async () => (await kioskAtHub('K1'))?.alert?.needsStaff === true, 30_000);
  });

  it('a kiosk whose simulated printer is out of paper shows "paper out" for that kiosk at the hub, and in kiosk diag', async () => {
    const before = await until('K1 devices at the hub', async () => (await kioskAtHub('K1'))?.devices != null, 30_000).then(() => kioskAtHub('K1'));
    expect(before!.devices!.list.map((d) => d.kind).sort()).toEqual(['printer', 'scanner', 'terminal']);
    const tech = await signIn(kiosk, TECH_PIN);
    const f = await tech.post('diagnostics/devices/printer/fault', { fault: 'paper-out' });
    expect(f.status).toBe(200);
    await until(
      'K1 printer paper out at the hub',
      async () => (await kioskAtHub('K1'))?.devices?.list.find((d) => d.id === 'printer')?.paper === 'out',
      30_000,
    );
    const k1 = (await kioskAtHub('K1'))!;
    expect(k1.devices!.stale).toBe(false);
    const printer = k1.devices!.list.find((d) => d.id === 'printer')!;
    expect(printer).toMatchObject({ kind: 'printer', simulated: true, status: 'error', paper: 'out' });
    expect(printer.detail).toMatch(/paper out/);
    expect(printer.driver).toMatch(/escpos/);
    expect(printer.lastError?.detail).toMatch(/paper out/);

    const diag = runKiosk(['diag', '-c', join(hub.dir, 'hub.json')]);
    await diag.exited;
    expect(diag.stdout()).toMatch(/\[WARN\] kiosk K1 devices +as of \d+ s ago: .*printer escpos .*\(simulated\) error: paper out.*, paper out/);
  }, 90_000);

  it('a kiosk that stopped reporting shows its last known devices as stale, at the hub and in kiosk diag', async () => {
    await joinKiosk(hub, 'K3', join(dir, 'K3'));
    const loaded = loadHubLink(join(dir, 'K3'));
    if (!loaded.ok) throw new Error(loaded.detail);
    const link: HubLink = createHubLink(loaded.options);
    const devices = new DeviceRegistry();
    devices.add({
      id: 'printer',
      kind: 'printer',
      driver: 'escpos TM-T88V',
      simulated: false,
      status: 'offline',
      detail: 'no answer from tcp://10.0.0.9:9100',
    });
    const checkin = {
      view: () => ({ screen: 'attract', tags: [], visit: { ticket: null, lockReason: null, problem: null } }) as unknown as CheckinView,
      onView: () => () => {},
    };
    const reporter = startKioskReporter({ link, checkin, devices, heartbeatMs: 1000 });
    try {
      await until('K3 devices at the hub', async () => (await kioskAtHub('K3'))?.devices?.stale === false, 30_000);
    } finally {
      reporter.stop();
      link.close();
    }
    // Two heartbeats (1 s each) and the hub's margin of 10 s without a word.
    await until('K3 devices stale at the hub', async () => (await kioskAtHub('K3'))?.devices?.stale === true, 60_000);
    const k3 = (await kioskAtHub('K3'))!;
    expect(k3.devices!.list).toEqual([expect.objectContaining({ id: 'printer', status: 'offline', detail: 'no answer from tcp://10.0.0.9:9100' })]);
    expect(k3.attention).toMatch(/no report since .*last known/);
    expect((await kioskAtHub('K1'))!.devices!.stale).toBe(false);

    const diag = runKiosk(['diag', '-c', join(hub.dir, 'hub.json')]);
    await diag.exited;
    expect(diag.stdout()).toMatch(
      /\[WARN\] kiosk K3 devices +STALE, last heard \d+ s ago \(the kiosk stopped reporting\); last known: printer escpos TM-T88V offline/,
    );
  }, 90_000);
});
