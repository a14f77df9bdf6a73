// The kiosk's clock check against a real Fastify hello route on 127.0.0.1 (real sockets, a real SQLite file); the
// kiosk's clock is injected so that it can be set minutes off and back. The issuer is the real one: a kiosk with a
// wrong clock refuses numbers from the hub and from its block, and issues again once the clock is right.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { createHubLink, type HubLink } from './link';
import { createClockCheck, skewText } from './clock';
import { createHubIssuer } from './numbers/issuer';
import { tempDir } from '../../test/support/tmp';

const MIN = 60_000;
let dir: string;
let cleanup: () => void;
let db: Db;
let app: FastifyInstance;
let link: HubLink;
/** How far the kiosk's clock is from the real one (the hub's). */
let offsetMs = 0;
const kioskNow = () => new Date(Date.now() + offsetMs);

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('clock-'));
  db = openJournal(join(dir, 'kiosk.sqlite'));
  offsetMs = 0;
  app = Fastify();
  app.get('/api/post/hello', async () => ({ kioskId: 'K1', hubTime: new Date().toISOString(), version: 'test' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: 'K1', credential: 'x' });
});
afterEach(async () => {
  await app.close();
  db.close();
  cleanup();
});

describe('clock check', () => {
  it('measures the difference to the hub and refuses numbers beyond the bound, then resumes', async () => {
    const clock = createClockCheck({ link, db, kioskId: 'K1', maxSkewSeconds: 180, now: kioskNow });
    const issuer = createHubIssuer({
      db,
      link,
      answerWithinMs: 2000,
      consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
      services: [{ code: 'visa', prefix: 'A', name: { fr: 'Visa' } }],
      numbering: { start: 1, end: 999, wrap: false, digits: 3 },
      kioskId: 'K1',
      now: kioskNow,
      refusal: () => clock.refusal(),
    });
    const ask = (key: string) => issuer.issue({ service: 'visa', kind: 'walk-in', persons: 1, lang: 'fr' }, key);

    let st = await clock.check();
    expect(Math.abs(st.skewMs!)).toBeLessThan(60_000);
    expect(st.refusal).toBeNull();

    offsetMs = -7 * MIN; // the kiosk is 7 minutes behind
    st = await clock.check();
    expect(st.skewMs!).toBeGreaterThan(6 * MIN);
    expect(st.refusal).toMatch(/the kiosk's clock is 7 minutes behind the hub's .*technician must set the time/);
    const refused = await ask('v1');
    // Its own reason (not the queue's "paused"), with the difference for the staff alert.
    expect(refused).toMatchObject({ ok: false, reason: 'clock', detail: st.refusal, skewMs: st.skewMs, maxSkewSeconds: 180 });
    expect(issuer.refusal()).toMatchObject({ reason: 'clock', skewMs: st.skewMs, maxSkewSeconds: 180 });
    // A visitor who has already paid gets a number all the same: from the kiosk's own series, marked offline
    // (reason clock), dated at the hub's time (the kiosk's corrected by the measured difference), never refused.
    const paid = await issuer.issue({ service: 'visa', kind: 'walk-in', persons: 1, lang: 'fr' }, 'ET-PAID-1', undefined, { paid: true });
    if (!paid.ok) throw new Error(`a paid visitor was refused a number: ${paid.detail}`);
    expect(paid.offline).toMatchObject({ reason: 'clock' });
    expect(Math.abs(Date.parse(paid.ticket.arrivedAt) - Date.now())).toBeLessThan(60_000);
    expect(recentEvents(db, { kindPrefix: 'post.clock' }).map((e) => e.kind)).toEqual(['post.clock-off']);

    offsetMs = 0;
    st = await clock.check();
    expect(st.refusal).toBeNull();
    expect(recentEvents(db, { kindPrefix: 'post.clock' }).map((e) => e.kind)).toEqual(['post.clock-ok', 'post.clock-off']);
    // The hello route is no ticket route: the hub answers 404, so the issuer says no; but not because of the clock.
    const again = await ask('v2');
    expect(again.ok ? '' : again.detail).not.toMatch(/clock/);
  });

  it('keeps its verdict while the hub cannot be reached, and says why', async () => {
    const clock = createClockCheck({ link, db, kioskId: 'K1', maxSkewSeconds: 60, now: kioskNow });
    offsetMs = 5 * MIN;
    await clock.check();
    await app.close();
    const st = await clock.check();
    expect(st.lastFailure?.reason).toBe('unreachable');
    expect(st.refusal).toMatch(/5 minutes ahead of the hub's/);
  });

  it('words small and large differences', () => {
    expect(skewText(30_000)).toBe("the kiosk's clock is 30 seconds behind the hub's");
    expect(skewText(-4 * MIN)).toBe("the kiosk's clock is 4 minutes ahead of the hub's");
  });
});
