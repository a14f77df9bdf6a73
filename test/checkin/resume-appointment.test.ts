// An appointment visit interrupted after the terminal charged (the daemon killed before it learnt the
// answer), then the daemon started again on the same journal and the same terminal: the resumed visit
// must get an appointment ticket for its booked slot, keep its appointment id, and complete exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runKiosk, type KioskProcess } from '../support/daemon';
import { readChargeLog, startLane, type Lane } from '../chaos/lane';
import { appointmentQr } from './tokens';
import type { CheckinView } from '../../shared/checkin-api';
import type { ZvtSimulator } from '../../drivers/terminal/sim/zvt-sim';

const PARIS_CONFIG = JSON.parse(readFileSync(new URL('../../fixtures/config/paris.json', import.meta.url), 'utf8')) as Record<string, unknown> & {
  consulate: { timeZone: string };
  checkin?: Record<string, unknown>;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function view(url: string): Promise<CheckinView> {
  return (await (await fetch(`${url}/api/checkin`)).json()) as CheckinView;
}
async function act(url: string, body: object): Promise<void> {
  const r = await fetch(`${url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 202) throw new Error(`${JSON.stringify(body)} refused: ${r.status} ${await r.text()}`);
}
async function until<T>(what: string, ms: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}
function query<T>(file: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('an appointment visit resumed after a crash', () => {
  let lane: Lane;
  beforeAll(async () => {
    lane = await startLane('zvt', { thinkMs: 50, prefix: 'checkin-resume-appt-', timeZone: PARIS_CONFIG.consulate.timeZone });
  });
  afterAll(async () => {
    await lane?.close();
  });

  // busy 0: the restarted kiosk's start-up reconciliation may get the approval at once (or, when the terminal is
  // still winding down the interrupted exchange, on a later ask); busy 2: the kiosk is locked for staff first
  // and unlocks itself when a later ask gets the approval.
  it.each([0, 2])(
    'issues an appointment ticket with the visit’s appointment id and completes once (terminal busy for %i enquiries)',
    async (busy) => {
      const sim = lane.sim as ZvtSimulator;
      // The terminal charges and its answer never reaches the kiosk: the daemon dies with the payment `sent`.
      sim.setScenario('answer-lost');
      if (busy) sim.busyAfterCharge(busy);
      const before = readChargeLog(lane.logFile).length;
      const charges = () =>
        readChargeLog(lane.logFile)
          .slice(before)
          .filter((e) => e.kind === 'charge');
      const dir = join(lane.dir, `kiosk-${busy}`);
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir, { recursive: true });
      const journal = join(dataDir, 'journal.sqlite');
      const cfgFile = join(dir, 'kiosk.json');
      writeFileSync(
        cfgFile,
        JSON.stringify({
          ...PARIS_CONFIG,
          dataDir,
          log: { level: 'warn' },
          devices: { ...(PARIS_CONFIG.devices as object), terminal: { protocol: 'zvt', port: lane.kioskPort, timers: { completionMs: 60_000 } } },
          checkin: { ...PARIS_CONFIG.checkin, timeouts: { DONE_TIMEOUT: 1000 } },
        }),
      );
      const start = async (): Promise<{ k: KioskProcess; url: string }> => {
        const k = runKiosk(['start', '--config', cfgFile, '--port', '0']);
        return { k, url: await k.ready };
      };

      const appointmentId = `RESUME-APPT-${busy}`;
      const slot = new Date(Date.now() + 10 * 60_000);
      slot.setUTCSeconds(0, 0);
      const qr = await appointmentQr({
        appointmentId,
        slotStart: slot,
        notBefore: new Date(slot.getTime() - 3_600_000),
        expires: new Date(slot.getTime() + 1_800_000),
      });

      let { k, url } = await start();
      try {
        await act(url, { type: 'TOUCH' });
        await act(url, { type: 'SELECT_LANGUAGE', language: 'fr' });
        await act(url, { type: 'SCANNED', payload: qr });
        // A generous bound: on a loaded CI machine the fresh daemon registers with the terminal (ZVT 06 00) and
        // answers its status check several seconds late (a 15 s bound failed there once).
        const summary = await until('summary screen', 45_000, async () => {
          const v = await view(url);
          // Pay is offered once the terminal answered its last status check (issue 17 part 4).
          return v.screen.startsWith('summary') && v.terminal.ready === true ? v : undefined;
        });
        expect(summary.visit.appointment?.appointmentId).toBe(appointmentId);
        await act(url, { type: 'CONFIRM' });
        await until('the terminal charged', 20_000, () => (charges().length ? true : undefined));
        await until('payment journaled as sent', 10_000, () =>
          query<{ state: string }>(journal, 'SELECT state FROM payments').some((p) => p.state === 'sent') ? true : undefined,
        );
        k.child.kill('SIGKILL');
        await k.exited;
        sim.setScenario('approve');

        ({ k, url } = await start());
        // The restarted kiosk learns the approval from the terminal and prints the visit's ticket.
        const issued = await until('ticket issued after the restart', 60_000, () => {
          const rows = query<{ subject: string; payload: string }>(journal, "SELECT subject, payload FROM events WHERE kind = 'checkin.ticket-issued'");
          return rows.length ? rows : undefined;
        });
        expect(issued).toHaveLength(1);
        const resumed = await until('the resumed visit on screen', 20_000, async () => {
          const v = await view(url);
          return v.visit.ticket ? v : undefined;
        });
        expect(resumed.visit.source).toBe('appointment');
        expect(resumed.visit.appointment?.appointmentId).toBe(appointmentId);

        const tickets = query<{ id: string; kind: string; slot: string | null }>(journal, 'SELECT id, kind, slot FROM queue_tickets');
        expect(tickets).toEqual([{ id: issued[0]!.subject, kind: 'appointment', slot: slot.toISOString() }]);

        // Back on the attract screen, the visit's end is journaled once.
        await until('back to attract', 30_000, async () => ((await view(url)).screen.startsWith('attract') ? true : undefined));
        const reference = (JSON.parse(issued[0]!.payload) as { etimbreReference: string }).etimbreReference;
        const completed = query<{ subject: string }>(journal, "SELECT subject FROM events WHERE kind = 'checkin.completed'");
        expect(completed).toEqual([{ subject: reference }]);
        expect(charges()).toHaveLength(1);
      } finally {
        k.child.kill('SIGTERM');
        await k.exited;
      }
    },
    180_000,
  );
});
