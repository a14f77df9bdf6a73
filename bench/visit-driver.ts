// One visit through the real daemon in this process, the way bench/visits.bench.ts drives it: commands sent to
// the check-in flow, each step awaited on the screen the daemon pushes to the kiosk's own pages.
import type { CheckinCommand, CheckinView } from '../shared/checkin-api';
import type { RunningDaemon } from '../server/daemon';
import type { KioskConfig } from '../server/config/schema';
import { sampleConfig, startTestDaemon } from '../test/support/daemon';
import { appointmentQr } from '../test/checkin/tokens';

/** Waits for the daemon's flow to reach a screen, watching what it pushes to the kiosk pages. */
export function screenWatcher(d: RunningDaemon) {
  let waiter: { prefix: string; resolve: () => void } | null = null;
  let last: CheckinView | null = null;
  // The kiosk's own pages get the view through toScreen; the daemon before issue 14 (bench/baseline.ts runs this driver
  // in its tree) broadcast it to every socket.
  const push = d.ctx.push as typeof d.ctx.push & { broadcast?: typeof d.ctx.push.toScreen };
  const method = 'toScreen' in push ? 'toScreen' : 'broadcast';
  const toScreen = push[method]!.bind(push);
  push[method] = (msg: Parameters<typeof toScreen>[0]) => {
    if (msg.type === 'checkin') {
      last = msg.view;
      if (waiter && msg.view.screen.startsWith(waiter.prefix)) {
        const w = waiter;
        waiter = null;
        w.resolve();
      }
    }
    toScreen(msg);
  };
  const step = (prefix: string, cmd: CheckinCommand): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = null;
        const problem = last?.visit.problem?.code ?? 'none';
        reject(new Error(`the visit did not reach "${prefix}" within 10 s after ${cmd.type}; it is on ${last?.screen} (problem: ${problem})`));
      }, 10_000);
      waiter = {
        prefix,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      d.ctx.checkin.send(cmd);
      // The step may have completed synchronously inside send().
      if (waiter && d.ctx.checkin.view().screen.startsWith(prefix)) {
        waiter = null;
        clearTimeout(timer);
        resolve();
      }
    });
  // The summary offers Pay once the terminal answered its last status check (issue 17 part 4): a visitor waits for it.
  return async (prefix: string, cmd: CheckinCommand): Promise<void> => {
    if (cmd.type === 'CONFIRM') await payOffered(d);
    return step(prefix, cmd);
  };
}

/** Resolves when the summary offers Pay: the terminal answered its last check, or the visit is free. */
function payOffered(d: RunningDaemon, ms = 10_000): Promise<void> {
  const offered = () => {
    const v = d.ctx.checkin.view();
    // A view without `terminal` is the daemon's before issue 17, which offered Pay at once.
    const terminal = (v as Partial<Pick<CheckinView, 'terminal'>>).terminal;
    return terminal === undefined || terminal.ready === true || v.visit.quote?.payable === false;
  };
  if (offered()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const end = Date.now() + ms;
    const check = setInterval(() => {
      if (offered()) {
        clearInterval(check);
        resolve();
      } else if (Date.now() > end) {
        clearInterval(check);
        reject(new Error(`Pay was not offered within ${ms / 1000} s: the terminal says ${JSON.stringify(d.ctx.checkin.view().terminal)}`));
      }
    }, 20);
  });
}

/** A visit: QR scan of `token` when given, else a walk-in for a passport; it pays and prints, then back to attract. */
export async function visit(step: ReturnType<typeof screenWatcher>, token: string | null): Promise<void> {
  await step('language', { type: 'TOUCH' });
  await step('identify.scan', { type: 'SELECT_LANGUAGE', language: 'fr' });
  if (token !== null) {
    await step('summary', { type: 'SCANNED', payload: token });
  } else {
    await step('identify.walkIn', { type: 'WALK_IN' });
    await step('summary', { type: 'SELECT_SERVICE', service: 'passport' });
  }
  await step('done', { type: 'CONFIRM' });
  await step('attract', { type: 'ACKNOWLEDGE' });
}

/**
 * The real daemon in this process with in-process simulators (Concert terminal, printer, scanner) and a terminal that
 * answers at once: the HUMAN_TIMING of `kiosk start` (1.5 s of card handling) would measure the visitor, not the kiosk.
 */
export async function startVisitDaemon(dir: string, overrides: Partial<KioskConfig> = {}): Promise<RunningDaemon> {
  const base = sampleConfig();
  const daemon = await startTestDaemon(dir, {
    devices: {
      ...base.devices,
      terminal: { ...base.devices.terminal, protocol: 'concert', port: 'sim', scenario: 'approve' },
      printer: { ...base.devices.printer, transport: 'sim' },
      scanner: { ...base.devices.scanner, port: 'sim' },
    },
    ...overrides,
  });
  const sim = daemon.ctx.hardware.terminal.simulator as unknown as { timing: { thinkMs: number; pinDelayMs: number; pinStepMs: number } } | undefined;
  if (!sim) {
    await daemon.close();
    throw new Error('the terminal is not the in-process simulator');
  }
  // The terminal answers at once unless KIOSK_BENCH_TERMINAL_MS says how long it takes (bench/fsync.bench.ts).
  Object.assign(sim.timing, { thinkMs: Number(process.env.KIOSK_BENCH_TERMINAL_MS ?? 0), pinDelayMs: 0, pinStepMs: 0 });
  return daemon;
}

/** Appointment QR codes for the even visits of `total`. Signing is the appointment system's work: made before the clock starts. */
export async function visitTokens(total: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < total; i += 2) tokens.push(await appointmentQr({ services: ['cnie'], persons: 1 }));
  return tokens;
}

/** Throws unless each of `total` visits was approved once, charged once on the terminal and printed twice. */
export function checkVisits(daemon: RunningDaemon, total: number, name: string): void {
  const db = daemon.ctx.db;
  const approved = (db.prepare("SELECT count(*) AS n FROM payments WHERE state = 'approved'").get() as { n: number }).n;
  const charged = (daemon.ctx.hardware.terminal.simulator?.log.entries ?? []).filter((e) => e.kind === 'charge').length;
  const confirmed = (db.prepare("SELECT count(*) AS n FROM print_jobs WHERE state = 'confirmed'").get() as { n: number }).n;
  if (approved !== total || charged !== total || confirmed !== 2 * total) {
    throw new Error(
      `${name}: ${total} visits but ${approved} approved payments, ${charged} charges on the terminal, ${confirmed} confirmed prints (expected ${2 * total})`,
    );
  }
}
