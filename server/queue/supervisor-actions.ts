// The supervisor's actions on the floor (issue 18 item 4): move a waiting ticket to another service, cancel a ticket
// with a reason, reopen a no-show, change a counter's services, pause a service's walk-ins. Each is journaled with
// the supervisor's id in the transaction that makes it; refusals are values saying what to do.
import type { Db } from '../../store/db';
import { moveWaitingTicket, reopenNoShow } from '../../store/supervisor-floor';
import type { Fail } from '../../shared/result';
import type { FloorSettings } from './floor-settings';
import type { QueueService } from './service';

export type SupervisorFailureReason = 'not-found' | 'wrong-state' | 'same-service' | 'number-taken' | 'unknown-service' | 'unknown-counter' | 'invalid';
export type SupervisorResult = { ok: true } | Fail<SupervisorFailureReason, { detail: string }>;

export interface SupervisorActionsDeps {
  db: Db;
  queue: Pick<QueueService, 'cancel' | 'serviceList' | 'today'>;
  floor: Pick<FloorSettings, 'setCounterServices' | 'setServicePaused'>;
  /** After every change made here (the pages are poked). */
  onChange: () => void;
  now?: () => Date;
}

export function supervisorActions(d: SupervisorActionsDeps) {
  const now = () => d.now?.() ?? new Date();
  const done = <R extends { ok: boolean }>(r: R): R => {
    if (r.ok) d.onChange();
    return r;
  };
  const plain = (r: { ok: true } | Fail<SupervisorFailureReason, { detail: string }>): SupervisorResult =>
    r.ok ? { ok: true } : { ok: false, reason: r.reason, detail: r.detail };
  return {
    moveTicket(ticketId: string, service: string, by: string): SupervisorResult {
      if (!d.queue.serviceList.some((s) => s.code === service)) return { ok: false, reason: 'unknown-service', detail: `there is no service "${service}"` };
      return plain(done(moveWaitingTicket(d.db, { ticketId, service, by, at: now() })));
    },
    /** The queue's own cancel (it pokes the pages itself), marked as the supervisor's. */
    cancelTicket(ticketId: string, reason: string, by: string): SupervisorResult {
      const r = d.queue.cancel(ticketId, { id: by }, reason, { via: 'supervisor' });
      if (r.ok) return { ok: true };
      // The store's cancel refuses only these; anything else would be a new refusal this desk does not know.
      const known: readonly SupervisorFailureReason[] = ['not-found', 'wrong-state', 'invalid'];
      return { ok: false, reason: known.includes(r.reason as SupervisorFailureReason) ? (r.reason as SupervisorFailureReason) : 'invalid', detail: r.detail };
    },
    reopenNoShow(ticketId: string, by: string): SupervisorResult {
      const at = now();
      return plain(done(reopenNoShow(d.db, { ticketId, businessDay: d.queue.today(at), by, at })));
    },
    setCounterServices(counter: string, services: readonly string[], by: string): SupervisorResult {
      // FloorSettings tells its listeners (the pages are poked through them).
      return plain(d.floor.setCounterServices(counter, services, by));
    },
    setServicePaused(service: string, paused: boolean, by: string, reason?: string): SupervisorResult {
      return plain(d.floor.setServicePaused(service, paused, by, reason));
    },
  };
}
export type SupervisorActions = ReturnType<typeof supervisorActions>;
