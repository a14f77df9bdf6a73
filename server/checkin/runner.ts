// Runs the one check-in machine of this kiosk inside the daemon: builds it on the real services, pushes
// every screen change to the kiosk page, resumes a paid-but-unprinted visit from the journal after a crash,
// locks for staff while a payment waits for reconciliation, and gives back an appointment check-in that
// nobody paid for.
import { createActor, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import {
  checkinDelays,
  checkinMachineWith,
  viewOf,
  type CheckinDelays,
  type CheckinMachine,
  type CheckinSettings,
  type ResumeVisit,
  type Visit,
} from '../../state/checkin';
import type { CheckinCommand, CheckinView } from '../../shared/checkin-api';
import type { Appointment } from '../../domain/appointment/types';
import { appendEvent } from '../../store/events';
import { recordPayingVisit, recordVisitCompleted, unfinishedPaidVisit } from '../../store/checkin';
import type { Db } from '../../store/db';
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import type { DeviceRegistry } from '../devices/registry';
import type { PushHub } from '../http/push';
import type { LockState, Payments } from '../payments/index';
import { buildActors, ticketPrinter, type ActorDeps, type PrintEvents } from './actors';
import { clearUnprinted, openUnprinted, recordUnprinted, type UnprintedTicket } from '../../store/unprinted';
import type { CheckinConfig } from './config';
import { staffAlertOf } from './staff-alert';
import { StartupError } from '../startup-error';
import { localClaimer } from '../appointment/check-in';
import { liveAppointments } from '../appointment/live';
import { liveCheckinSettings, liveSettings, type LiveSettings } from '../central/live-settings';
import { statusEvent, watchTerminalReadiness, type ReadinessSource } from './terminal-readiness';
import type { WaitPreview } from './wait-preview';
import { walkInIssuing } from '../../domain/queue/opening-hours';
import { wallClock } from '../../shared/wall-clock';
import { quoteFee } from '../../domain/fees';

/** The ways on an error screen may offer, asked of the machine itself (its guards decide). */
const OFFERS = ['RETRY', 'WALK_IN'] as const;

type Machine = CheckinMachine;
type Snapshot = SnapshotFrom<Machine>;

export interface CheckinRunner {
  view(): CheckinView;
  /** Calls `fn` with each new view (a screen change, a device change the screen shows); returns how to stop. */
  onView(fn: (v: CheckinView) => void): () => void;
  send(cmd: CheckinCommand): void;
  /** Staff: an agent is on their way to the kiosk's current alert (kept until the kiosk no longer needs staff). */
  acknowledgeAlert(by: string): { ok: true } | { ok: false; reason: string };
  /** Who acknowledged the current alert, if anyone. */
  alertAcknowledgedBy(): { by: string; at: string } | null;
  /** Staff: the visitor was helped, unlock the kiosk (paid-no-ticket, staff-lock). */
  resolve(by: string, reason: string): { ok: true } | { ok: false; reason: string };
  /** Paid tickets whose print failed and that no agent has dealt with yet (the counters keep an alert for each). */
  unprinted(): UnprintedTicket[];
  /** Staff saw to a ticket that did not print: acknowledged (the visitor has the number) or reprinted on the kiosk. */
  settleUnprinted(ticketId: string, by: string, action: 'acknowledge' | 'reprint'): Promise<{ ok: true } | { ok: false; status: 404 | 409; reason: string }>;
  stop(): void;
}

/** What the check-in flow is built on (server/daemon.ts wires it). */
export interface CheckinDeps extends Omit<ActorDeps, 'config' | 'payments' | 'onPaymentStarted' | 'hardware'> {
  /** The card terminal's slot: its status checks decide whether the summary offers Pay (terminal-readiness.ts). */
  hardware: ActorDeps['hardware'] & { terminal?: ReadinessSource };
  config: ActorDeps['config'] & Pick<KioskConfig, 'languages' | 'demo'>;
  log: Logger;
  devices: Pick<DeviceRegistry, 'list' | 'onChange'>;
  push: Pick<PushHub, 'broadcast' | 'toScreen'>;
  payments: Pick<Payments, 'service' | 'lockState' | 'ready'>;
  /**
   * Subscribes to the payments' lock changes. Payments are built before the flow (it pays through them),
   * so the daemon relays their changes to the flow once it exists.
   */
  onPaymentsLock(listener: (lock: LockState) => void): void;
  /** Fees, rates, services, keys and revocations in force (central bundles); default: read from this journal. */
  live?: LiveSettings;
}

export function settingsFrom(cfg: Pick<KioskConfig, 'consulate' | 'kioskId' | 'services' | 'languages'>, c: CheckinConfig): CheckinSettings {
  return {
    consulate: cfg.consulate.code,
    kioskId: cfg.kioskId,
    currency: cfg.consulate.currency,
    chanceryRate: cfg.consulate.chanceryRate,
    services: cfg.services.map((s) => ({ code: s.code, prefix: s.prefix, feeMad: s.feeMad })),
    languages: cfg.languages,
    maxPersons: c.maxPersons,
    maxPaymentAttempts: c.maxPaymentAttempts,
  };
}

/**
 * The visit as journaled when its payment starts (recordPayingVisit). The appointment goes without the
 * appointment system's id: personal data has no place in the append-only, hash-chained events (journals
 * written before issue 13 hold the token id in its place).
 */
type PayingVisit = Omit<ResumeVisit, 'payment' | 'ticket' | 'ticketPrinted' | 'etimbreReference' | 'appointment'> & {
  etimbreReference: string;
  appointment: (Omit<Appointment, 'appointmentId'> & { appointmentId?: string }) | null;
};

/** The last paid visit whose ticket or receipt was never printed, rebuilt from the journal. */
export function findResume(db: Db): ResumeVisit | undefined {
  const found = unfinishedPaidVisit<PayingVisit>(db);
  if (!found) return undefined;
  const { visit, payment: p } = found;
  return {
    ...visit,
    // The appointment system's id comes back from where check-in recorded it (the token id once purged).
    appointment: visit.appointment ? { ...visit.appointment, appointmentId: found.appointmentId ?? visit.appointment.tokenId } : null,
    payment: {
      attempt: found.attempt,
      idempotencyKey: found.idempotencyKey,
      outcome: {
        status: 'approved',
        authCode: p.authCode ?? '',
        ...(p.maskedPan ? { maskedPan: p.maskedPan } : {}),
        ...(p.shortRef ? { terminalRef: p.shortRef } : {}),
        paymentId: p.id,
      },
    },
    ticket: found.ticket ? { ...found.ticket, estimatedWaitMinutes: 0, qrPayload: found.ticket.id } : null,
    ticketPrinted: found.ticketPrinted,
  };
}

function withoutAt({ at: _at, ...rest }: UnprintedTicket): Omit<UnprintedTicket, 'at'> {
  return rest;
}

function withoutAppointmentId({ appointmentId: _personal, ...rest }: Appointment): Omit<Appointment, 'appointmentId'> {
  return rest;
}

export function startCheckin(deps: CheckinDeps): CheckinRunner {
  const { checkin: c, db, payments } = deps;
  const claims = deps.claims ?? localClaimer(db);
  const d = checkinDelays(c.timeouts);
  if (!d.ok) throw new StartupError(`checkin.timeouts: ${d.detail}`, 2);
  const delays: CheckinDelays = d.delays;
  // Read at each use: a central bundle applies at its effective time without a restart (issue 16).
  const live = deps.live ?? liveSettings({ db, config: deps.config });
  const settings = liveCheckinSettings(settingsFrom(deps.config, c), live);
  const appointments = liveAppointments(deps.appointments, live, {
    demo: deps.config.demo,
    onProblem: (p) => deps.log.warn({ problems: p }, 'central bundle: appointment keys that cannot be read are left out'),
  });
  let current: Snapshot | null = null;
  let actorRef: ActorRefFrom<Machine> | null = null;

  /** Tickets whose job (ticket or receipt) is queued for the printer right now: their counter alert says so. */
  const queuedForPrinter = new Set<string>();
  /** Paid visitors who left while their ticket waited for paper: the receipt will not print after it. */
  const receiptOwed = new Set<string>();
  const printerEvents: PrintEvents = {
    waiting: (kind, ticketId, status) => {
      const reason = status?.detail ?? null;
      if (reason) queuedForPrinter.add(ticketId);
      else queuedForPrinter.delete(ticketId);
      deps.log.warn({ ticketId, kind, reason }, reason ? `the ${kind} waits for the printer: ${reason}` : `the ${kind} prints again`);
      // Only the visit it belongs to hears of it: the visitor may have left, the next one is on another screen.
      const s = actorRef?.getSnapshot();
      if (s?.context.visit.ticket?.id === ticketId && s.matches({ printing: kind }))
        actorRef?.send(status ? { type: 'PRINTER_WAITING', printer: status.state, reason: status.detail } : { type: 'PRINTER_RESUMED' });
      deps.push.broadcast({ type: 'changed', topic: 'alerts' });
    },
    done: (kind, ticketId, ok) => {
      queuedForPrinter.delete(ticketId);
      if (ok) {
        // A job that waited for paper came out: what the counters were told is not printed now is.
        const open = openUnprinted(db).find((u) => u.ticketId === ticketId);
        if (open?.what === kind) {
          clearUnprinted(db, ticketId, { by: 'printer', done: 'printed' });
          if (kind === 'ticket' && receiptOwed.delete(ticketId)) recordUnprinted(db, { ...withoutAt(open), what: 'receipt' });
        }
      }
      deps.push.broadcast({ type: 'changed', topic: 'alerts' });
    },
  };

  const actors = buildActors({
    ...deps,
    printerEvents,
    appointments,
    payments: payments.service,
    onPaymentStarted: (paymentId, input) => {
      // The actor starts before subscribers see the `paying` snapshot: read the machine itself, and take
      // the reference from the payment's own input.
      const v = actorRef?.getSnapshot().context.visit ?? current?.context.visit;
      if (!v) return;
      // The appointment is kept under its random token id only (see PayingVisit).
      const appointment = v.appointment ? withoutAppointmentId(v.appointment) : null;
      const visit = {
        language: v.language,
        source: v.source,
        appointment,
        services: v.services,
        persons: v.persons,
        quote: v.quote,
        etimbreReference: input.reference,
      };
      recordPayingVisit(db, paymentId, { visit, attempt: input.attempt, idempotencyKey: input.idempotencyKey });
    },
  });
  const machine = checkinMachineWith({ actors, delays: { ...delays } });
  let actor: ActorRefFrom<Machine> = create(findResume(db));
  function create(resume: ResumeVisit | undefined): ActorRefFrom<Machine> {
    const last = deps.hardware.terminal?.last;
    return createActor(machine, {
      input: { settings, ...(resume ? { resume } : {}), ...(last ? { terminal: { ready: statusEvent(last).ready, state: last.state } } : {}) },
    });
  }

  // Concert E+ has no cancel command: the visitor cancels on the terminal (its red key), never on the screen.
  const cancelAt = deps.config.devices?.terminal?.protocol === 'concert' ? ('terminal' as const) : ('kiosk' as const);
  let seq = 0;
  let enteredAt = Date.now();
  let lastKey = '';
  let lastView: CheckinView | null = null;
  let previous: { screen: string; visit: Visit } | null = null;
  /** The summary's wait for the visit's service, once known; `waitFor`: the service it was asked for. */
  let wait: WaitPreview | null = null;
  let waitFor = '';

  const simulatedOutsideDemo = () =>
    deps.config.demo
      ? []
      : deps.devices
          .list()
          .filter((x) => x.simulated)
          .map((x) => x.id);

  const compute = (s: Snapshot): CheckinView => {
    const v = viewOf(s);
    const key = `${v.screen}|${v.overlay ?? ''}`;
    if (key !== lastKey) {
      enteredAt = Date.now();
      lastKey = key;
    }
    // Every wait that ends the screen by itself is shown as a countdown (issue 19, item 5).
    const deadline =
      v.overlay === 'idleWarning'
        ? enteredAt + delays.IDLE_GRACE
        : v.screen === 'paying.inProgress' || v.screen === 'paying.cancelling'
          ? enteredAt + delays.PAYMENT_TIMEOUT
          : v.screen === 'done'
            ? enteredAt + delays.DONE_TIMEOUT
            : v.screen === 'error' && v.overlay === null
              ? enteredAt + delays.ERROR_TIMEOUT
              : null;
    const visit = s.context.visit;
    return {
      screen: v.screen,
      tags: [...s.tags],
      visit: {
        language: visit.language,
        source: visit.source,
        appointment: visit.appointment
          ? {
              appointmentId: visit.appointment.appointmentId,
              services: visit.appointment.services,
              persons: visit.appointment.persons,
              slotStart: visit.appointment.slotStart,
              code: visit.appointment.code,
            }
          : null,
        services: visit.services,
        persons: visit.persons,
        priorityRequest: visit.priorityRequest,
        quote: visit.quote,
        scanHelp: visit.scanHelp,
        etimbreReference: visit.etimbreReference,
        payment: visit.payment
          ? { attempt: visit.payment.attempt, acknowledged: visit.payment.acknowledged, prompt: visit.payment.prompt, outcome: visit.payment.outcome }
          : null,
        ticket: visit.ticket,
        ticketPrinted: visit.ticketPrinted,
        receiptPrinted: visit.receiptPrinted,
        problem: visit.problem,
        lockReason: visit.lockReason,
      },
      deadline,
      offers: OFFERS.filter((type) => s.can({ type })),
      cancelAt,
      seq: ++seq,
      scannerFault: s.context.scannerFault,
      terminal: s.context.terminal,
      simulatedOutsideDemo: simulatedOutsideDemo(),
      wait: v.screen.startsWith('summary') && wait?.service === visit.services[0] ? wait : null,
      closedServices: v.screen.startsWith('identify.walkIn') ? closedServices() : [],
      serviceFees: v.screen.startsWith('identify.walkIn') || v.screen.startsWith('summary') ? serviceFees() : [],
    };
  };

  /** One person's fee per service, priced as the visit would be (the live schedule and rate, the same rounding). */
  const serviceFees = (): CheckinView['serviceFees'] =>
    settings.services.flatMap((s) => {
      const r = quoteFee({ schedule: settings.services, services: [s.code], persons: 1, chanceryRate: settings.chanceryRate, currency: settings.currency });
      return r.ok ? [{ service: s.code, unitMinor: r.quote.totalMinor, currency: r.quote.currency }] : [];
    });

  /** The services the opening hours close now (the wait-past-closing rule is judged when one is chosen). */
  const closedServices = (): CheckinView['closedServices'] => {
    // A service a supervisor paused is closed whatever its hours, with no time to resume (issue 18 item 4).
    const pauses = deps.servicePauses;
    const paused = pauses ? deps.config.services.filter((s) => pauses.isPaused(s.code)).map((s) => s.code) : [];
    const closed: CheckinView['closedServices'] = paused.map((service) => ({ service, reason: 'paused', nextDate: null, nextTime: null }));
    const hours = deps.checkin.hours;
    if (!hours) return closed;
    const at = wallClock(deps.now?.() ?? new Date(), deps.config.consulate.timeZone);
    const date = `${String(at.year).padStart(4, '0')}-${String(at.month).padStart(2, '0')}-${String(at.day).padStart(2, '0')}`;
    return closed.concat(
      deps.config.services.flatMap((s) => {
        if (paused.includes(s.code)) return [];
        const v = walkInIssuing(hours, s.code, { date, minutes: at.hour * 60 + at.minute }, 0);
        return v.open ? [] : [{ service: s.code, reason: v.reason, nextDate: v.next?.date ?? null, nextTime: v.next?.time ?? null }];
      }),
    );
  };

  /** On the summary, asks once per service for the wait to tell; the answer re-publishes the screen. */
  const askWait = (screen: string, service: string | undefined) => {
    if (!screen.startsWith('summary')) {
      if (screen.startsWith('attract')) {
        wait = null;
        waitFor = '';
      }
      return;
    }
    if (!deps.waitPreview || !service || service === waitFor) return;
    waitFor = service;
    deps.waitPreview(service).then(
      (w) => {
        if (waitFor !== service) return;
        wait = w;
        publish();
      },
      (err: unknown) => deps.log.warn({ err }, 'the wait before paying could not be read'),
    );
  };

  let lastNeedsStaff = false;
  // Kept for one alert: it goes when the kiosk stops needing staff, so the next alert starts unacknowledged.
  let acknowledged: { by: string; at: string } | null = null;
  const viewListeners = new Set<(v: CheckinView) => void>();
  const publish = () => {
    if (!current) return;
    lastView = compute(current);
    deps.push.toScreen({ type: 'checkin', view: lastView });
    for (const l of viewListeners) l(lastView);
    // Counters re-read /api/checkin/alerts when the kiosk starts or stops needing staff.
    const { needsStaff } = staffAlertOf(lastView);
    if (needsStaff !== lastNeedsStaff) deps.push.broadcast({ type: 'changed', topic: 'alerts' });
    if (!needsStaff) acknowledged = null;
    lastNeedsStaff = needsStaff;
  };

  /** A visit that got its ticket, or was paid, is finished once and never resumed (the journal keeps the first). */
  const complete = (v: Visit) => {
    if (v.etimbreReference)
      recordVisitCompleted(db, v.etimbreReference, { ticket: v.ticket?.number ?? null, printed: v.ticketPrinted, receipt: v.receiptPrinted });
  };

  /** What to do with the visit that just ended (the machine went back to the attract screen). */
  const visitEnded = (v: Visit, screen: string) => {
    // Left with the ticket still queued for paper: when it prints, the receipt is still owed (the counter is told).
    if (screen === 'printing.ticket.waiting' && v.ticket && v.payment?.outcome?.status === 'approved') receiptOwed.add(v.ticket.id);
    const outcome = v.payment?.outcome?.status;
    const paid = outcome === 'approved' || outcome === 'unknown' || (v.payment?.acknowledged === true && !outcome);
    if (v.ticket || outcome === 'approved') complete(v);
    if (v.appointment && !v.ticket && !paid) claims.release(v.appointment.tokenId, deps.config.kioskId, 'visit ended before payment');
  };

  /** A paid ticket whose print failed: journaled, so the counters' alert outlives the kiosk's screen. */
  const unprintedNow = (v: Visit) => {
    const t = v.ticket;
    if (!t) return;
    const what = v.problem?.code === 'receipt-print-failed' || v.problem?.code === 'receipt-print-waiting' ? 'receipt' : 'ticket';
    const recorded = recordUnprinted(db, {
      ticketId: t.id,
      number: t.number,
      what,
      services: v.services,
      persons: v.persons,
      language: v.language,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      qrPayload: t.qrPayload ?? t.id,
      ...(t.offline ? { offline: true } : {}),
    });
    if (recorded) deps.push.broadcast({ type: 'changed', topic: 'alerts' });
  };
  // Staff at the counter hear at once that the printer cannot print: their reprint does not wait for paper.
  const printTicketAgain = ticketPrinter(deps, 0);

  const offDevices = deps.devices.onChange(() => publish());
  // A service paused or resumed by a supervisor: the walk-in tiles on the screen now say so.
  const offPauses = deps.servicePauses?.onChange(() => publish());
  const readiness = deps.hardware.terminal ? watchTerminalReadiness(deps.hardware.terminal, (e) => actorRef?.send(e), c.terminalRecheckMs ?? 3000) : null;
  function wire(a: ActorRefFrom<Machine>): void {
    a.subscribe((s) => {
      current = s;
      const screen = viewOf(s).screen;
      if (previous && screen.startsWith('attract') && !previous.screen.startsWith('attract')) visitEnded(previous.visit, previous.screen);
      if ((screen === 'done' || screen === 'printFailed') && (!previous || previous.screen !== screen)) complete(s.context.visit);
      // A print failed, or waits for paper (the counters' alert outlives the screen either way).
      const unprinted = screen === 'printFailed' || s.hasTag('printerWaiting');
      if (unprinted && previous?.screen !== screen) unprintedNow(s.context.visit);
      previous = { screen, visit: s.context.visit };
      readiness?.screen(screen);
      publish();
      // A visit of several services waits first for its first one (one ticket routed in order, domain/queue/route.ts).
      askWait(screen, s.context.visit.services[0]);
    });
    a.on('staff.alert', (e) => {
      appendEvent(db, { kind: 'checkin.staff-alert', subject: e.etimbreReference ?? e.idempotencyKey, payload: e });
      deps.log.warn({ alert: e }, `kiosk needs staff: ${e.reason}`);
      deps.push.broadcast({ type: 'changed', topic: 'alerts' });
    });
    a.on('staff.call', (e) => {
      appendEvent(db, { kind: 'checkin.staff-call', payload: e });
      deps.push.broadcast({ type: 'changed', topic: 'alerts' });
    });
    actorRef = a;
    a.start();
  }
  wire(actor);

  /** Starts the machine again on a paid visit from the journal, printing its ticket and receipt. */
  function resumeVisit(resume: ResumeVisit): void {
    actor.stop();
    actor = create(resume);
    wire(actor);
    actor.send({ type: 'RESUME_PRINTING' });
  }

  /** A payment settled as approved by staff gets its ticket and receipt, like a resume after a crash. */
  function printSettledVisit(): boolean {
    const resume = findResume(db);
    if (!resume || !actor.getSnapshot().matches('lockedForStaff')) return false;
    appendEvent(db, { kind: 'checkin.resumed-after-settle', subject: resume.etimbreReference, payload: {} });
    resumeVisit(resume);
    return true;
  }

  // Start-up: a visit paid but not printed goes on printing; an unsettled payment locks the kiosk.
  void payments.ready.then(() => {
    const lock = payments.lockState();
    const s = actor.getSnapshot();
    if (s.matches('resumePending')) actor.send(lock.state === 'ready' ? { type: 'RESUME_PRINTING' } : { type: 'LOCK_FOR_STAFF' });
    else if (lock.state === 'locked-for-staff') actor.send({ type: 'LOCK_FOR_STAFF' });
    else if (lock.state === 'ready' && s.matches('attract')) {
      // The start-up reconciliation may itself have recovered the approval of the payment the crash
      // interrupted (ZVT asks the terminal): that visit was not resumable when the machine was created.
      const resume = findResume(db);
      if (resume) resumeVisit(resume);
    }
  });

  const runner: CheckinRunner = {
    view: () => lastView ?? compute(actor.getSnapshot()),
    onView: (fn) => {
      viewListeners.add(fn);
      return () => viewListeners.delete(fn);
    },
    send: (cmd) => {
      // A cancel the terminal cannot receive would show "Cancelling…" and then charge the card: not on Concert.
      if (cmd.type === 'CANCEL' && cancelAt === 'terminal' && actor.getSnapshot().matches('paying')) return;
      actor.send(cmd);
    },
    resolve: (by, reason) => {
      if (payments.lockState().state !== 'ready')
        return { ok: false, reason: 'a payment still waits for reconciliation: settle it on the diagnostics page first' };
      if (!actor.getSnapshot().matches('lockedForStaff')) return { ok: false, reason: 'the kiosk is not waiting for staff' };
      appendEvent(db, { kind: 'checkin.staff-resolved', payload: { by, reason } });
      if (!printSettledVisit()) {
        // Locked for a payment nobody knew, now settled and nothing to print: it was not taken; the visitor is told.
        const notTaken = actor.getSnapshot().context.visit.lockReason === 'payment-unknown';
        actor.send(notTaken ? { type: 'PAYMENT_NOT_TAKEN' } : { type: 'STAFF_RESOLVED' });
      }
      return { ok: true };
    },
    acknowledgeAlert: (by) => {
      const alert = staffAlertOf(runner.view());
      if (!alert.needsStaff) return { ok: false, reason: 'the kiosk does not need staff now' };
      if (acknowledged) return { ok: false, reason: `${acknowledged.by} is already on the way` };
      acknowledged = { by, at: new Date().toISOString() };
      appendEvent(db, { kind: 'checkin.alert-acknowledged', payload: { by, screen: alert.screen, reason: alert.reason } });
      deps.push.broadcast({ type: 'changed', topic: 'alerts' });
      return { ok: true };
    },
    alertAcknowledgedBy: () => acknowledged,
    unprinted: () => openUnprinted(db).map((u) => (queuedForPrinter.has(u.ticketId) ? { ...u, waiting: true } : u)),
    settleUnprinted: async (ticketId, by, action) => {
      const open = openUnprinted(db).find((u) => u.ticketId === ticketId);
      if (!open) return { ok: false, status: 404, reason: `no ticket ${ticketId} is waiting for staff after a failed print` };
      if (action === 'reprint') {
        if (queuedForPrinter.has(ticketId))
          return { ok: false, status: 409, reason: 'the ticket is still queued for the printer: it prints by itself once paper is loaded' };
        if (open.what !== 'ticket') return { ok: false, status: 409, reason: 'the ticket itself printed: only its receipt failed; acknowledge it instead' };
        const printed = await printTicketAgain({
          ticket: {
            id: open.ticketId,
            number: open.number,
            estimatedWaitMinutes: open.estimatedWaitMinutes,
            qrPayload: open.qrPayload,
            ...(open.offline ? { offline: true } : {}),
          },
          services: open.services,
          persons: open.persons,
          language: open.language,
        });
        if (!printed.ok)
          return { ok: false, status: 409, reason: `the printer did not print it (${printed.reason}): fix the printer and reprint, or acknowledge` };
      }
      if (!clearUnprinted(db, ticketId, { by, done: action === 'reprint' ? 'reprinted' : 'acknowledged' }))
        return { ok: false, status: 404, reason: `ticket ${ticketId} was dealt with meanwhile` };
      // The visitor still at the kiosk has been seen to: the screen goes back to the start.
      const s = actor.getSnapshot();
      if (s.matches('printFailed') && s.context.visit.ticket?.id === ticketId) actor.send({ type: 'STAFF_RESOLVED' });
      deps.push.broadcast({ type: 'changed', topic: 'alerts' });
      return { ok: true };
    },
    stop: () => {
      offDevices();
      offPauses?.();
      readiness?.stop();
      actor.stop();
    },
  };
  // Payments settled: a kiosk locked only for that payment goes back to the attract screen.
  deps.onPaymentsLock((lock) => {
    if (lock.state === 'ready') runner.resolve('reconciliation', 'all payments settled');
  });
  return runner;
}
