// One visit through the real daemon in this process, the way bench/visits.bench.ts drives it: commands sent to
// the check-in flow, each step awaited on the screen the daemon pushes to the kiosk pages.
import type { CheckinCommand, CheckinView } from '../shared/checkin-api';
import type { RunningDaemon } from '../server/daemon';

/** Waits for the daemon's flow to reach a screen, watching what it pushes to the kiosk pages. */
export function screenWatcher(d: RunningDaemon) {
  let waiter: { prefix: string; resolve: () => void } | null = null;
  let last: CheckinView | null = null;
  const push = d.ctx.push;
  const broadcast = push.broadcast.bind(push);
  push.broadcast = (msg) => {
    if (msg.type === 'checkin') {
      last = msg.view;
      if (waiter && msg.view.screen.startsWith(waiter.prefix)) {
        const w = waiter;
        waiter = null;
        w.resolve();
      }
    }
    broadcast(msg);
  };
  return (prefix: string, cmd: CheckinCommand): Promise<void> =>
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
