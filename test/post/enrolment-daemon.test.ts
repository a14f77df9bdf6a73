// Issue 15, enrolment through the daemon: a kiosk of role kiosk without a hub link refuses to start and says to run
// `kiosk join`; a kiosk whose credential the hub revoked, or that faces another certificate (the hub initialised
// again), does not pretend the hub is merely offline: it journals post.hub-refused with the reason, and the visitor
// in front of it still gets a ticket from its block (numbers the hub reserved for this kiosk: nothing can collide).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVisits, screenWatcher, startVisitDaemon, visit } from '../../bench/visit-driver';
import { tempDir } from '../support/tmp';
import { runKiosk } from '../support/daemon';
import { startHub, startPostKiosk, until, type Hub } from './rig';
import { initPostIdentity } from '../../server/post/trust/identity';
import type { RunningDaemon } from '../../server/daemon';

let t: ReturnType<typeof tempDir>;
let hub: Hub;
const kiosks: RunningDaemon[] = [];
beforeAll(async () => {
  t = tempDir('post-enrolment-');
  hub = await startHub(join(t.dir, 'hub'));
}, 120_000);
afterAll(async () => {
  for (const k of kiosks) await k.close();
  await hub?.stop();
  t?.cleanup();
});

const refusals = (k: RunningDaemon) =>
  (k.ctx.db.prepare("SELECT payload FROM events WHERE kind = 'post.hub-refused' ORDER BY id").all() as { payload: string }[]).map(
    (r) => JSON.parse(r.payload) as { reason: string; detail: string },
  );

const offlineTickets = (k: RunningDaemon) =>
  k.ctx.db.prepare('SELECT label, series, uploaded_at FROM kiosk_offline_tickets ORDER BY issued_at').all() as {
    label: string;
    series: string;
    uploaded_at: string | null;
  }[];

const heldBlocks = (k: RunningDaemon) => (k.ctx.db.prepare('SELECT count(*) AS n FROM kiosk_number_blocks').get() as { n: number }).n;

describe('enrolment, as the kiosk daemon meets it', () => {
  it('a kiosk of role kiosk that never joined refuses to start and says to run kiosk join', async () => {
    const err = await startVisitDaemon(join(t.dir, 'never-joined'), { role: 'kiosk', kioskId: 'K9' }).then(
      async (d) => {
        await d.close();
        return null;
      },
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/has not joined a hub/);
    expect(err?.message).toContain('kiosk join --hub https://');
    expect(err?.message).toContain('kiosk hub enrol --kiosk');
  });

  it('a revoked kiosk journals post.hub-refused (refused) and its visitors still get tickets from its block', async () => {
    const k = await startPostKiosk(hub, 'K1', join(t.dir, 'K1'), { answerWithinMs: 300 });
    kiosks.push(k);
    const step = screenWatcher(k);
    await until('K1 holds its offline blocks', () => heldBlocks(k) > 0);
    await visit(step, null);
    // (Offline only if a busy hub answered after the bound: the tickets after the revocation are the ones looked at.)
    const before = offlineTickets(k).length;

    const revoke = runKiosk(['hub', 'revoke', '--kiosk', 'K1', '--data', hub.dir]);
    expect(await revoke.exited, revoke.stderr()).toBe(0);
    await visit(step, null);
    await visit(step, null);
    checkVisits(k, 3, 'K1');
    // Printed from the block the hub leased before (the post series, not the fallback), kept for upload.
    const printed = offlineTickets(k).slice(before);
    expect(printed).toHaveLength(2);
    expect(printed.every((p) => p.series === '' && p.uploaded_at === null)).toBe(true);
    // Said once (not once per request), with the hub's reason and what to do.
    const said = refusals(k);
    expect(said).toHaveLength(1);
    expect(said[0]!.reason).toBe('refused');
    expect(said[0]!.detail).toMatch(/K1 was revoked .*kiosk hub enrol --kiosk K1/);
  }, 120_000);

  it('a kiosk facing another certificate (the hub initialised again) journals post.hub-refused (certificate) and still issues', async () => {
    const k = await startPostKiosk(hub, 'K2', join(t.dir, 'K2'), { answerWithinMs: 300 });
    kiosks.push(k);
    const step = screenWatcher(k);
    await until('K2 holds its offline blocks', () => heldBlocks(k) > 0);
    await visit(step, null);
    const before = offlineTickets(k).length;

    await hub.stop();
    const init = await initPostIdentity({ dataDir: hub.dir, hosts: [], force: true });
    expect(init.ok).toBe(true);
    await hub.restart();
    await visit(step, null);
    checkVisits(k, 2, 'K2');
    expect(offlineTickets(k).slice(before)).toHaveLength(1);
    // Ticket requests may meet the hub down (unreachable) before it is back; the certificate is said once it answers.
    await until('K2 journals the certificate refusal', () => refusals(k).some((r) => r.reason === 'certificate'));
    const said = refusals(k).filter((r) => r.reason === 'certificate');
    expect(said).toHaveLength(1);
    expect(said[0]!.detail).toMatch(/is not this post's hub .*join again/);
  }, 120_000);
});
