// Runs the one check-in machine of this kiosk inside the daemon: builds it on the real services, pushes
// every screen change to the kiosk page, resumes a paid-but-unprinted visit from the journal after a crash,
// locks for staff while a payment waits for reconciliation, and gives back an appointment check-in that
// nobody paid for.
import { createActor, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import type { DaemonContext } from '../context';
import { checkinDelays, checkinMachine, viewOf, type CheckinDelays, type CheckinSettings, type ResumeVisit, type Visit } from '../../state/checkin';
import type { CheckinCommand, CheckinView } from '../../shared/checkin-api';
import { appendEvent } from '../../store/events';
import { releaseUse } from '../../store/appointment-tokens';
import { getPayment } from '../../store/payments';
import type { Payments } from '../payments/index';
import { buildActors } from './actors';
import type { CheckinConfig } from './config';
import { StartupError } from '../startup-error';

type Machine = typeof checkinMachine;
type Snapshot = SnapshotFrom<Machine>;

export interface CheckinRunner {
  view(): CheckinView;
  send(cmd: CheckinCommand): void;
  /** Staff: the visitor was helped, unlock the kiosk (paid-no-ticket, staff-lock). */
  resolve(by: string, reason: string): { ok: true } | { ok: false; reason: string };
  stop(): void;
}

export function settingsFrom(ctx: DaemonContext, c: CheckinConfig): CheckinSettings {
  const cfg = ctx.config;
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

/** The last paid visit whose ticket or receipt was never printed, rebuilt from the journal. */
export function findResume(ctx: DaemonContext): ResumeVisit | undefined {
  const rows = ctx.db.prepare("SELECT subject, payload FROM events WHERE kind = 'checkin.paying' ORDER BY id DESC LIMIT 20").all() as Array<{
    subject: string;
    payload: string;
  }>;
  for (const row of rows) {
    const p = getPayment(ctx.db, row.subject);
    if (!p || (p.state !== 'approved' && p.state !== 'settled_approved')) continue;
    const saved = JSON.parse(row.payload) as { visit: Omit<ResumeVisit, 'payment' | 'ticket' | 'ticketPrinted'>; attempt: number; idempotencyKey: string };
    const ref = saved.visit.etimbreReference;
    const completed = ctx.db.prepare("SELECT 1 FROM events WHERE kind = 'checkin.completed' AND subject = ?").get(ref);
    if (completed) return undefined;
    const issued = ctx.db
      .prepare(
        "SELECT subject, payload FROM events WHERE kind = 'checkin.ticket-issued' AND json_extract(payload, '$.etimbreReference') = ? ORDER BY id DESC LIMIT 1",
      )
      .get(ref) as { subject: string; payload: string } | undefined;
    const printed = issued
      ? ctx.db.prepare("SELECT 1 FROM print_jobs WHERE kind = 'ticket' AND subject = ? AND state = 'confirmed'").get(issued.subject)
      : undefined;
    const ticketNumber = issued ? (JSON.parse(issued.payload) as { number: string }).number : null;
    return {
      ...saved.visit,
      payment: {
        attempt: saved.attempt,
        idempotencyKey: saved.idempotencyKey,
        outcome: {
          status: 'approved',
          authCode: p.authCode ?? '',
          ...(p.maskedPan ? { maskedPan: p.maskedPan } : {}),
          ...(p.shortRef ? { terminalRef: p.shortRef } : {}),
        },
      },
      ticket: issued && ticketNumber ? { id: issued.subject, number: ticketNumber, estimatedWaitMinutes: 0, qrPayload: issued.subject } : null,
      ticketPrinted: Boolean(printed),
    };
  }
  return undefined;
}

export function startCheckin(ctx: DaemonContext, payments: Payments, c: CheckinConfig): CheckinRunner {
  const d = checkinDelays(c.timeouts);
  if (!d.ok) throw new StartupError(`checkin.timeouts: ${d.detail}`, 2);
  const delays: CheckinDelays = d.delays;
  const settings = settingsFrom(ctx, c);
  const slots = new Map<string, string>();
  let current: Snapshot | null = null;
  let actorRef: ActorRefFrom<Machine> | null = null;

  const actors = buildActors({
    ctx,
    payments: () => payments.service,
    checkin: c,
    slots,
    onPaymentStarted: (paymentId, input) => {
      // The actor starts before subscribers see the `paying` snapshot: read the machine itself, and take
      // the reference from the payment's own input.
      const v = actorRef?.getSnapshot().context.visit ?? current?.context.visit;
      if (!v) return;
      // The appointment is kept under its random token id, not the appointment system's id (personal data
      // has no place in the append-only, hash-chained events).
      const appointment = v.appointment ? { ...v.appointment, appointmentId: v.appointment.tokenId } : null;
      if (v.appointment) slots.set(v.appointment.tokenId, v.appointment.slotStart);
      const visit = {
        language: v.language,
        source: v.source,
        appointment,
        services: v.services,
        persons: v.persons,
        quote: v.quote,
        etimbreReference: input.reference,
      };
      appendEvent(ctx.db, { kind: 'checkin.paying', subject: paymentId, payload: { visit, attempt: input.attempt, idempotencyKey: input.idempotencyKey } });
    },
  });
  const machine = checkinMachine.provide({ actors, delays: { ...delays } });
  let actor: ActorRefFrom<Machine> = create(findResume(ctx));
  function create(resume: ResumeVisit | undefined): ActorRefFrom<Machine> {
    if (resume?.appointment) slots.set(resume.appointment.appointmentId, resume.appointment.slotStart);
    return createActor(machine, { input: { settings, ...(resume ? { resume } : {}) } });
  }

  let seq = 0;
  let enteredAt = Date.now();
  let lastKey = '';
  let lastView: CheckinView | null = null;
  let previous: { screen: string; visit: Visit } | null = null;

  const simulatedOutsideDemo = () =>
    ctx.config.demo
      ? []
      : ctx.devices
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
    const deadline =
      v.overlay === 'idleWarning'
        ? enteredAt + delays.IDLE_GRACE
        : v.screen === 'paying.inProgress' || v.screen === 'paying.cancelling'
          ? enteredAt + delays.PAYMENT_TIMEOUT
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
      seq: ++seq,
      scannerFault: s.context.scannerFault,
      simulatedOutsideDemo: simulatedOutsideDemo(),
    };
  };

  let lastNeedsStaff = false;
  const publish = () => {
    if (!current) return;
    lastView = compute(current);
    ctx.push.broadcast({ type: 'checkin', view: lastView });
    // Counters re-read /api/checkin/alerts when the kiosk starts or stops needing staff.
    const needsStaff = lastView.screen.startsWith('lockedForStaff') || lastView.screen.startsWith('printFailed') || lastView.tags.includes('staffCall');
    if (needsStaff !== lastNeedsStaff) ctx.push.broadcast({ type: 'changed', topic: 'alerts' });
    lastNeedsStaff = needsStaff;
  };

  /** What to do with the visit that just ended (the machine went back to the attract screen). */
  const visitEnded = (v: Visit) => {
    const outcome = v.payment?.outcome?.status;
    const paid = outcome === 'approved' || outcome === 'unknown' || (v.payment?.acknowledged === true && !outcome);
    if (v.etimbreReference && (v.ticket || outcome === 'approved'))
      appendEvent(ctx.db, {
        kind: 'checkin.completed',
        subject: v.etimbreReference,
        payload: { ticket: v.ticket?.number ?? null, printed: v.ticketPrinted, receipt: v.receiptPrinted },
      });
    if (v.appointment && !v.ticket && !paid) releaseUse(ctx.db, v.appointment.tokenId, ctx.config.kioskId, 'visit ended before payment');
  };

  const offDevices = ctx.devices.onChange(() => publish());
  function wire(a: ActorRefFrom<Machine>): void {
    a.subscribe((s) => {
      current = s;
      const screen = viewOf(s).screen;
      if (previous && screen.startsWith('attract') && !previous.screen.startsWith('attract')) visitEnded(previous.visit);
      if (screen === 'done' || screen === 'printFailed') {
        const v = s.context.visit;
        if (v.etimbreReference && (!previous || previous.screen !== screen))
          appendEvent(ctx.db, {
            kind: 'checkin.completed',
            subject: v.etimbreReference,
            payload: { ticket: v.ticket?.number ?? null, printed: v.ticketPrinted, receipt: v.receiptPrinted },
          });
      }
      previous = { screen, visit: s.context.visit };
      publish();
    });
    a.on('staff.alert', (e) => {
      appendEvent(ctx.db, { kind: 'checkin.staff-alert', subject: e.etimbreReference ?? e.idempotencyKey, payload: e });
      ctx.log.warn({ alert: e }, `kiosk needs staff: ${e.reason}`);
      ctx.push.broadcast({ type: 'changed', topic: 'alerts' });
    });
    a.on('staff.call', (e) => {
      appendEvent(ctx.db, { kind: 'checkin.staff-call', payload: e });
      ctx.push.broadcast({ type: 'changed', topic: 'alerts' });
    });
    actorRef = a;
    a.start();
  }
  wire(actor);

  /** A payment settled as approved by staff gets its ticket and receipt, like a resume after a crash. */
  function printSettledVisit(): boolean {
    const resume = findResume(ctx);
    if (!resume || !actor.getSnapshot().matches('lockedForStaff')) return false;
    appendEvent(ctx.db, { kind: 'checkin.resumed-after-settle', subject: resume.etimbreReference, payload: {} });
    actor.stop();
    actor = create(resume);
    wire(actor);
    actor.send({ type: 'RESUME_PRINTING' });
    return true;
  }

  // Start-up: a visit paid but not printed goes on printing; an unsettled payment locks the kiosk.
  void payments.ready.then(() => {
    const lock = payments.lockState();
    const s = actor.getSnapshot();
    if (s.matches('resumePending')) actor.send(lock.state === 'ready' ? { type: 'RESUME_PRINTING' } : { type: 'LOCK_FOR_STAFF' });
    else if (lock.state === 'locked-for-staff') actor.send({ type: 'LOCK_FOR_STAFF' });
  });

  return {
    view: () => lastView ?? compute(actor.getSnapshot()),
    send: (cmd) => actor.send(cmd),
    resolve: (by, reason) => {
      if (payments.lockState().state !== 'ready')
        return { ok: false, reason: 'a payment still waits for reconciliation: settle it on the diagnostics page first' };
      if (!actor.getSnapshot().matches('lockedForStaff')) return { ok: false, reason: 'the kiosk is not waiting for staff' };
      appendEvent(ctx.db, { kind: 'checkin.staff-resolved', payload: { by, reason } });
      if (!printSettledVisit()) actor.send({ type: 'STAFF_RESOLVED' });
      return { ok: true };
    },
    stop: () => {
      offDevices();
      actor.stop();
    },
  };
}

/** Called when payments are settled: a kiosk locked only for that payment goes back to the attract screen. */
export function unlockAfterSettle(runner: CheckinRunner, payments: Payments): void {
  if (payments.lockState().state === 'ready') runner.resolve('reconciliation', 'all payments settled');
}
