// Synthetic post journals for the central benchmark (issue 16): what a post's daemon journals in a working day, with
// the kinds and payloads central/projections/ops.ts reads (as test/central/dashboard-helpers.ts storeSyntheticDay, at
// scale) and a real hash chain (shared/event-chain.ts), so that the real ingest takes them. About 146 visits a post a
// day: 60 posts × 365 days ≈ 3.2 M visits, the year.
import { eventHash, type LinkedEvent } from '../shared/event-chain';
import { seededRandom } from '../test/support/random';

/** A journal row with its links, as shared/event-chain.ts checks it. */
export type ChainedEvent = LinkedEvent;

/** One post's journal as it grows day by day: the next id and the last link. */
export interface PostChain {
  postId: string;
  nextId: number;
  lastHash: string;
  random: () => number;
}

export const VISITS_PER_DAY = 146;
const SERVICES = [
  { code: 'passport', prefix: 'C', feeMad: '860', eur: 8000 },
  { code: 'registration', prefix: 'A', feeMad: '0', eur: 0 },
  { code: 'civil-status', prefix: 'B', feeMad: '120', eur: 1100 },
  { code: 'visa', prefix: 'D', feeMad: '650', eur: 6000 },
];
const COUNTERS = ['1', '2', '3', '4'];
const AGENTS = ['amina', 'yusuf', 'karim', 'leila'];

/** Post ids as the posts table wants them (two letters, a dash, three letters): XA-AAA, XA-AAB, … */
export function postIdOf(i: number): string {
  const l = (n: number) => String.fromCharCode(65 + (n % 26));
  return `X${l(Math.floor(i / 17576))}-${l(Math.floor(i / 676))}${l(Math.floor(i / 26))}${l(i)}`;
}

export function newChain(postId: string, seed: number): PostChain {
  return { postId, nextId: 1, lastHash: '', random: seededRandom(seed) };
}

/**
 * The journal of one business day (`day` "YYYY-MM-DD", opening 08:30 UTC): the daemon's start with its devices, then
 * each visitor: about 70% pay a fee at the kiosk (eTimbre, quote, payment intent → sent → approved or declined, check-in
 * completed with the ticket), every visitor takes a ticket, is called, then served (or, 1 in 20, recalled twice and marked
 * a no-show); the last visitors of `openDay` still wait. A printer fault now and then; the terminal's day closed at the end.
 */
export function postDay(chain: PostChain, day: string, o: { openDay?: boolean } = {}): { events: ChainedEvent[]; visits: number } {
  const r = chain.random;
  const events: ChainedEvent[] = [];
  let t = Date.parse(`${day}T08:30:00Z`);
  const push = (kind: string, subject: string | null, payload: unknown, stepMs = 1000 + Math.floor(r() * 4000)) => {
    t += stepMs;
    const at = new Date(t).toISOString();
    const text = JSON.stringify(payload);
    const hash = eventHash(chain.lastHash, at, kind, subject, text);
    events.push({ id: chain.nextId++, at, kind, subject, payload: text, prevHash: chain.lastHash, hash });
    chain.lastHash = hash;
  };
  push('daemon.started', null, { version: '1.0.0', devices: [{ id: 'printer' }, { id: 'terminal' }, { id: 'scanner' }] });
  const visits = Math.round(VISITS_PER_DAY * (0.8 + r() * 0.4));
  const seq = new Map<string, number>();
  let paidCount = 0;
  let paidMinor = 0;
  for (let v = 0; v < visits; v++) {
    const s = SERVICES[Math.floor(r() * SERVICES.length)]!;
    const persons = r() < 0.8 ? 1 : 2;
    const n = (seq.get(s.prefix) ?? 0) + 1;
    seq.set(s.prefix, n);
    const ticket = `${chain.postId}/${day}/${s.prefix}/${n}`;
    const arrive = 60_000 + Math.floor(r() * 180_000);
    if (s.eur > 0 && r() < 0.9) {
      const ref = `ET-${chain.postId}-${day}-${v}`;
      const pay = `${chain.postId}-${day}-pay-${v}`;
      const amountMinor = s.eur * persons;
      push('etimbre.issued', ref, { amountMinor, currency: 'EUR', services: [s.code], persons, kioskId: 'K1' }, arrive);
      push('checkin.paying', pay, { visit: { quote: { lines: [{ unitFeeMad: s.feeMad, persons }] } } });
      push('payment.intent', pay, { kioskId: 'K1', terminalId: 'terminal', amountMinor, currency: 'EUR', reference: ref, isTest: false, shortRefDay: day });
      push('payment.sent', pay, { from: 'intent', to: 'sent' });
      const ok = r() < 0.95;
      push(ok ? 'payment.approved' : 'payment.declined', pay, { from: 'sent', to: ok ? 'approved' : 'declined' }, 8000 + Math.floor(r() * 10_000));
      if (ok) {
        paidCount++;
        paidMinor += amountMinor;
      }
      push('checkin.completed', ref, { ticket });
    }
    push('queue.ticket.issued', ticket, { service: s.code, counter: null, actor: 'kiosk:K1', persons, label: `${s.prefix}${n}` }, v === 0 ? arrive : 500);
    if (o.openDay && v >= visits - 5) continue;
    const c = Math.floor(r() * COUNTERS.length);
    const who = { service: s.code, counter: COUNTERS[c]!, actor: AGENTS[c]! };
    push('queue.ticket.called', ticket, who);
    if (r() < 0.05) {
      push('queue.ticket.recalled', ticket, who, 60_000);
      push('queue.ticket.recalled', ticket, who, 60_000);
      push('queue.ticket.no-show', ticket, who, 60_000);
    } else {
      push('queue.ticket.started', ticket, who, 30_000);
      push('queue.ticket.finished', ticket, who, 120_000 + Math.floor(r() * 600_000));
    }
    if (r() < 0.005) push('diagnostics.fault', 'printer', { fault: 'paper-out', by: 'karim' });
  }
  if (!o.openDay) {
    const totals = { totalMinor: paidMinor, count: paidCount };
    push('day.closed', `${day}/terminal`, {
      businessDay: day,
      terminalId: 'terminal',
      currency: 'EUR',
      source: 'simulator-log',
      balanced: true,
      terminal: totals,
      journal: totals,
      by: 'sofia',
    });
  }
  return { events, visits };
}

/** The `days` business days ending with `last`, oldest first. */
export function daysUntil(last: string, days: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
