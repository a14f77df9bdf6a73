// Issue 15, item 7: the diagnostics API on both sides of a post, with real daemons. The hub runs as its own
// process (HTTPS, the post's certificate); the kiosk (role kiosk) in this process. The kiosk shows its link to
// the hub (reachable, clock difference, offline blocks, uploads, shipping) and why the link fails once the hub is
// stopped; the hub shows each kiosk with its last contact, shipping, blocks leased today, and a revoked kiosk.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp';
import { signIn, until, TECH_PIN, type Client } from '../diagnostics/support';
import { joinKiosk, startHub, startPostKiosk, type Hub } from './rig';
import { readFileSync } from 'node:fs';
import { openJournal } from '../../store/db';
import { checkHubLink } from '../../server/diagnostics/hub-check';
import { initPostIdentity } from '../../server/post/trust/identity';
import { hubLinkFile, saveHubLink } from '../../server/post/trust/hub-link';
import { runKiosk, writeConfig } from '../support/daemon';
import { revokeKiosk } from '../../store/post-kiosks';
import { PostDiagnostics, type HubKioskView, type KioskPostView } from '../../shared/diagnostics-api';
import type { RunningDaemon } from '../../server/daemon';

let hub: Hub;
let kiosk: RunningDaemon;
let dir: string;
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('post-diag-');
  ({ dir, cleanup } = t);
  hub = await startHub(join(dir, 'hub'));
  kiosk = await startPostKiosk(hub, 'K1', join(dir, 'K1'));
}, 120_000);
afterAll(async () => {
  await kiosk?.close();
  await hub?.stop();
  cleanup();
});

let tech: Client | null = null;
async function kioskView(): Promise<KioskPostView> {
  tech ??= await signIn(kiosk, TECH_PIN); // once: sign-ins are rate-limited
  const r = await tech.get('diagnostics/post');
  expect(r.status).toBe(200);
  const d = PostDiagnostics.parse(r.body);
  if (d.role !== 'kiosk') throw new Error(`a kiosk answered as ${d.role}`);
  return d.kiosk;
}

async function hubKiosks(): Promise<HubKioskView[]> {
  const login = await hub.fetch('POST', '/api/auth/login', { body: { pin: TECH_PIN } });
  expect(login.status).toBe(200);
  const r = await hub.fetch('GET', '/api/diagnostics/post', login.cookie ? { cookie: login.cookie } : {});
  expect(r.status).toBe(200);
  const d = PostDiagnostics.parse(r.body);
  if (d.role === 'kiosk') throw new Error('the hub answered as a kiosk');
  return d.kiosks;
}

describe('post diagnostics, real hub process and kiosk daemon', () => {
  it('the kiosk shows its hub link: reachable, clock difference, offline blocks, shipping', async () => {
    const v = await until(kioskView, (k) => k.reachable && k.clock.checkedAt !== null && k.blocks.every((b) => b.left > 0), 30_000);
    expect(v.hubUrl).toBe(hub.url);
    expect(v.reachable).toBe(true);
    expect(v.failure).toBeNull();
    expect(v.lastContact).not.toBeNull();
    // Same machine, same clock: the difference is at most the round trip.
    expect(Math.abs(v.clock.skewMs!)).toBeLessThan(5000);
    expect(v.clock.refusal).toBeNull();
    expect(v.blocks.length).toBeGreaterThan(0);
    expect(v.blocks.every((b) => !b.blockUsedUp && !b.fallbackInUse)).toBe(true);
    expect(v.pendingUploads).toBe(0);
    expect(v.pendingClaims).toBe(0);
    expect(['shipping', 'idle']).toContain(v.shipping.state);
    expect(v.attention).toEqual([]);
  });

  it('the hub shows every kiosk: last contact, shipping, blocks leased today, and a revoked one', async () => {
    await joinKiosk(hub, 'K2', join(dir, 'K2'));
    const db = openJournal(join(hub.dir, 'journal.sqlite'));
    try {
      expect(revokeKiosk(db, 'K2', new Date()).ok).toBe(true);
    } finally {
      db.close();
    }
    const kiosks = await until(hubKiosks, (ks) => (ks.find((k) => k.kioskId === 'K1')?.shippedThrough ?? 0) > 0, 30_000);
    const k1 = kiosks.find((k) => k.kioskId === 'K1')!;
    expect(k1.revokedAt).toBeNull();
    expect(k1.lastContact).not.toBeNull();
    expect(k1.chain).toBe('ok');
    expect(k1.lag).not.toBeNull();
    expect(k1.blocks.length).toBeGreaterThan(0);
    expect(k1.blocks[0]!.last).toBeGreaterThanOrEqual(k1.blocks[0]!.first);
    const k2 = kiosks.find((k) => k.kioskId === 'K2')!;
    expect(k2.revokedAt).not.toBeNull();
    expect(k2.attention).toMatch(/revoked/);
    expect(k2.blocks).toEqual([]);
  });

  it('kiosk diag checks: hub link, certificate and clock pass against the real hub', async () => {
    const checks = await checkHubLink(kiosk.ctx.config);
    expect(checks.map((c) => [c.name, c.ok, !!c.warning])).toEqual([
      ['hub link', true, false],
      ['hub certificate', true, false],
      ['clock', true, false],
    ]);
  });

  it('kiosk diag checks: a hub that shows another certificate fails the certificate check', async () => {
    const other = join(dir, 'other-post');
    const init = await initPostIdentity({ dataDir: other, hosts: [] });
    if (!init.ok) throw new Error(init.detail);
    const k4 = join(dir, 'K4');
    const mine = JSON.parse(readFileSync(hubLinkFile(join(dir, 'K1')), 'utf8')) as Parameters<typeof saveHubLink>[1];
    saveHubLink(k4, { ...mine, caPem: readFileSync(join(other, 'post', 'ca.pem'), 'utf8') });
    const checks = await checkHubLink({ ...kiosk.ctx.config, dataDir: k4 });
    const cert = checks.find((c) => c.name === 'hub certificate')!;
    expect(cert.ok).toBe(false);
    expect(cert.detail).toContain(hub.url);
  }, 60_000);

  it('with the hub stopped, the kiosk says the hub is unreachable and why', async () => {
    await hub.stop();
    const v = await until(kioskView, (k) => !k.reachable, 30_000);
    expect(v.reachable).toBe(false);
    expect(v.failure?.reason).toBe('unreachable');
    expect(v.attention.join('\n')).toMatch(/does not answer \(unreachable\)/);

    // `kiosk diag` as the technician runs it: exits 1 and says the hub link failed and why.
    const file = writeConfig(join(dir, 'K1'), { ...kiosk.ctx.config }, 'diag.json');
    const p = runKiosk(['diag', '-c', file]);
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toMatch(/\[FAIL\] hub link +https:\/\/127\.0\.0\.1:\d+: unreachable: /);
  });
});
