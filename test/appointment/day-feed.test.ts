// The booking system's day feed through the real daemon (issue 18 item 6): a signed file dropped in the feed folder
// makes the day's typed codes work without a restart; a later feed cancels an appointment; a forged, garbled or older
// file is refused with a journaled reason and changes nothing; the feeds survive a restart; the day's list tells
// staff who is expected, arrived and cancelled. Then the same through an HTTPS address with a private CA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { KID_A, issue, signer } from './fixtures';
import { createNodeSigner, generateSigningKey, privateKeyFrom } from '../../server/appointment/crypto';
import { signFeed } from '../../domain/appointment/day-feed';
import { codeFromTokenId } from '../../domain/appointment/typed-code';
import { businessDay } from '../../domain/queue/business-day';
import { recentEvents } from '../../store/events';
import { makeCa, makeServerCert } from '../../shared/x509';
import type { RunningDaemon } from '../../server/daemon';
import type { CheckinView } from '../../shared/checkin-api';
import type { DayAppointments } from '../../shared/appointment-feed-api';

const MIN = 60_000;
const TZ = 'Europe/Paris';
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('day-feed-')));
afterAll(() => cleanup());

async function until<T>(what: string, f: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kiosk(d: RunningDaemon) {
  const view = async () => (await (await fetch(`${d.url}/api/checkin`)).json()) as CheckinView;
  const act = async (body: object) => {
    const r = await fetch(`${d.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status).toBe(202);
  };
  /** A scan (or typed code) from the start screen; the screen it leads to. */
  async function scan(payload: string): Promise<CheckinView> {
    let v = await until('a start or error screen', async () => {
      const x = await view();
      return x.screen.startsWith('attract') || x.screen.startsWith('error') || x.screen.startsWith('identify') ? x : null;
    });
    if (!v.screen.startsWith('attract')) {
      await act({ type: v.screen.startsWith('error') ? 'ACKNOWLEDGE' : 'CANCEL' });
      await until('the start screen', async () => (await view()).screen.startsWith('attract'));
    }
    await act({ type: 'TOUCH' });
    await act({ type: 'SELECT_LANGUAGE', language: 'fr' });
    await until('the scan screen', async () => (await view()).screen.startsWith('identify.scan'));
    await act({ type: 'SCANNED', payload });
    v = await until('the verdict', async () => {
      const x = await view();
      return x.screen.startsWith('identify.scan') ? null : x;
    });
    return v;
  }
  return { scan, view, act };
}

async function supervisorCookie(d: RunningDaemon): Promise<string> {
  const r = await fetch(`${d.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: '3333' }) });
  expect(r.status).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

// The typed code is the first 40 bits of the id: the ids differ there.
const tokenId = (n: number) => Uint8Array.from([0x70 + n, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77]);
const hex = (n: number) => Buffer.from(tokenId(n)).toString('hex');
const now = () => new Date();
/** A token for a slot `inMin` minutes from now, accepted now (window 60 before, 30 after). */
const tokenAt = (n: number, inMin: number, appointmentId: string) =>
  issue({
    tokenId: tokenId(n),
    appointmentId,
    slotStart: new Date(now().getTime() + inMin * MIN),
    notBefore: new Date(now().getTime() + (inMin - 60) * MIN),
    expires: new Date(now().getTime() + (inMin + 30) * MIN),
  });
const today = () => businessDay(now(), TZ);

describe('the day feed from a folder', () => {
  it('applies a dropped feed live, refuses what it must, keeps feeds across a restart, and lists the day', async () => {
    const feeds = join(dir, 'feeds');
    mkdirSync(feeds);
    const data = join(dir, 'data');
    mkdirSync(data);
    const cfg = (d: string) => ({ appointments: { ...sampleAppointments(), feed: { folder: d, pollSeconds: 1 } } });
    let d = await startTestDaemon(data, cfg(feeds));
    try {
      const k = kiosk(d);
      const t1 = await tokenAt(1, 20, 'A-100');
      const t2 = await tokenAt(2, 40, 'A-200');
      // Before any feed, a typed code is unknown: the kiosk cannot know it.
      expect((await k.scan(codeFromTokenId(tokenId(1)))).visit.problem?.code).toBe('appointment-not-found');

      writeFileSync(
        join(feeds, '001.rdvfeed'),
        await signFeed({ consulate: 'FR-PAR', day: today(), sequence: 10, issuedAt: now().toISOString(), tokens: [t1, t2] }, signer(KID_A)),
      );
      await until('the feed applied', () => recentEvents(d.ctx.db, { kindPrefix: 'appointment.feed-applied' }).length === 1);
      const v = await k.scan(codeFromTokenId(tokenId(1)));
      expect(v.visit.appointment, v.screen).toMatchObject({ appointmentId: 'A-100' });
      await k.act({ type: 'CANCEL' });

      // Forged (an unknown key), garbled, and older than the one applied: each refused once, with why.
      writeFileSync(
        join(feeds, '002.rdvfeed'),
        await signFeed({ consulate: 'FR-PAR', day: today(), sequence: 11, issuedAt: now().toISOString(), tokens: [], revoked: [hex(2)] }, stranger()),
      );
      writeFileSync(join(feeds, '003.rdvfeed'), 'RDVFEED1:not-really');
      writeFileSync(
        join(feeds, '004.rdvfeed'),
        await signFeed({ consulate: 'FR-PAR', day: today(), sequence: 9, issuedAt: now().toISOString(), tokens: [], revoked: [hex(1)] }, signer(KID_A)),
      );
      await until('three files judged', () => recentEvents(d.ctx.db, { kindPrefix: 'appointment.feed-' }).length === 4);
      const judged = recentEvents(d.ctx.db, { kindPrefix: 'appointment.feed-' }).map((e) => [
        e.kind,
        (e.payload as { source: string; reason?: string }).reason,
      ]);
      expect(judged.slice(0, 3).sort()).toEqual([
        ['appointment.feed-ignored', 'older'],
        ['appointment.feed-refused', 'malformed'],
        ['appointment.feed-refused', 'unknown-key'],
      ]);
      // The forged revocation did nothing: the second appointment still checks in by its QR.
      expect((await k.scan(t2)).visit.appointment).toMatchObject({ appointmentId: 'A-200' });
      await k.act({ type: 'CANCEL' });

      // A real later feed cancels the second appointment; its QR is refused as cancelled at once.
      const t3 = await tokenAt(3, 50, 'A-300');
      writeFileSync(
        join(feeds, '005.rdvfeed'),
        await signFeed(
          { consulate: 'FR-PAR', day: today(), sequence: 12, issuedAt: now().toISOString(), tokens: [t1, t2, t3], revoked: [hex(2)] },
          signer(KID_A),
        ),
      );
      await until('the second feed applied', () => recentEvents(d.ctx.db, { kindPrefix: 'appointment.feed-applied' }).length === 2);
      expect((await k.scan(t2)).visit.problem?.code).toBe('appointment-revoked');

      // Check one in (typed code), then the supervisor's list of the day.
      await k.act({ type: 'ACKNOWLEDGE' });
      const v3 = await k.scan(codeFromTokenId(tokenId(3)));
      expect(v3.visit.appointment).toMatchObject({ appointmentId: 'A-300' });
      // Checked in: the scan claimed the token (a cancel before paying would release it).
      const cookie = await supervisorCookie(d);
      const list = await fetch(`${d.url}/api/appointments/day`, { headers: { cookie } });
      expect(list.status).toBe(200);
      const body = (await list.json()) as DayAppointments;
      expect(body.feed.today).toMatchObject({ sequence: 12, tokens: 3, source: 'folder:005.rdvfeed' });
      expect(body.feed.lastRefused).toMatchObject({ reason: expect.stringMatching(/malformed|unknown-key/) });
      expect(body.appointments.map((a) => [a.appointmentId, a.status])).toEqual([
        ['A-100', 'expected'],
        ['A-200', 'cancelled'],
        ['A-300', 'arrived'],
      ]);
      expect((await fetch(`${d.url}/api/appointments/day`)).status).toBe(401);
    } finally {
      await d.close();
    }

    // Restarted with no feed source at all: the feeds kept in the journal still resolve codes and cancel.
    d = await startTestDaemon(data, { appointments: sampleAppointments() });
    try {
      const k = kiosk(d);
      expect((await k.scan(codeFromTokenId(tokenId(1)))).visit.appointment).toMatchObject({ appointmentId: 'A-100' });
      await k.act({ type: 'CANCEL' });
      expect((await k.scan(await tokenAt(2, 40, 'A-200'))).visit.problem?.code).toBe('appointment-revoked');
      // The feed in force is told as it was received, not as "read from the journal".
      const day = await (await fetch(`${d.url}/api/appointments/day`, { headers: { cookie: await supervisorCookie(d) } })).json();
      expect((day as DayAppointments).feed.today).toMatchObject({ sequence: 12, tokens: 3, source: 'folder:005.rdvfeed' });
    } finally {
      await d.close();
    }
  }, 120_000);
});

describe('the day feed from an HTTPS address', () => {
  let server: Server;
  let served = '';
  const requests: Array<string | undefined> = [];
  beforeAll(async () => {
    const ca = await makeCa({ name: 'booking test CA', now: now() });
    const cert = await makeServerCert({ ca, hosts: ['127.0.0.1'], now: now(), commonName: 'rdv' });
    writeFileSync(join(dir, 'booking-ca.pem'), ca.certPem);
    server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      requests.push(req.headers['if-none-match']);
      const etag = `"${served.length}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'text/plain', etag }).end(served);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('polls with If-None-Match, applies a new feed, and trusts only the CA it was given', async () => {
    const port = (server.address() as { port: number }).port;
    const t = await tokenAt(7, 15, 'B-700');
    served = await signFeed({ consulate: 'FR-PAR', day: today(), sequence: 3, issuedAt: now().toISOString(), tokens: [t] }, signer(KID_A));
    const url = `https://127.0.0.1:${port}/feeds/FR-PAR`;
    const data = join(dir, 'data-https');
    mkdirSync(data);
    const d = await startTestDaemon(data, { appointments: { ...sampleAppointments(), feed: { url, caFile: join(dir, 'booking-ca.pem'), pollSeconds: 1 } } });
    try {
      await until('the feed applied', () => recentEvents(d.ctx.db, { kindPrefix: 'appointment.feed-applied' }).length === 1);
      expect((await kiosk(d).scan(codeFromTokenId(tokenId(7)))).visit.appointment).toMatchObject({ appointmentId: 'B-700' });
      // Unchanged since: the next polls are answered 304.
      const at = requests.length;
      await until('a conditional poll', () => requests.slice(at).some((h) => h !== undefined));
    } finally {
      await d.close();
    }
    // Without the booking system's CA the certificate is not trusted: nothing applied, the daemon runs on.
    const data2 = join(dir, 'data-https-2');
    mkdirSync(data2);
    const d2 = await startTestDaemon(data2, { appointments: { ...sampleAppointments(), feed: { url, pollSeconds: 1 } } });
    try {
      const before = requests.length;
      const cookie = await supervisorCookie(d2);
      const status = await (await fetch(`${d2.url}/api/appointments/feed/poll`, { method: 'POST', headers: { cookie } })).json();
      expect(status).toMatchObject({ today: null, sources: [url] });
      expect(recentEvents(d2.ctx.db, { kindPrefix: 'appointment.feed-applied' })).toHaveLength(0);
      // The TLS handshake failed before any request reached the server.
      expect(requests.length).toBe(before);
    } finally {
      await d2.close();
    }
  }, 90_000);
});

/** A signer whose key no kiosk trusts: a forger's. */
function stranger() {
  const k = privateKeyFrom(generateSigningKey().privateKeyPem);
  if (!k.ok) throw new Error(k.reason);
  return createNodeSigner(k.key);
}

/** The sample config's appointments section (the test keys, demo mode): each test adds its feed source. */
const sampleAppointments = () => sampleConfig().appointments;
