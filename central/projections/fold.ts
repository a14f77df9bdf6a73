// A batch's operations folded per row (issue 16), so that central/db/projections.ts writes each table with one
// statement per batch instead of one per event, and still ends with what applying the operations one by one leaves.
// One by one, an update of a row that does not exist yet does nothing, and a second insert of a row does nothing.
// So each row keeps two folds: `all` (every update of the batch, for a row that existed before it) and `fresh` (the
// updates after the batch's first insert of it, for a row that batch creates). The SQL updates the existing rows
// with `all`, then inserts the new ones with `fresh` already applied (ON CONFLICT DO NOTHING skips existing ones).
import type { Op } from './ops';

type OpOf<K extends Op['op']> = Extract<Op, { op: K }>;

export interface TicketEffects {
  /** The first 'called' (not recalled) call's time: first_called_at = coalesce(first_called_at, at). */
  firstCalledAt: Date | null;
  /** The last state and its time; null when no state event. */
  state: string | null;
  stateAt: Date | null;
  served: number;
  noShows: number;
}

export interface VisitEffects {
  completedAt: Date | null;
  /** The first non-null ticket of the completions: ticket = coalesce(ticket, $ticket). */
  ticket: string | null;
}

export interface PaymentEffects {
  state: string | null;
  stateAt: Date | null;
}

export interface Folded<I, E> {
  insert: I | null;
  all: E;
  fresh: E;
  /** Whether any update touched the row (else the UPDATE of existing rows leaves it out). */
  updated: boolean;
}

export interface FoldedBatch {
  tickets: Map<string, Folded<OpOf<'ticket-issued'>, TicketEffects>>;
  calls: Array<OpOf<'ticket-call'>>;
  visits: Map<string, Folded<OpOf<'visit-issued'>, VisitEffects>>;
  /** The last quote per payment: an upsert, so the last one wins. */
  quotes: Map<string, OpOf<'payment-quote'>>;
  payments: Map<string, Folded<OpOf<'payment-intent'>, PaymentEffects>>;
  /** The first close per day and terminal (ON CONFLICT DO NOTHING keeps the first). */
  closes: Map<string, OpOf<'day-closed'>>;
  corrections: Map<number, OpOf<'day-correction'>>;
  /** Device operations in order: few, and their replace/upsert rules depend on order. */
  devices: Array<OpOf<'devices'>>;
}

function entry<I, E>(m: Map<string, Folded<I, E>>, key: string, empty: () => E): Folded<I, E> {
  let f = m.get(key);
  if (!f) {
    f = { insert: null, all: empty(), fresh: empty(), updated: false };
    m.set(key, f);
  }
  return f;
}

/** Applies `fn` to the `all` fold and, once the row is inserted in this batch, to the `fresh` fold too. */
function update<I, E>(f: Folded<I, E>, fn: (e: E) => void): void {
  f.updated = true;
  fn(f.all);
  if (f.insert) fn(f.fresh);
}

const noTicket = (): TicketEffects => ({ firstCalledAt: null, state: null, stateAt: null, served: 0, noShows: 0 });
const noVisit = (): VisitEffects => ({ completedAt: null, ticket: null });
const noPayment = (): PaymentEffects => ({ state: null, stateAt: null });

export function foldOps(ops: Iterable<Op>): FoldedBatch {
  const b: FoldedBatch = {
    tickets: new Map(),
    calls: [],
    visits: new Map(),
    quotes: new Map(),
    payments: new Map(),
    closes: new Map(),
    corrections: new Map(),
    devices: [],
  };
  for (const o of ops) {
    switch (o.op) {
      case 'ticket-issued': {
        const f = entry(b.tickets, o.ticketId, noTicket);
        f.insert ??= o;
        break;
      }
      case 'ticket-call':
        b.calls.push(o);
        if (o.kind === 'called') update(entry(b.tickets, o.ticketId, noTicket), (e) => void (e.firstCalledAt ??= o.at));
        break;
      case 'ticket-state':
        update(entry(b.tickets, o.ticketId, noTicket), (e) => {
          e.state = o.state;
          e.stateAt = o.at;
          e.served += o.served ? 1 : 0;
          e.noShows += o.noShow ? 1 : 0;
        });
        break;
      case 'visit-issued': {
        const f = entry(b.visits, o.reference, noVisit);
        f.insert ??= o;
        break;
      }
      case 'visit-completed':
        update(entry(b.visits, o.reference, noVisit), (e) => {
          e.completedAt ??= o.at;
          e.ticket ??= o.ticket;
        });
        break;
      case 'payment-quote':
        b.quotes.set(o.paymentId, o);
        break;
      case 'payment-intent': {
        const f = entry(b.payments, o.paymentId, noPayment);
        f.insert ??= o;
        break;
      }
      case 'payment-state':
        update(entry(b.payments, o.paymentId, noPayment), (e) => {
          e.state = o.state;
          e.stateAt = o.at;
        });
        break;
      case 'day-closed': {
        const key = `${o.businessDay}\u0000${o.terminalId}`;
        if (!b.closes.has(key)) b.closes.set(key, o);
        break;
      }
      case 'day-correction':
        if (!b.corrections.has(o.eventId)) b.corrections.set(o.eventId, o);
        break;
      case 'devices':
        b.devices.push(o);
        break;
    }
  }
  return b;
}
