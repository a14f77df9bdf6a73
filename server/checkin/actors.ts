// The check-in machine's device actors, built on the daemon's real services: appointment verification and
// the used-token journal, the queue, the eTimbre issuer, the journal-first payment service, the printer.
import { fromPromise } from 'xstate';
import { checkIn, type TokenClaimer } from '../appointment/check-in';
import type { PaymentService } from '../payments/service';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Devices } from '../devices/setup';
import type { AppointmentRuntime } from '../appointment/config';
import type { QueueService } from '../queue/service';
import { paymentActor, scannerActor } from '../../state/checkin';
import type {
  ETimbreInput,
  ETimbreOutput,
  Identification,
  IssueTicketInput,
  NumbersOutput,
  PaymentOutcome,
  PaymentProgress,
  PrinterOutput,
  PrintReceiptInput,
  PrintTicketInput,
  Ticket,
  VerifyOutput,
  WalkInInput,
  WalkInOutput,
} from '../../state/checkin';
import { createLocalIssuer } from '../../domain/etimbre';
import { allocateETimbreSequence, recordETimbreReference } from '../../store/etimbre';
import { layoutReceipt, layoutTicket } from '../../domain/ticket/layout';
import { serverTicketWords } from '../i18n/ticket-words';
import { loadEncoder, type PayProgress } from '../devices/index';
import type { CheckinConfig } from './config';
import { appendEvent } from '../../store/events';
import { recordTicketIssued, walkInTicketsOn } from '../../store/checkin';
import { randomUUID } from 'node:crypto';
import { printableReceipts } from '../../store/card-receipts';
import { visitorCopy } from '../../domain/card-receipt';
import { isPriority } from '../../domain/queue/priority';
import { localTicketIssuer, type TicketIssuer } from '../post/numbers/ticket-issuer';
import { walkInIssuing } from '../../domain/queue/opening-hours';
import { wallClock } from '../../shared/wall-clock';
import type { WaitPreviewSource } from './wait-preview';

export interface ActorDeps {
  config: Pick<KioskConfig, 'consulate' | 'kioskId' | 'services'> & Partial<Pick<KioskConfig, 'devices'>>;
  db: Db;
  hardware: Pick<Devices, 'printer' | 'scanner'>;
  appointments: AppointmentRuntime;
  queue: Pick<QueueService, 'today' | 'issueTicket'>;
  /** Where tickets come from: absent (standalone), the local queue; role kiosk, the hub with the offline block behind it. */
  issuer?: TicketIssuer;
  payments: PaymentService;
  checkin: CheckinConfig;
  /** Where appointment tokens are claimed: the post hub on a kiosk (server/post/claims); default this journal. */
  claims?: TokenClaimer | undefined;
  /** The wait the summary tells before paying, also judged against closing time (./wait-preview.ts); none: no wait known. */
  waitPreview?: WaitPreviewSource;
  /** The consulate's clock (tests set it); default the system's. */
  now?: () => Date;
  /** Services a supervisor paused (server/queue/floor-settings.ts): no walk-in ticket, the tile says closed. */
  servicePauses?: { isPaused(service: string): boolean; onChange(fn: () => void): () => void };
  /**
   * Told when a ticket or receipt of the flow waits for the printer (paper out, cover open, not answering; null: it
   * prints again) and when it came out, whether or not the visitor is still at the kiosk (runner.ts).
   */
  printerEvents?: PrintEvents;
  /** Journals what the flow needs to resume a paid visit after a crash (see runner.ts). */
  onPaymentStarted: (paymentId: string, input: { reference: string; attempt: number; idempotencyKey: string }) => void;
}

const PROMPT: Record<PayProgress['code'], Extract<PaymentProgress, { kind: 'prompt' }>['prompt']> = {
  'insert-card': 'insert-card',
  'enter-pin': 'enter-pin',
  'please-wait': 'processing',
  processing: 'processing',
  'remove-card': 'remove-card',
  other: 'other',
};

/** Payment ids allow letters, digits, "-" and "_": an eTimbre reference plus attempt and try. */
export function paymentIdFor(idempotencyKey: string, tryNo: number): string {
  return `${idempotencyKey.replace(/[^0-9A-Za-z_-]/g, '_')}-t${tryNo}`.slice(0, 64);
}

function timeLocal(iso: string, tz: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export interface PrintEvents {
  /** `ticketId`: the visitor's ticket, for the receipt too. */
  waiting(kind: 'ticket' | 'receipt', ticketId: string, status: { state: string; detail: string } | null): void;
  /** The job ended: printed, or given up (`ok` false). */
  done(kind: 'ticket' | 'receipt', ticketId: string, ok: boolean): void;
}

/** How long a visitor's ticket or receipt stays queued for the printer (paper out…) before it counts as failed. */
export const SLIP_PAPER_WAIT_MS = 15 * 60_000;

/** Prints on the kiosk's printer: slips laid out for it, encoded, journaled as a print job of `kind` for `subject`. */
function slipPrinter(d: Pick<ActorDeps, 'config' | 'hardware' | 'printerEvents'>, paperWaitMs = SLIP_PAPER_WAIT_MS) {
  const cfg = d.config;
  const serviceNames = (code: string) => cfg.services.find((s) => s.code === code)?.name ?? { fr: code };
  const consulateName = { ar: cfg.consulate.name.ar ?? cfg.consulate.name.fr ?? cfg.consulate.code, fr: cfg.consulate.name.fr ?? cfg.consulate.code };
  const printer = () => d.hardware.printer;
  const print = async (kind: 'ticket' | 'receipt', subject: string, blocks: ReturnType<typeof layoutTicket>, ticketId = subject): Promise<PrinterOutput> => {
    const p = printer();
    const { encodeBlocks } = await loadEncoder();
    const { bytes } = encodeBlocks(blocks, { paper: p.paperWidth, model: p.model as never, nativeQr: p.nativeQr });
    const ev = d.printerEvents;
    // The job stays queued while the printer has no paper, so it prints when paper is back; the flow hears of the stop
    // within one status poll instead of at the end of the wait (issue 19, item 2).
    const r = await p.service.print(
      { id: `${kind}:${subject}:${Date.now().toString(36)}`, kind, subject, bytes },
      { paperWaitMs, ...(ev ? { onWaiting: (s) => ev.waiting(kind, ticketId, s ? { state: s.state, detail: s.detail } : null) } : {}) },
    );
    ev?.done(kind, ticketId, r.ok);
    return r.ok ? { ok: true } : { ok: false, reason: r.reason };
  };
  return { cfg, serviceNames, consulateName, printer, print };
}

/** The visitor's ticket on the kiosk's printer: the check-in flow's print, and a staff reprint of a ticket that failed. */
export function ticketPrinter(
  d: Pick<ActorDeps, 'config' | 'hardware' | 'printerEvents'>,
  paperWaitMs = SLIP_PAPER_WAIT_MS,
): (input: PrintTicketInput) => Promise<PrinterOutput> {
  const { cfg, serviceNames, consulateName, printer, print } = slipPrinter(d, paperWaitMs);
  return async (input) =>
    print(
      'ticket',
      input.ticket.id,
      layoutTicket(
        {
          consulateName,
          number: input.ticket.number,
          serviceName: serviceNames(input.services[0] ?? ''),
          // A visit of several services: the ticket lists them in the order it is routed (issue 18 item 8).
          ...(input.services.length > 1 ? { services: input.services.map(serviceNames) } : {}),
          language: input.language,
          issuedAt: { at: new Date(), timeZone: cfg.consulate.timeZone, region: cfg.consulate.code.slice(0, 2) },
          persons: input.persons,
          estimatedWaitMinutes: input.ticket.estimatedWaitMinutes,
          qrPayload: input.ticket.qrPayload ?? input.ticket.id,
          ...(input.ticket.offline ? { offline: true } : {}),
        },
        printer().paperWidth,
        await serverTicketWords(),
      ),
    );
}

export function buildActors(d: ActorDeps) {
  const serviceCodes = new Set(d.config.services.map((s) => s.code));
  const { cfg, serviceNames, consulateName, printer, print } = slipPrinter(d);
  const issuer = createLocalIssuer({ timeZone: cfg.consulate.timeZone, allocateSequence: (c, day) => allocateETimbreSequence(d.db, c, day) });
  const tries = new Map<string, number>();
  const tickets = d.issuer ?? localTicketIssuer(d.db, d.queue);
  const printTicket = ticketPrinter(d);
  // The terminal's customer copy, printed under the consular receipt when the kiosk prints the card receipt (ZVT;
  // Concert E+ sends no receipt data, so there is nothing to print for it).
  const cardReceipt = (paymentId: string | null): string[] => {
    const t = cfg.devices?.terminal;
    if (!paymentId || !t?.printsCardReceipt || t.protocol !== 'zvt') return [];
    return visitorCopy(printableReceipts(d.db, paymentId));
  };

  /** One service's caps, pause and opening hours (issue 18 items 1, 4, 8), told before anyone pays. */
  const walkInServiceAllowed = (service: string, count: (service?: string) => number, wait: number): WalkInOutput => {
    const w = d.checkin.walkIns;
    // Paused by a supervisor (issue 18 item 4): told as walk-ins closed, before anything is paid.
    if (d.servicePauses?.isPaused(service)) return { ok: false, reason: 'closed', detail: { paused: service } };
    const per = w.perService[service];
    if (per !== undefined && count(service) >= per) return { ok: false, reason: 'service-limit' };
    const hours = d.checkin.hours;
    if (!hours) return { ok: true };
    // Told before anyone pays: outside the hours, or a wait that would run past closing (issue 18).
    const at = wallClock(d.now?.() ?? new Date(), cfg.consulate.timeZone);
    const date = `${String(at.year).padStart(4, '0')}-${String(at.month).padStart(2, '0')}-${String(at.day).padStart(2, '0')}`;
    const v = walkInIssuing(hours, service, { date, minutes: at.hour * 60 + at.minute }, wait);
    if (v.open) return { ok: true };
    const detail: Record<string, string | number> = {};
    if (v.next) Object.assign(detail, { nextDate: v.next.date, nextTime: v.next.time });
    if (v.closesAt) detail.closesAt = v.closesAt;
    if (v.closedDayName) detail.holiday = v.closedDayName;
    return { ok: false, reason: v.reason, detail };
  };

  return {
    verifyAppointment: fromPromise<VerifyOutput, Identification>(async ({ input }) => {
      const text = input.kind === 'qr' ? input.payload : input.code;
      const v = await checkIn(d.db, text, d.appointments, {
        consulate: cfg.consulate.code,
        services: serviceCodes,
        kioskId: cfg.kioskId,
        at: new Date(),
        claimer: d.claims,
      });
      if (v.ok) return { ok: true, appointment: v.appointment };
      // A scanned QR that is neither an appointment token nor a well-formed typed code (a web address, another
      // system's code) is not a consulate appointment; "no appointment today" is for a code that could be one.
      const notACode = input.kind === 'qr' && v.reason === 'bad-code';
      const reason = notACode ? 'malformed' : v.reason === 'bad-code' || v.reason === 'unknown-code' ? 'not-found' : v.reason;
      const detail: Record<string, string | number> = {};
      if ('usedAt' in v && typeof v.usedAt === 'string') detail.usedAt = timeLocal(v.usedAt, cfg.consulate.timeZone);
      if ('kioskId' in v && typeof v.kioskId === 'string') detail.kioskId = v.kioskId;
      if ('opensAt' in v && typeof v.opensAt === 'string') detail.opensAt = timeLocal(v.opensAt, cfg.consulate.timeZone);
      return { ok: false, reason: reason as Exclude<VerifyOutput, { ok: true }>['reason'], detail };
    }),

    checkWalkInAllowed: fromPromise<WalkInOutput, WalkInInput>(async ({ input }) => {
      const w = d.checkin.walkIns;
      if (!w.open) return { ok: false, reason: 'closed' };
      const day = d.queue.today();
      const count = (service?: string) => walkInTicketsOn(d.db, { consulate: cfg.consulate.code, businessDay: day, ...(service ? { service } : {}) });
      if (w.perDay !== undefined && count() >= w.perDay) return { ok: false, reason: 'day-limit' };
      // Issue 18 item 8: every service of the visit, before anything is paid; a refusal names its service. The visitor
      // waits first for the first service (one ticket routed in order), so its expected wait is the one judged against
      // each service's closing: a lower bound of when the later services are reached.
      const first = input.services[0];
      const wait = d.checkin.hours && first ? ((await d.waitPreview?.(first))?.estimatedWaitMinutes ?? 0) : 0;
      for (const service of input.services) {
        const r = walkInServiceAllowed(service, count, wait);
        if (!r.ok) return { ...r, service };
      }
      return { ok: true };
    }),

    // Asked when a visit starts and on CONFIRM: a kiosk whose clock is off the hub's must not claim a token or take a fee.
    checkNumbers: fromPromise<NumbersOutput, void>(async () => {
      const r = tickets.refusal();
      if (!r) return { ok: true };
      return { ok: false, reason: r.reason, skewSeconds: Math.round(r.skewMs / 1000), maxSkewSeconds: r.maxSkewSeconds };
    }),

    checkPrinter: fromPromise<PrinterOutput, void>(async () => {
      const r = await printer().service.checkReady();
      return r.ok ? { ok: true } : { ok: false, reason: r.reason };
    }),

    issueETimbre: fromPromise<ETimbreOutput, ETimbreInput>(async ({ input }) => {
      const at = new Date();
      const r = await issuer.issue({ ...input, at: at.toISOString() });
      if (!r.ok) return { ok: false, reason: r.detail };
      recordETimbreReference(d.db, {
        reference: r.reference,
        consulate: input.consulate,
        kioskId: input.kioskId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        services: input.services,
        persons: input.persons,
        appointmentId: input.appointmentId,
        at,
      });
      return { ok: true, reference: r.reference };
    }),

    pay: paymentActor(async (input, signal, progress): Promise<PaymentOutcome> => {
      // A resend of an unacknowledged request reuses the visit's key but is a new journal row: the
      // journal never holds one payment id twice.
      const n = (tries.get(input.idempotencyKey) ?? 0) + 1;
      tries.set(input.idempotencyKey, n);
      const id = paymentIdFor(input.idempotencyKey, n);
      d.onPaymentStarted(id, { reference: input.reference, attempt: input.attempt, idempotencyKey: input.idempotencyKey });
      const out = await d.payments.pay({ id, amountMinor: input.amountMinor, currency: input.currency, reference: input.reference, signal }, (e) => {
        if (e.type === 'state' && e.state === 'sent') progress({ kind: 'acknowledged' });
        if (e.type === 'progress') progress({ kind: 'prompt', prompt: PROMPT[e.code], text: e.text });
      });
      if (out.ok)
        return {
          status: 'approved',
          authCode: out.payment.authCode ?? '',
          ...(out.payment.maskedPan ? { maskedPan: out.payment.maskedPan } : {}),
          ...(out.payment.shortRef ? { terminalRef: out.payment.shortRef } : {}),
          paymentId: out.payment.id,
        };
      switch (out.outcome) {
        case 'declined':
          return { status: 'declined', reason: out.reason };
        case 'aborted':
          return { status: 'aborted' };
        case 'not_sent':
          return { status: 'not_sent', detail: out.reason };
        case 'unknown':
          return { status: 'unknown', detail: out.reason };
        case 'refused':
          // Refused before anything was sent (busy, locked for reconciliation): nothing was charged.
          appendEvent(d.db, { kind: 'checkin.payment-refused', subject: id, payload: { code: out.reason, message: out.detail } });
          return { status: 'not_sent', detail: out.detail };
      }
    }),

    issueTicket: fromPromise<Ticket, IssueTicketInput>(async ({ input }) => {
      const service = input.services[0];
      if (!service) throw new Error('a ticket needs a service');
      // The queue orders appointment tickets by their booked slot.
      const slot = input.source === 'appointment' ? input.appointment?.slotStart : undefined;
      // The ticket and the event that ties it to the visit: one commit, durable before the number is printed or shown.
      // The request key makes a retried or resumed visit get the same ticket: the paid visit's eTimbre reference, or a
      // key of its own for a free visit (nothing resumes those).
      const r = await tickets.issue(
        {
          service,
          kind: slot ? 'appointment' : 'walk-in',
          ...(slot ? { slot } : {}),
          persons: input.persons,
          lang: input.language,
          // Issue 18: the walk-in's priority request; the queue has staff confirm it or grants it (queue.priorityRequests).
          ...(!slot && isPriority(input.priorityRequest) ? { priorityRequest: input.priorityRequest } : {}),
          // Several services: one ticket, routed through them in order (domain/queue/route.ts).
          ...(input.services.length > 1 ? { route: input.services } : {}),
        },
        input.etimbreReference ?? `visit:${randomUUID()}`,
        (issued) =>
          recordTicketIssued(d.db, issued.ticket.id, {
            number: issued.ticket.label ?? issued.ticket.number,
            etimbreReference: input.etimbreReference,
            source: input.source,
            ...(input.appointment ? { tokenId: input.appointment.tokenId } : {}),
          }),
        { paid: input.paid },
      );
      if (!r.ok) throw new Error(r.detail);
      return {
        id: r.ticket.id,
        number: String(r.ticket.label ?? r.ticket.number),
        estimatedWaitMinutes: r.estimatedWaitMinutes,
        qrPayload: r.ticket.id,
        ...(r.offline ? { offline: true } : {}),
      };
    }),

    printTicket: fromPromise<PrinterOutput, PrintTicketInput>(async ({ input }) => printTicket(input)),

    printReceipt: fromPromise<PrinterOutput, PrintReceiptInput>(async ({ input }) =>
      print(
        'receipt',
        input.etimbreReference,
        layoutReceipt(
          {
            consulateName,
            number: input.ticket.number,
            serviceName: serviceNames(input.quote.lines[0]?.service ?? ''),
            ...(input.quote.lines.length > 1 ? { services: input.quote.lines.map((l) => serviceNames(l.service)) } : {}),
            language: input.language,
            issuedAt: { at: new Date(), timeZone: cfg.consulate.timeZone, region: cfg.consulate.code.slice(0, 2) },
            persons: input.quote.lines[0]?.persons ?? 1,
            estimatedWaitMinutes: input.ticket.estimatedWaitMinutes,
            qrPayload: input.ticket.qrPayload ?? input.ticket.id,
            fees: input.quote.lines.map((l) => ({
              label: `${serviceNames(l.service)[input.language] ?? serviceNames(l.service).fr ?? l.service} × ${l.persons}`,
              amountMinor: l.totalMinor,
            })),
            totalMinor: input.quote.totalMinor,
            currency: input.quote.currency,
            eTimbreReference: input.etimbreReference,
            authCode: input.authCode,
            ...(input.maskedPan ? { maskedPan: input.maskedPan } : {}),
            ...(input.terminalRef ? { terminalRef: input.terminalRef } : {}),
            terminalReceiptLines: cardReceipt(input.paymentId),
          },
          printer().paperWidth,
          await serverTicketWords(),
        ),
        input.ticket.id,
      ),
    ),

    scanner: scannerActor((onScan, onFault, onOk) => {
      const s = d.hardware.scanner;
      const offCode = s.onCode((c) => onScan(c.text));
      const offStatus = s.onStatus((st) => (st.status === 'ok' ? onOk() : onFault(st.detail)));
      return () => {
        offCode();
        offStatus();
      };
    }),
  };
}
