// What one journal event means for the ministry's tables (issue 16): a pure reading of the post's event kinds
// and payloads, written by store/queue.ts (queue.ticket.*), store/etimbre.ts, store/checkin.ts, store/payments.ts,
// store/day-close.ts, server/diagnostics/routes.ts, server/post/alerts/registry.ts and server/daemon.ts. The SQL
// that applies these operations is central/db/projections.ts.

export interface RawEvent {
  id: number;
  at: Date;
  kind: string;
  subject: string | null;
  /** The journal's JSON text, as the post stored it. */
  payload: string;
}

export interface Stream {
  postId: string;
  /** 'post' or 'kiosk:K2'. */
  origin: string;
}

export interface DeviceState {
  deviceId: string;
  kind: string | null;
  status: string;
  detail: string | null;
  paper: string | null;
  since: Date;
}

export type Op =
  | { op: 'ticket-issued'; ticketId: string; businessDay: string; service: string; persons: number; at: Date }
  | { op: 'ticket-call'; eventId: number; ticketId: string; at: Date; kind: 'called' | 'recalled'; counter: string | null; service: string }
  | { op: 'ticket-state'; ticketId: string; at: Date; state: string; served?: boolean; noShow?: boolean }
  | { op: 'visit-issued'; reference: string; at: Date; services: string; persons: number; amountMinor: number; currency: string }
  | { op: 'visit-completed'; reference: string; at: Date; ticket: string | null }
  | { op: 'payment-quote'; paymentId: string; feesMad: string[]; persons: number[] }
  | {
      op: 'payment-intent';
      paymentId: string;
      kioskId: string;
      terminalId: string;
      businessDay: string;
      at: Date;
      amountMinor: number;
      currency: string;
      reference: string | null;
      isTest: boolean;
    }
  | { op: 'payment-state'; paymentId: string; state: string; at: Date }
  | {
      op: 'day-closed';
      businessDay: string;
      terminalId: string;
      currency: string;
      source: string;
      balanced: boolean;
      terminal: { totalMinor: number; count: number };
      journal: { totalMinor: number; count: number };
      by: string;
      at: Date;
    }
  | {
      op: 'day-correction';
      eventId: number;
      businessDay: string;
      terminalId: string;
      paymentId: string | null;
      amountMinor: number | null;
      note: string;
      by: string;
      at: Date;
    }
  | { op: 'devices'; kioskId: string; replace: boolean; devices: DeviceState[] };

/** The payment states of store/payments.ts (TRANSITIONS); `payment.<state with - for _>` is each one's event. */
export const PAYMENT_STATES = ['intent', 'sent', 'approved', 'declined', 'aborted', 'unknown', 'not_sent', 'settled_approved', 'settled_not_charged'] as const;
const STATE_OF_KIND = new Map<string, string>(PAYMENT_STATES.map((s) => [`payment.${s.replace(/_/g, '-')}`, s]));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const pair = (v: unknown) => {
  const o = (v ?? {}) as Record<string, unknown>;
  return { totalMinor: num(o.totalMinor), count: num(o.count) };
};

/** A ticket's business day: its id is CONSULATE/DAY/PREFIX/SEQ (store/queue.ts issue). */
export function ticketDay(ticketId: string, at: Date): string {
  const day = ticketId.split('/')[1];
  return day && DAY.test(day) ? day : at.toISOString().slice(0, 10);
}

/** The kiosk a stream's own devices belong to: 'post' for the post's own journal, K2 for 'kiosk:K2'. */
export const kioskOfOrigin = (origin: string) => (origin.startsWith('kiosk:') ? origin.slice(6) : origin);

export function opsOf(stream: Stream, e: RawEvent): Op[] {
  let p: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(e.payload);
    p = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    // The chain covers the text as stored; a payload that is not JSON carries no figures.
    return [];
  }
  const subject = e.subject ?? '';
  if (e.kind.startsWith('queue.ticket.')) {
    const kind = e.kind.slice('queue.ticket.'.length);
    const service = str(p.service) ?? '?';
    switch (kind) {
      case 'issued':
        return [{ op: 'ticket-issued', ticketId: subject, businessDay: ticketDay(subject, e.at), service, persons: num(p.persons, 1), at: e.at }];
      case 'called':
      case 'recalled':
        return [
          { op: 'ticket-call', eventId: e.id, ticketId: subject, at: e.at, kind, counter: str(p.counter), service },
          { op: 'ticket-state', ticketId: subject, at: e.at, state: 'called' },
        ];
      case 'started':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'serving' }];
      case 'finished':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'finished', served: true }];
      case 'no-show':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'no-show', noShow: true }];
      case 'transferred':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'waiting' }];
      case 'expired':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'expired' }];
      // A supervisor's cancel, or a visit refunded in full (issue 17): no longer waiting on the network page.
      case 'cancelled':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'cancelled' }];
      // A no-show a supervisor reopened (issue 18 item 4): waiting again (its no-show stays counted: it happened).
      case 'reopened':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'waiting' }];
      // Parked at a counter (issue 18): neither waiting nor at a counter until it is called back.
      case 'held':
        return [{ op: 'ticket-state', ticketId: subject, at: e.at, state: 'held' }];
      default:
        return [];
    }
  }
  switch (e.kind) {
    case 'etimbre.issued':
      return [
        {
          op: 'visit-issued',
          reference: subject,
          at: e.at,
          services: Array.isArray(p.services) ? p.services.map(String).join('+') : '',
          persons: num(p.persons, 1),
          amountMinor: num(p.amountMinor),
          currency: str(p.currency) ?? '?',
        },
      ];
    case 'checkin.completed':
      return [{ op: 'visit-completed', reference: subject, at: e.at, ticket: str(p.ticket) }];
    case 'checkin.paying': {
      const quote = ((p.visit as Record<string, unknown> | undefined)?.quote ?? null) as { lines?: unknown } | null;
      const lines = Array.isArray(quote?.lines) ? (quote.lines as Array<Record<string, unknown>>) : [];
      const ok = lines.filter((l) => /^\d+(\.\d+)?$/.test(String(l.unitFeeMad)) && Number.isInteger(l.persons));
      if (ok.length === 0 || ok.length !== lines.length) return [];
      return [{ op: 'payment-quote', paymentId: subject, feesMad: ok.map((l) => String(l.unitFeeMad)), persons: ok.map((l) => Number(l.persons)) }];
    }
    case 'payment.intent': {
      const day = str(p.shortRefDay);
      return [
        {
          op: 'payment-intent',
          paymentId: subject,
          kioskId: str(p.kioskId) ?? kioskOfOrigin(stream.origin),
          terminalId: str(p.terminalId) ?? 'terminal',
          businessDay: day && DAY.test(day) ? day : e.at.toISOString().slice(0, 10),
          at: e.at,
          amountMinor: num(p.amountMinor),
          currency: str(p.currency) ?? '?',
          reference: str(p.reference),
          isTest: p.isTest === true,
        },
      ];
    }
    case 'day.closed': {
      const day = str(p.businessDay);
      if (!day || !DAY.test(day)) return [];
      return [
        {
          op: 'day-closed',
          businessDay: day,
          terminalId: str(p.terminalId) ?? 'terminal',
          currency: str(p.currency) ?? '?',
          source: str(p.source) ?? '?',
          balanced: p.balanced === true,
          terminal: pair(p.terminal),
          journal: pair(p.journal),
          by: str(p.by) ?? '?',
          at: e.at,
        },
      ];
    }
    case 'day.correction': {
      const [day, ...terminal] = subject.split('/');
      if (!day || !DAY.test(day)) return [];
      return [
        {
          op: 'day-correction',
          eventId: e.id,
          businessDay: day,
          terminalId: terminal.join('/'),
          paymentId: str(p.paymentId),
          amountMinor: typeof p.amountMinor === 'number' ? p.amountMinor : null,
          note: str(p.note) ?? '',
          by: str(p.by) ?? '?',
          at: e.at,
        },
      ];
    }
    // A hub's view of one of its kiosks, and a daemon's own lights (server/devices/journal-changes.ts): the same list.
    case 'post.kiosk-devices':
    case 'devices.changed': {
      const list = Array.isArray(p.devices) ? (p.devices as Array<Record<string, unknown>>) : [];
      return [
        {
          op: 'devices',
          kioskId: e.kind === 'devices.changed' ? kioskOfOrigin(stream.origin) : subject,
          replace: true,
          devices: list.map((d) => ({
            deviceId: str(d.id) ?? '?',
            kind: str(d.kind),
            status: str(d.status) ?? 'unknown',
            detail: str(d.detail),
            paper: str(d.paper),
            since: e.at,
          })),
        },
      ];
    }
    case 'diagnostics.fault': {
      const fault = str(p.fault) ?? 'fault';
      const clear = fault === 'clear';
      return [
        {
          op: 'devices',
          kioskId: kioskOfOrigin(stream.origin),
          replace: false,
          devices: [
            {
              deviceId: subject,
              kind: null,
              status: clear ? 'ok' : 'error',
              detail: clear ? null : fault,
              paper: fault === 'paper-out' ? 'out' : null,
              since: e.at,
            },
          ],
        },
      ];
    }
    case 'daemon.started': {
      // A restart reopens every device: what was known of their faults no longer holds.
      const list = Array.isArray(p.devices) ? (p.devices as Array<Record<string, unknown>>) : [];
      return [
        {
          op: 'devices',
          kioskId: kioskOfOrigin(stream.origin),
          replace: true,
          devices: list.map((d) => ({ deviceId: str(d.id) ?? '?', kind: str(d.id), status: 'ok', detail: null, paper: null, since: e.at })),
        },
      ];
    }
  }
  const state = STATE_OF_KIND.get(e.kind);
  if (state && state !== 'intent') return [{ op: 'payment-state', paymentId: subject, state, at: e.at }];
  return [];
}
