// Appointment tokens at the post level (issue 15, item 3), with real parts: a Fastify hub on a loopback port with
// its own SQLite journal, and two kiosks, each with its own journal, claiming through createHubLink (plain http).
// A partition is the hub's server closed; it comes back on the same port.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../../store/db';
import { recentEvents } from '../../../store/events';
import { usedRecord } from '../../../store/appointment-tokens';
import { checkIn } from '../../appointment/check-in';
import { AppointmentsConfig, appointmentRuntime } from '../../appointment/config';
import { createHubLink } from '../link';
import type { KioskAuth } from '../kiosk-auth';
import { hubClaimRoutes, type ClaimsAuthorize } from './routes';
import { createHubClaims, type HubClaims } from './claimer';
import { KID_A, SLOT, issue, pem } from '../../../test/appointment/fixtures';
import { tempDir } from '../../../test/support/tmp';

const KIOSKS: Record<string, string> = { 'secret-a': 'PAR-K1', 'secret-b': 'PAR-K2' };
const STAFF: Record<string, { id: string; role: 'staff' | 'supervisor' }> = {
  'sup-1': { id: 'sup1', role: 'supervisor' },
  'staff-1': { id: 'ag1', role: 'staff' },
};

/** The tests' KioskAuth: a bearer map (the real one is server/post/trust/). */
const kioskAuth: KioskAuth = (req) => {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return { ok: false, status: 401, reason: 'no-credential', detail: 'no credential' };
  const kioskId = KIOSKS[token];
  return kioskId ? { ok: true, kioskId } : { ok: false, status: 401, reason: 'unknown', detail: 'unknown credential' };
};
/** The tests' authorize: a session header naming a user (the real one is Auth.authorize over the session cookie). */
const authorize: ClaimsAuthorize = (req, roles) => {
  const user = STAFF[String(req.headers['x-session'] ?? '')];
  if (!user) return { ok: false, status: 401, reason: 'signed-out', detail: 'sign in' };
  return roles.includes(user.role) ? { ok: true, user } : { ok: false, status: 403, reason: 'forbidden', detail: `a ${user.role} may not do this` };
};

const rt = appointmentRuntime(AppointmentsConfig.parse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'pub') }] }), { demo: true });
const at = new Date(SLOT.getTime() - 10 * 60_000);
const opts = (kioskId: string, claimer: HubClaims, when = at) => ({ consulate: 'FR-PAR', services: new Set(['passport']), kioskId, at: when, claimer });
const token = () => issue({ tokenId: Uint8Array.from(randomBytes(8)) });
const tokenIdOf = (v: { ok: boolean; appointment?: { tokenId: string } }) => v.appointment!.tokenId;

/** Polls `check` until it holds (the machine is shared and busy: no fixed sleeps). */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let dir: string;
let cleanup: () => void;
let hubDb: Db;
let hub: FastifyInstance | null;
let port = 0;
let raised = 0;
/** While set, the hub answers claims only once it resolves (the claim is done; the answer is late). */
let gate: Promise<void> | null = null;
const kiosks: Array<{ db: Db; claims: HubClaims }> = [];

async function startHub(): Promise<void> {
  const app = Fastify();
  app.addHook('onSend', async (req) => {
    if (gate && req.url === '/api/post/tokens/claim') await gate;
  });
  await app.register(hubClaimRoutes({ db: hubDb, kioskAuth, authorize, onConflict: () => raised++ }), { prefix: '/api' });
  await app.listen({ host: '127.0.0.1', port });
  port = (app.server.address() as { port: number }).port;
  hub = app;
}
async function stopHub(): Promise<void> {
  await hub?.close();
  hub = null;
}

function kiosk(name: string, credential: string, kioskId: string, answerWithinMs = 10_000) {
  const db = openJournal(join(dir, `${name}.sqlite`));
  const link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId, credential });
  const claims = createHubClaims({ db, link, kioskId, answerWithinMs, retry: { firstMs: 50, maxMs: 200 } });
  kiosks.push({ db, claims });
  return { db, claims };
}

const hubGet = (path: string, session: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-session': session } });

beforeEach(async () => {
  const t = tempDir('post-claims-');
  dir = t.dir;
  cleanup = t.cleanup;
  hubDb = openJournal(join(dir, 'hub.sqlite'));
  port = 0;
  raised = 0;
  gate = null;
  await startHub();
});
afterEach(async () => {
  for (const k of kiosks.splice(0)) {
    k.claims.stop();
    await k.claims.flush();
    k.db.close();
  }
  await stopHub();
  hubDb.close();
  cleanup();
});

describe('appointment tokens claimed at the hub', () => {
  it('a token used at kiosk A is refused at kiosk B, which names A and when; B gives its check-in back', async () => {
    const a = kiosk('a', 'secret-a', 'PAR-K1');
    const b = kiosk('b', 'secret-b', 'PAR-K2');
    const t = await token();
    const first = await checkIn(a.db, t, rt, opts('PAR-K1', a.claims));
    expect(first).toMatchObject({ ok: true });
    const second = await checkIn(b.db, t, rt, opts('PAR-K2', b.claims, new Date(at.getTime() + 60_000)));
    expect(second).toMatchObject({ ok: false, reason: 'already-used', kioskId: 'PAR-K1', usedAt: at.toISOString() });
    expect(usedRecord(hubDb, tokenIdOf(first as never))).toEqual({ kioskId: 'PAR-K1', usedAt: at.toISOString() });
    expect(usedRecord(b.db, tokenIdOf(first as never))).toBeUndefined();
    expect(a.claims.status()).toMatchObject({ pending: 0, conflicts: 0 });
    expect(b.claims.status()).toMatchObject({ pending: 0, conflicts: 0 });
  });

  it('the same token at both kiosks at once: exactly one wins', async () => {
    const a = kiosk('a', 'secret-a', 'PAR-K1');
    const b = kiosk('b', 'secret-b', 'PAR-K2');
    for (let i = 0; i < 5; i++) {
      const t = await token();
      const [va, vb] = await Promise.all([checkIn(a.db, t, rt, opts('PAR-K1', a.claims)), checkIn(b.db, t, rt, opts('PAR-K2', b.claims))]);
      expect([va.ok, vb.ok].filter(Boolean)).toHaveLength(1);
      const loser = va.ok ? vb : va;
      expect(loser).toMatchObject({ ok: false, reason: 'already-used', kioskId: va.ok ? 'PAR-K1' : 'PAR-K2' });
    }
    expect(a.claims.status().pending + b.claims.status().pending).toBe(0);
  });

  it('a partition: both kiosks accept the same token provisionally; after it, one conflict is raised once, for supervisors', async () => {
    const a = kiosk('a', 'secret-a', 'PAR-K1');
    const b = kiosk('b', 'secret-b', 'PAR-K2');
    const t = await token();
    await stopHub();
    const va = await checkIn(a.db, t, rt, opts('PAR-K1', a.claims));
    const vb = await checkIn(b.db, t, rt, opts('PAR-K2', b.claims, new Date(at.getTime() + 30_000)));
    expect([va.ok, vb.ok]).toEqual([true, true]); // both visits go on
    expect(a.claims.status()).toMatchObject({ pending: 1, lastError: expect.stringMatching(/cannot reach the hub/) });
    expect(recentEvents(b.db, { kindPrefix: 'appointment.claim-provisional' })).toHaveLength(1);
    // A second scan of the token at kiosk A is still refused there, offline.
    expect(await checkIn(a.db, t, rt, opts('PAR-K1', a.claims))).toMatchObject({ ok: false, reason: 'already-used', kioskId: 'PAR-K1' });

    await startHub();
    await until(() => a.claims.status().pending === 0 && b.claims.status().pending === 0, 'both kiosks to upload their claims');
    expect(a.claims.status().conflicts + b.claims.status().conflicts).toBe(1);
    expect(recentEvents(hubDb, { kindPrefix: 'post.token-conflict' })).toHaveLength(1);
    expect(raised).toBe(1);

    // The same upload again (a kiosk that did not get the answer) raises nothing new.
    const again = await createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'PAR-K2', credential: 'secret-b' }).request(
      'POST',
      '/api/post/tokens/provisional',
      {
        claims: [
          {
            tokenId: tokenIdOf(vb as never),
            visitKey: (b.db.prepare('SELECT visit_key FROM post_token_claims').get() as { visit_key: string }).visit_key,
            at: new Date(at.getTime() + 30_000).toISOString(),
            appointmentId: '123456',
            consulate: 'FR-PAR',
            expiresAt: null,
          },
        ],
      },
    );
    expect(again).toMatchObject({ ok: true });
    expect(recentEvents(hubDb, { kindPrefix: 'post.token-conflict' })).toHaveLength(1);
    expect(raised).toBe(1);

    expect((await hubGet('/api/post/conflicts', 'staff-1')).status).toBe(403);
    expect((await hubGet('/api/post/conflicts', '')).status).toBe(401);
    const list = (await (await hubGet('/api/post/conflicts', 'sup-1')).json()) as { conflicts: Array<{ id: number; held: object; other: object }> };
    expect(list.conflicts).toHaveLength(1);
    const c = list.conflicts[0]!;
    const kiosksSeen = [c.held, c.other].map((x) => (x as { kioskId: string }).kioskId).sort();
    expect(kiosksSeen).toEqual(['PAR-K1', 'PAR-K2']);

    const ack = (session: string) =>
      fetch(`http://127.0.0.1:${port}/api/post/conflicts/${c.id}/acknowledge`, {
        method: 'POST',
        headers: { 'x-session': session, 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'both visitors served, one refund' }),
      });
    expect((await ack('staff-1')).status).toBe(403);
    expect((await ack('sup-1')).status).toBe(200);
    expect((await ack('sup-1')).status).toBe(409);
    const after = (await (await hubGet('/api/post/conflicts', 'sup-1')).json()) as { conflicts: Array<{ acknowledged: unknown }> };
    expect(after.conflicts[0]?.acknowledged).toMatchObject({ by: 'sup1', note: 'both visitors served, one refund' });
  });

  it('a claim whose answer timed out is provisional, and its upload is accepted (the hub had it): not refused, no conflict', async () => {
    const a = kiosk('a', 'secret-a', 'PAR-K1', 300);
    const b = kiosk('b', 'secret-b', 'PAR-K2');
    const t = await token();
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const va = await checkIn(a.db, t, rt, opts('PAR-K1', a.claims));
    expect(va).toMatchObject({ ok: true });
    expect(a.claims.status()).toMatchObject({ pending: 1, lastError: expect.stringMatching(/did not answer within 300 ms/) });
    expect(usedRecord(hubDb, tokenIdOf(va as never))).toMatchObject({ kioskId: 'PAR-K1' }); // the hub did act
    gate = null;
    open();
    await until(() => a.claims.status().pending === 0, 'kiosk A to upload its provisional claim');
    expect(a.claims.status()).toMatchObject({ conflicts: 0, lastError: null });
    expect(recentEvents(hubDb, { kindPrefix: 'post.token-conflict' })).toHaveLength(0);
    // And the token stays A's: B is refused.
    expect(await checkIn(b.db, t, rt, opts('PAR-K2', b.claims))).toMatchObject({ ok: false, reason: 'already-used', kioskId: 'PAR-K1' });
  });

  it('a visit ended before payment gives the token back at the hub: another kiosk may then claim it', async () => {
    const a = kiosk('a', 'secret-a', 'PAR-K1');
    const b = kiosk('b', 'secret-b', 'PAR-K2');
    const t = await token();
    const va = await checkIn(a.db, t, rt, opts('PAR-K1', a.claims));
    expect(va).toMatchObject({ ok: true });
    // Only the claiming kiosk may release: B's release of A's token changes nothing.
    b.claims.release(tokenIdOf(va as never), 'PAR-K2', 'visit ended before payment');
    await b.claims.flush();
    const visitKey = (a.db.prepare('SELECT visit_key FROM post_token_claims').get() as { visit_key: string }).visit_key;
    const linkB = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'PAR-K2', credential: 'secret-b' });
    const body = { tokenId: tokenIdOf(va as never), visitKey, reason: 'visit ended before payment' };
    expect(await linkB.request('POST', '/api/post/tokens/release', body)).toMatchObject({
      ok: true,
      body: { ok: false, reason: 'not-yours', kioskId: 'PAR-K1' },
    });
    expect(usedRecord(hubDb, tokenIdOf(va as never))).toMatchObject({ kioskId: 'PAR-K1' });

    a.claims.release(tokenIdOf(va as never), 'PAR-K1', 'visit ended before payment');
    expect(usedRecord(a.db, tokenIdOf(va as never))).toBeUndefined(); // given back here at once
    await until(() => a.claims.status().releasing === 0, 'kiosk A to release the token at the hub');
    expect(usedRecord(hubDb, tokenIdOf(va as never))).toBeUndefined();
    expect(await checkIn(b.db, t, rt, opts('PAR-K2', b.claims))).toMatchObject({ ok: true });
  });

  it('a release made while cut off reaches the hub when it is back', async () => {
    const a = kiosk('a', 'secret-a', 'PAR-K1');
    const b = kiosk('b', 'secret-b', 'PAR-K2');
    const t = await token();
    const va = await checkIn(a.db, t, rt, opts('PAR-K1', a.claims));
    await stopHub();
    a.claims.release(tokenIdOf(va as never), 'PAR-K1', 'visit ended before payment');
    await a.claims.flush();
    expect(a.claims.status()).toMatchObject({ releasing: 1, lastError: expect.stringMatching(/cannot reach the hub/) });
    await startHub();
    await until(() => a.claims.status().releasing === 0, 'the release to reach the hub');
    expect(await checkIn(b.db, t, rt, opts('PAR-K2', b.claims))).toMatchObject({ ok: true });
  });

  it('claim routes refuse a kiosk without a known credential', async () => {
    const link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'X', credential: 'nope' });
    const r = await link.request('POST', '/api/post/tokens/claim', {});
    expect(r).toMatchObject({ ok: false, reason: 'refused', status: 401 });
  });
});
