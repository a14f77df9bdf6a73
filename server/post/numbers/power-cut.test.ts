// The hub answers a number once its group is committed, before the group's fdatasync returns (./group-commit.ts).
// A power cut of the hub PC then loses the last groups: its journal comes back as it was before them. Here the hub's
// disk is held by the test (no sync of the last groups ever returns), its journal is taken back to a copy made before
// them (what a power cut keeps: a prefix of the commits), and the hub starts again on it, with its kiosks. Their
// reports (./recover.ts) must bring back every number they were told (its route and priority request too), the same
// request key must get the same ticket, and no number may be given twice afterwards. A real Fastify hub on 127.0.0.1,
// real SQLite files, kiosk issuers talking to it through createHubLink.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../../store/db';
import { ticketForRequest } from '../../../store/post-numbers';
import { addEnrolmentCode, redeemEnrolmentCode, touchKiosk } from '../../../store/post-kiosks';
import { ticketRoute, type TicketRow } from '../../../store/queue';
import { QueueConfig } from '../../queue/config';
import { QueueService } from '../../queue/service';
import { createHubLink } from '../link';
import type { KioskAuth } from '../kiosk-auth';
import { postNumberRoutes } from './hub-routes';
import { createNumberRecovery } from './recover';
import { createHubIssuer, type HubIssuer } from './issuer';
import type { NumberingRule } from '../../../domain/queue/numbering';
import type { JournalSync } from '../../../store/journal-sync';
import { tempDir } from '../../../test/support/tmp';

const SERVICES = [
  { code: 'visa', prefix: 'A', name: { fr: 'Visa' } },
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
];
const consulate = { code: 'FR-PAR', timeZone: 'Europe/Paris' };
const numbering: NumberingRule = { start: 1, end: 999, wrap: false, digits: 3 };
const auth: KioskAuth = (req) => {
  const m = /^Bearer secret-(K\d)$/.exec(req.headers.authorization ?? '');
  return m ? { ok: true, kioskId: m[1]! } : { ok: false, status: 401, reason: 'unknown', detail: 'unknown credential' };
};

let dir: string;
let cleanup: () => void;
let hubFile: string;
let hubDb: Db;
let app: FastifyInstance | null = null;
let port = 0;
const kiosks: Array<{ issuer: HubIssuer; db: Db }> = [];

/** The hub PC loses its power: it comes back on the copy of its journal taken before the lost groups (hub-before.sqlite). */
async function powerCut(): Promise<void> {
  await app!.close();
  app = null;
  hubDb.close();
  for (const f of [hubFile, `${hubFile}-wal`, `${hubFile}-shm`]) rmSync(f, { force: true });
  copyFileSync(join(dir, 'hub-before.sqlite'), hubFile);
  hubDb = openJournal(hubFile);
}

/** The hub as the daemon builds it: its number routes behind the recovery's hold, on `hubDb`. */
async function hubUp(syncJournal?: JournalSync, hold: { holdMs?: number; now?: () => Date } = {}): Promise<void> {
  const config = QueueConfig.parse({ counters: [{ id: '1', services: ['visa', 'passport'] }], numbering });
  const queue = new QueueService({ db: hubDb, consulate, services: SERVICES, kioskId: 'HUB', config });
  const recovery = createNumberRecovery({ db: hubDb, auth, consulate, numbering, prefixes: ['A', 'C'], ...hold });
  app = Fastify();
  await app.register(
    postNumberRoutes({
      db: hubDb,
      queue,
      auth,
      consulate,
      services: SERVICES,
      numbering,
      blockSize: 5,
      hold: (k) => recovery.hold(k),
      ...(syncJournal ? { syncJournal } : {}),
    }),
    { prefix: '/api' },
  );
  await app.register(recovery.plugin, { prefix: '/api' });
  await app.listen({ host: '127.0.0.1', port });
  port = (app.server.address() as { port: number }).port;
}

function kiosk(id: string): { issuer: HubIssuer; db: Db } {
  const db = openJournal(join(dir, `${id}.sqlite`));
  const link = createHubLink({ url: `http://127.0.0.1:${port}`, kioskId: id, credential: `secret-${id}` });
  const issuer = createHubIssuer({ db, link, answerWithinMs: 5000, consulate, services: SERVICES, numbering, kioskId: id });
  const k = { issuer, db };
  kiosks.push(k);
  return k;
}

const walkIn = { service: 'visa', kind: 'walk-in' as const, persons: 1, lang: 'fr' };
type Extra = { route?: string[]; priorityRequest?: 'pregnant' };
async function online(k: { issuer: HubIssuer }, key: string, extra: Extra = {}) {
  const r = await k.issuer.issue({ ...walkIn, ...extra }, key);
  if (!r.ok || r.offline) throw new Error(`not an online ticket: ${JSON.stringify(r)}`);
  return r.ticket;
}
/** Kiosk `id` enrolled at the hub and seen today (as the hub's request guard records it): one the recovery waits for. */
function enrolled(id: string): void {
  const at = new Date();
  addEnrolmentCode(hubDb, { kioskId: id, secretHash: `code-${id}`, expiresAt: new Date(at.getTime() + 3600_000), at });
  expect(redeemEnrolmentCode(hubDb, { secretHash: `code-${id}`, credentialHash: `cred-${id}`, at }).ok).toBe(true);
  touchKiosk(hubDb, id, at);
}
const hubTickets = (): TicketRow[] => hubDb.prepare('SELECT * FROM queue_tickets ORDER BY seq').all() as TicketRow[];

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('post-power-cut-'));
  hubFile = join(dir, 'hub.sqlite');
  hubDb = openJournal(hubFile);
  port = 0;
});
afterEach(async () => {
  for (const k of kiosks.splice(0)) {
    await k.issuer.stop();
    k.db.close();
  }
  await app?.close();
  app = null;
  if (hubDb.open) hubDb.close();
  cleanup();
});

it('a power cut of the hub loses the groups answered before their sync; the kiosks bring every number back, none is given twice', async () => {
  // The hub's disk: the syncs of the groups after the copy never return (the power went before they did).
  let holdSyncs = false;
  const heldSyncs: Array<() => void> = [];
  enrolled('K1');
  enrolled('K2');
  await hubUp(() => (holdSyncs ? new Promise<void>((r) => heldSyncs.push(r)) : Promise.resolve()));
  const [k1, k2] = [kiosk('K1'), kiosk('K2')];
  // A hub asks its kiosks what they hold at every start, this first one too.
  await k1.issuer.sync();
  await k2.issuer.sync();
  const kept = [await online(k1, 'k1-a'), await online(k2, 'k2-a')];
  expect(kept.map((t) => t.label)).toEqual(['A-001', 'A-002']);

  // What the power cut keeps: the journal as it was here (a consistent copy: a prefix of the commits).
  await hubDb.backup(join(dir, 'hub-before.sqlite'));
  holdSyncs = true;
  const lost = [await online(k1, 'k1-b'), await online(k2, 'k2-b', { route: ['visa', 'passport'] }), await online(k1, 'k1-c', { priorityRequest: 'pregnant' })];
  // Told to the kiosks (and so printed) while none of their syncs returned.
  expect(lost.map((t) => t.label)).toEqual(['A-003', 'A-004', 'A-005']);
  expect(heldSyncs.length).toBeGreaterThan(0);

  // The power cut: the hub comes back on the journal as it was before those groups.
  await powerCut();
  expect(hubTickets().map((t) => t.label)).toEqual(['A-001', 'A-002']);
  await hubUp();

  // Each kiosk reports what it holds when the hub first asks it (here its background round's block request); the hub
  // gives no number online until every kiosk it knew active today has reported.
  await k2.issuer.sync();
  await k1.issuer.sync();
  const after = [await online(k2, 'k2-d'), await online(k1, 'k1-d')];
  const all = [...kept, ...lost, ...after];
  // Every number the kiosks were told is at the hub again, under its own id; the new ones come after, none twice.
  expect(after.map((t) => t.label)).toEqual(['A-006', 'A-007']);
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  expect(
    hubTickets()
      .sort(byLabel)
      .map((t) => [t.id, t.label]),
  ).toEqual(all.sort(byLabel).map((t) => [t.id, t.label]));
  expect(new Set(all.map((t) => t.label)).size).toBe(all.length);
  // As asked: the route of the visit of two services, the priority request for staff to confirm.
  expect(ticketRoute(hubDb, lost[1]!.id)).toEqual(['visa', 'passport']);
  expect(hubTickets().find((t) => t.id === lost[2]!.id)).toMatchObject({ priority: null, priority_request: 'pregnant' });
  // The visit's request key is known again: asked again, the same ticket, not a second one.
  expect(ticketForRequest(hubDb, 'K1', 'k1-b')?.id).toBe(lost[0]!.id);
  expect((await online(k1, 'k1-b')).id).toBe(lost[0]!.id);
  expect(hubTickets()).toHaveLength(all.length);
});

it('a kiosk holding a lost number that does not report within the hold: the counts move past every number that may be lost', async () => {
  let holdSyncs = false;
  await hubUp(() => (holdSyncs ? new Promise<void>(() => {}) : Promise.resolve()));
  enrolled('K1');
  enrolled('K2');
  const [k1, k2] = [kiosk('K1'), kiosk('K2')];
  await k1.issuer.sync();
  await k2.issuer.sync();
  expect((await online(k1, 'k1-a')).label).toBe('A-001');
  await hubDb.backup(join(dir, 'hub-before.sqlite'));
  holdSyncs = true;
  // Told to K2 and lost with the power: K2 (a PC that boots slowly) will not report within the hold.
  const lost = await online(k2, 'k2-a');
  expect(lost.label).toBe('A-002');

  await powerCut();
  let clock = new Date();
  await hubUp(undefined, { holdMs: 10_000, now: () => clock });
  await k1.issuer.sync();
  // While the hold lasts K1 gets no online number (it prints from its block).
  const during = await k1.issuer.issue({ ...walkIn }, 'k1-b');
  expect(during.ok && during.offline?.detail).toMatch(/waits for kiosk K2/);
  clock = new Date(clock.getTime() + 10_001);
  // The hold is over without K2: the next number is past every one the power cut may have taken (MAX_UNSYNCED).
  const after = await online(k1, 'k1-c');
  expect(after.number).toBeGreaterThan(lost.number + 63);
  const skipped = hubDb.prepare("SELECT payload FROM events WHERE kind = 'post.numbers-skipped'").all() as Array<{ payload: string }>;
  expect(skipped.map((r) => JSON.parse(r.payload) as { waitedFor: string[] })).toMatchObject([{ waitedFor: ['K2'], skipped: 64 }]);
  // K2 back (its next request reports first): its number is taken back as its own, given to nobody else.
  expect((await online(k2, 'k2-b')).number).toBe(after.number + 1);
  const labels = hubTickets().map((t) => t.label);
  expect(labels).toContain(lost.label);
  expect(new Set(labels).size).toBe(labels.length);
  expect(hubTickets().find((t) => t.label === lost.label)?.id).toBe(lost.id);
});
