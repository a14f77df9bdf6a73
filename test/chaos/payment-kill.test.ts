// Chaos: `kiosk pay --db` runs in a child process against the real Concert / ZVT simulators over socat ptys
// and is SIGKILLed at random points (named checkpoints via KIOSK_CHAOS_KILL_AT, or a random delay). After
// each run the kiosk "restarts" (reconciliation against the same terminal) and the journal is compared with
// the simulator's charge log:
//   - no payment is charged twice (each run has its own amount; at most one standing charge per amount);
//   - every standing charge is journaled as approved or awaiting staff (unknown), never as not charged;
//     ZVT: always approved, by the restarted kiosk asking the terminal until it answers (no staff needed);
//   - nothing is journaled as approved that the terminal did not charge;
//   - the kiosk ends ready or locked for staff, and staff settling from the charge log makes it ready.
// KIOSK_CHAOS_RUNS=N sets the number of runs (default 50, split over both protocols); KIOSK_CHAOS_SEED
// replays a failing sequence. ZVT runs once more over TCP/IP (the simulator on a TCP port, the kiosk's port
// tcp://127.0.0.1:P), KIOSK_CHAOS_TCP_RUNS times (default 15: the same invariants, fewer runs for CI time).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal, type Db } from '../../store/db';
import { listPayments, type Payment } from '../../store/payments';
import { openTerminal } from '../../drivers/terminal/open';
import { PaymentReconciler } from '../../server/payments/reconcile';
import { CHECKPOINTS } from '../../server/payments/service';
import { minorToText } from '../../shared/money';
import { netCharges, readChargeLog, startLane, type Lane } from './lane';
import type { ZvtSimulator } from '../../drivers/terminal/sim/zvt-sim';
import { seededRandom as rng } from '../support/random';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'test/chaos/kiosk-cli.ts');
const RUNS = Number(process.env.KIOSK_CHAOS_RUNS ?? 50);
const SEED = Number(process.env.KIOSK_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TCP_RUNS = Number(process.env.KIOSK_CHAOS_TCP_RUNS ?? 15);
const PROTOCOLS = ['concert', 'zvt'] as const;
/** Lanes: each protocol over its serial line (pty), and ZVT over TCP/IP. */
const LANES = [
  { name: 'concert', protocol: 'concert', transport: 'pty', runs: Math.ceil(RUNS / PROTOCOLS.length) },
  { name: 'zvt', protocol: 'zvt', transport: 'pty', runs: Math.ceil(RUNS / PROTOCOLS.length) - (RUNS % 2 === 1 ? 1 : 0) },
  { name: 'zvt over tcp', protocol: 'zvt', transport: 'tcp', runs: TCP_RUNS },
] as const;
/** Time for the simulated terminal to finish with a dead kiosk (think time + its short link timers). */
const SETTLE_MS = 300;
/**
 * The simulator answers in ~30 ms, so the field's 120 s / 180 s waits for the terminal's answer are cut to
 * 8 s: a terminal left confused by a dead kiosk then ends in `unknown` (safe) instead of stalling the run.
 */
const CHILD_TIMERS = { concert: ['answerMs=8000'], zvt: ['completionMs=8000'] } as const;

/**
 * Each restart step is bounded, so a hang names its step, run and seed instead of running into the test's
 * timeout. Reconciliation asks the terminal about one payment (status enquiry, perhaps a registration, repeat
 * receipt), each bounded by the driver's enquiry wait (10 s, 8 s here); stop waits for a question in flight.
 */
const STEP_MS = { reconcile: 45_000, stop: 35_000, close: 10_000 } as const;

function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** CHILD_TIMERS as a driver's timers record, for the restarted kiosk of the parent. */
function restartTimers(protocol: (typeof PROTOCOLS)[number]): Record<string, number> {
  return Object.fromEntries(CHILD_TIMERS[protocol].map((t) => t.split('=')).map(([k, v]) => [k!, Number(v)]));
}

type Plan = { kind: 'checkpoint'; at: (typeof CHECKPOINTS)[number] } | { kind: 'delay'; ms: number } | { kind: 'none' };

/**
 * `fullMs` is how long a whole `kiosk pay` takes here (measured on the runs that were not killed): random
 * kills are spread over its last third (and a little past it), where start-up is done and the payment is on
 * the wire.
 */
function plan(i: number, rand: () => number, fullMs: number): Plan {
  // The first runs visit every checkpoint once, so each protocol sees each crash point whatever the seed.
  if (i < CHECKPOINTS.length) return { kind: 'checkpoint', at: CHECKPOINTS[i]! };
  const r = rand();
  if (r < 0.45) return { kind: 'checkpoint', at: CHECKPOINTS[Math.floor(rand() * CHECKPOINTS.length)]! };
  if (r < 0.9) return { kind: 'delay', ms: Math.floor(fullMs * (0.7 + 0.35 * rand())) };
  return { kind: 'none' };
}

interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Every fifth ZVT run the terminal charges, its answer is lost, and it stays busy for a few status
 * enquiries afterwards (a terminal still printing when the kiosk restarts): recovery must ask again.
 */
const busyRun = (lane: Lane, i: number) => lane.protocol === 'zvt' && i % 5 === 3;

function runChild(lane: Lane, db: string, amountMinor: number, i: number, p: Plan): Promise<ChildEnd> {
  // A lost answer is waited for until the completion timer: short here, the terminal is known to go quiet.
  const timers = busyRun(lane, i) ? ['completionMs=2000'] : CHILD_TIMERS[lane.protocol];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        'pay',
        '--protocol',
        lane.protocol,
        '--port',
        lane.kioskPort,
        '--amount',
        minorToText(amountMinor, 'EUR'),
        '--currency',
        'EUR',
        '--db',
        db,
        '--reference',
        `chaos-${i}`,
        ...timers.flatMap((t) => ['--timer', t]),
      ],
      { cwd: ROOT, env: { ...process.env, KIOSK_CHAOS_KILL_AT: p.kind === 'checkpoint' ? p.at : '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const killer = p.kind === 'delay' ? setTimeout(() => child.kill('SIGKILL'), p.ms) : undefined;
    // A child that hangs is a failure of its own, not something to wait for forever.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`run ${i} ${JSON.stringify(p)} seed ${SEED}: kiosk pay did not finish within 30 s\n${stdout}\n${stderr}`));
    }, 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The invariants, over every run so far. Returns human-readable violations. */
function violations(db: Db, lane: Lane, phase: string): string[] {
  const out: string[] = [];
  const entries = readChargeLog(lane.logFile);
  const charges = netCharges(entries);
  const payments = listPayments(db, { limit: 100_000 });
  const byAmount = new Map<number, Payment[]>();
  for (const p of payments) byAmount.set(p.amountMinor, [...(byAmount.get(p.amountMinor) ?? []), p]);
  for (const [amount, list] of byAmount) if (list.length > 1) out.push(`${phase}: ${list.length} payments journaled for amount ${amount}`);
  // Every request the terminal accepts is charged (scenario "approve"): a second charge of an amount is a re-send.
  const charged = new Map<number, number>();
  for (const e of entries) if (e.kind === 'charge') charged.set(e.amountMinor, (charged.get(e.amountMinor) ?? 0) + 1);
  for (const [amount, n] of charged) if (n > 1) out.push(`${phase}: amount ${amount} was charged ${n} times by the terminal`);
  for (const [amount, list] of charges) {
    const p = byAmount.get(amount)?.[0];
    if (!p) {
      out.push(`${phase}: charge of ${amount} (seq ${list[0]!.seq}) has no journaled payment`);
      continue;
    }
    if (!['approved', 'settled_approved', 'unknown'].includes(p.state)) out.push(`${phase}: charge of ${amount} is journaled as ${p.state} (payment ${p.id})`);
    if (lane.protocol === 'zvt' && p.state !== 'approved')
      out.push(`${phase}: ZVT charge of ${amount} was not recovered from the terminal: payment ${p.id} is ${p.state} (${p.reason})`);
    if (lane.protocol === 'concert' && list[0]!.reference !== undefined && list[0]!.reference !== p.shortRef)
      out.push(`${phase}: charge of ${amount} carries reference ${list[0]!.reference}, payment ${p.id} has short reference ${p.shortRef}`);
    if (lane.protocol === 'zvt' && p.state === 'approved' && p.receiptNo !== list[0]!.receiptNumber)
      out.push(`${phase}: payment ${p.id} has receipt ${p.receiptNo}, the terminal charged receipt ${list[0]!.receiptNumber}`);
  }
  for (const p of payments) {
    if (['intent', 'sent'].includes(p.state)) out.push(`${phase}: payment ${p.id} still ${p.state} after reconciliation`);
    if (['approved', 'settled_approved'].includes(p.state) && !charges.has(p.amountMinor))
      out.push(`${phase}: payment ${p.id} is ${p.state} but the terminal holds no charge of ${p.amountMinor}`);
  }
  return out;
}

const lanes = new Map<string, Lane>();
beforeAll(async () => {
  for (const l of LANES) lanes.set(l.name, await startLane(l.protocol, { transport: l.transport }));
});
afterAll(async () => {
  for (const l of lanes.values()) await l.close();
});

describe('payment survives SIGKILL at any point', () => {
  it.concurrent.for(LANES.map((l) => [l.name, l.runs] as const))(
    '%s: %d kills, restarts and reconciliations',
    { timeout: 60_000 + (RUNS + TCP_RUNS) * 2_000 },
    async ([name, runs], { expect: exp }) => {
      const lane = lanes.get(name)!;
      const protocol = lane.protocol;
      const dbFile = join(lane.dir, 'journal.sqlite');
      const rand = rng(SEED + LANES.findIndex((l) => l.name === name));
      const tally: Record<string, number> = {};
      const count = (k: string) => {
        tally[k] = (tally[k] ?? 0) + 1;
      };
      let fullMs = 1000;
      for (let i = 0; i < runs; i++) {
        const amountMinor = 101 + i;
        const p = plan(i, rand, fullMs);
        const started = Date.now();
        const sim = lane.sim as ZvtSimulator;
        if (busyRun(lane, i)) {
          sim.setScenario('answer-lost');
          sim.busyAfterCharge(3);
        }
        const end = await runChild(lane, dbFile, amountMinor, i, p).finally(() => {
          if (busyRun(lane, i)) {
            sim.setScenario('approve');
            sim.busyAfterCharge(0);
          }
        });
        const killed = end.signal === 'SIGKILL';
        if (!busyRun(lane, i) && (!killed || (p.kind === 'checkpoint' && p.at === 'after-outcome')))
          fullMs = Math.round(0.7 * fullMs + 0.3 * (Date.now() - started));
        if (!killed) {
          exp(end.stderr, `run ${i} (seed ${SEED}) wrote to stderr`).toBe('');
          const line = JSON.parse(end.stdout.trim()) as { ok: boolean; outcome: string; code?: string };
          exp(end.code, `run ${i}: exit code follows the outcome`).toBe(line.ok ? 0 : 1);
          count(`exit:${line.outcome}${line.code ? ':' + line.code : ''}`);
        } else {
          count(`killed:${p.kind === 'checkpoint' ? p.at : 'random'}`);
        }
        // Restart: the terminal finishes whatever it was doing with the dead kiosk, then the kiosk reconciles.
        if (killed) await new Promise((r) => setTimeout(r, SETTLE_MS));
        const db = openJournal(dbFile);
        try {
          // The daemon's reconciler: a ZVT terminal that does not answer is asked again (short back-off here).
          // The restarted kiosk's timers are the child's (its enquiries wait min(completion, 10 s)): a question the
          // simulator dropped (it gave up on a late link ACK, the machine being loaded) costs seconds, not minutes.
          const terminal = openTerminal({ protocol, port: lane.kioskPort, timers: restartTimers(protocol) });
          const restarted = Date.now();
          const reconciler = new PaymentReconciler({ db, terminalId: 'terminal', protocol, retry: { backoffMs: (n) => Math.min(1000, 50 * 2 ** n) } });
          const step = <T>(name: string, ms: number, work: Promise<T>) => bounded(work, ms, `run ${i} ${JSON.stringify(p)} seed ${SEED}: restart step ${name}`);
          let report: Awaited<ReturnType<PaymentReconciler['reconcile']>>;
          try {
            report = await step('reconciler.reconcile(terminal)', STEP_MS.reconcile, reconciler.reconcile(terminal));
            for (const until = Date.now() + 30_000; Date.now() < until;) {
              const lock = reconciler.lockState();
              if (lock.state !== 'locked-for-staff' || !lock.terminalWorking) break;
              await new Promise((r) => setTimeout(r, 50));
            }
          } finally {
            await step('reconciler.stop()', STEP_MS.stop, reconciler.stop());
            await step('terminal.close()', STEP_MS.close, terminal.close());
          }
          exp(reconciler.lockState(), `run ${i} (seed ${SEED}): the terminal never answered`).not.toHaveProperty('terminalWorking');
          exp(['ready', 'locked-for-staff'], `run ${i} (seed ${SEED})`).toContain(report.lock.state);
          exp(violations(db, lane, `run ${i} ${JSON.stringify(p)} seed ${SEED}`)).toEqual([]);
          const mine = listPayments(db, { limit: 100_000 }).find((x) => x.amountMinor === amountMinor);
          count(`state:${mine?.state ?? 'none'}`);
          if (process.env.KIOSK_CHAOS_TRACE)
            console.log(
              protocol,
              i,
              JSON.stringify(p),
              `${Date.now() - started} ms (restart ${Date.now() - restarted} ms)`,
              end.signal ?? end.stdout.trim().slice(0, 120),
              mine?.state,
              mine?.reason,
              JSON.stringify(report.actions.map((a) => a.detail)),
            );
          // Staff settle from the terminal's own journal (here: the simulator's charge log).
          const standing = netCharges(readChargeLog(lane.logFile));
          for (const u of reconciler.pending()) {
            exp(u.state).toBe('unknown');
            const charge = standing.get(u.amountMinor)?.[0];
            const r = charge
              ? reconciler.settle(u.id, { outcome: 'approved', authCode: charge.authCode ?? `SIM${charge.seq}` }, 'chaos-staff', `charge log seq ${charge.seq}`)
              : reconciler.settle(u.id, { outcome: 'not-charged' }, 'chaos-staff', 'no standing charge in the terminal log');
            exp(r.ok).toBe(true);
          }
          exp(reconciler.lockState()).toEqual({ state: 'ready' });
          exp(violations(db, lane, `run ${i} after settling, seed ${SEED}`)).toEqual([]);
        } finally {
          db.close();
        }
      }
      // The sequence really did crash at every point and reach both "approved" and "awaiting staff".
      for (const cp of CHECKPOINTS) exp(tally[`killed:${cp}`] ?? 0, `${name} never killed at ${cp}`).toBeGreaterThan(0);
      exp(tally['state:approved'] ?? 0).toBeGreaterThan(0);
      exp((tally['state:unknown'] ?? 0) + (tally['state:approved'] ?? 0)).toBeGreaterThan(0);
      console.log(`chaos ${name} seed ${SEED} runs ${runs}: ${JSON.stringify(tally)}`);
    },
  );
});
