// A business day across the post (issue 15, item 4): the hub's own payments and day closes, and each kiosk's
// as the hub holds them from its shipped journal (store/post-events.ts). Payments stay on the kiosk that took
// them and each kiosk closes its own terminal's day, so the hub only reads; it calls the post's day complete
// when no kiosk can still change the figures: nothing unshipped (as of the head it last reported), no payment
// open (intent, sent or unknown as shipped), no forked chain, and every terminal that took payments closed.
import type { Db } from '../../store/db';
import { correctionsOf, dayClosesOf, paymentsBetween } from '../../store/day-close';
import { kioskHeads, shippedDayCloses, shippedPaymentsBetween, type KioskHead } from '../../store/post-events';
import { shippedCorrections } from '../../store/post-day-corrections';
import { listKiosks, type KioskRow } from '../../store/post-kiosks';
import type { PaymentState } from '../../store/payments';

const TAKEN: readonly PaymentState[] = ['approved', 'settled_approved'];
const OPEN: readonly PaymentState[] = ['intent', 'sent', 'unknown'];

export interface KioskTotals {
  currency: string;
  /** Approved (or settled approved), not tests: the fees taken. */
  payments: number;
  totalMinor: number;
  testPayments: number;
  testTotalMinor: number;
  pending: number;
}

/** A note (and amount) a supervisor added to a day close after it was made: shown beside the close, never summed into it. */
export interface CloseCorrection {
  paymentId: string | null;
  amountMinor: number | null;
  note: string;
  by: string;
  at: string;
}

export interface KioskClose {
  terminalId: string;
  currency: string;
  source: string;
  balanced: boolean;
  terminalTotalMinor: number;
  journalTotalMinor: number;
  by: string;
  closedAt: string;
  corrections: CloseCorrection[];
}

export type DayCloseStatus = 'closed' | 'differences' | 'not-closed' | 'nothing-to-close';

export interface KioskDay {
  kioskId: string;
  /** The hub's (or standalone daemon's) own journal rather than a kiosk's shipped one. */
  local: boolean;
  totals: KioskTotals[];
  /** Payments still open as far as the hub knows. */
  pending: string[];
  /** Terminals that took or tried payments in the period. */
  terminals: string[];
  /** Only when a single business day was asked for. */
  closes: KioskClose[] | null;
  dayClose: DayCloseStatus | null;
  link: Pick<KioskHead, 'lag' | 'reportedHead' | 'shippedThrough' | 'lastContact' | 'lastReceivedAt' | 'fork'> | null;
  /** A kiosk enrolled at this hub that never shipped an event: the hub knows nothing of its payments. */
  nothingReceived: boolean;
  /** Its enrolment at this hub (lastSeenAt: its last authenticated request), or null (the hub itself, or not enrolled here). */
  enrolment: Pick<KioskRow, 'enrolledAt' | 'revokedAt' | 'lastSeenAt'> | null;
}

export type Refusal = { kioskId: string; reason: 'fork' | 'lag' | 'pending' | 'not-closed' | 'nothing-received'; text: string };

export interface PostDay {
  day: string;
  kiosks: KioskDay[];
  /** Fees taken post-wide, by currency. */
  totals: Array<{ currency: string; payments: number; totalMinor: number }>;
  complete: boolean;
  refusals: Refusal[];
}

interface Pay {
  id: string;
  terminalId: string;
  currency: string;
  amountMinor: number;
  isTest: boolean;
  state: PaymentState;
}

function figures(pays: readonly Pay[]): Pick<KioskDay, 'totals' | 'pending' | 'terminals'> {
  const by = new Map<string, KioskTotals>();
  const pending: string[] = [];
  for (const p of pays) {
    let t = by.get(p.currency);
    if (!t) by.set(p.currency, (t = { currency: p.currency, payments: 0, totalMinor: 0, testPayments: 0, testTotalMinor: 0, pending: 0 }));
    if (OPEN.includes(p.state)) {
      pending.push(p.id);
      t.pending++;
    } else if (TAKEN.includes(p.state) && p.isTest) {
      t.testPayments++;
      t.testTotalMinor += p.amountMinor;
    } else if (TAKEN.includes(p.state)) {
      t.payments++;
      t.totalMinor += p.amountMinor;
    }
  }
  return {
    totals: [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    pending,
    terminals: [...new Set(pays.map((p) => p.terminalId))].sort(),
  };
}

function closeStatus(terminals: readonly string[], closes: readonly KioskClose[]): DayCloseStatus {
  if (terminals.some((t) => !closes.some((c) => c.terminalId === t))) return 'not-closed';
  if (closes.length === 0) return 'nothing-to-close';
  return closes.every((c) => c.balanced) ? 'closed' : 'differences';
}

/**
 * The hub's own figures (a row only when it took payments or closed a day) and every kiosk that ever shipped to
 * it, over [from, to). With `day`, each row also says whether that business day is closed.
 */
export function kioskDays(db: Db, bounds: { from: string; to: string }, opts: { localId?: string; day?: string } = {}): KioskDay[] {
  const localId = opts.localId ?? 'hub';
  const day = opts.day;
  const rows: KioskDay[] = [];

  const own = paymentsBetween(db, bounds.from, bounds.to);
  const ownCloses: KioskClose[] | null =
    day === undefined
      ? null
      : dayClosesOf(db, day).map((c) => ({
          terminalId: c.terminalId,
          currency: c.currency,
          source: c.source,
          balanced: c.status === 'balanced',
          terminalTotalMinor: c.terminalTotalMinor,
          journalTotalMinor: c.journalTotalMinor,
          by: c.closedBy,
          closedAt: c.closedAt,
          corrections: correctionsOf(db, c.id).map(({ paymentId, amountMinor, note, by, at }) => ({ paymentId, amountMinor, note, by, at })),
        }));
  if (own.length > 0 || (ownCloses?.length ?? 0) > 0) {
    const f = figures(own);
    rows.push({
      kioskId: localId,
      local: true,
      ...f,
      closes: ownCloses,
      dayClose: ownCloses && closeStatus(f.terminals, ownCloses),
      link: null,
      nothingReceived: false,
      enrolment: null,
    });
  }

  const shipped = shippedPaymentsBetween(db, bounds.from, bounds.to);
  const closes = day === undefined ? [] : shippedDayCloses(db, day);
  const corrections = day === undefined ? [] : shippedCorrections(db, day);
  const enrolled = new Map(listKiosks(db).map((k) => [k.kioskId, k]));
  const heads = kioskHeads(db);
  for (const h of heads) {
    const f = figures(shipped.filter((p) => p.kioskId === h.kioskId).map((p) => ({ ...p, id: p.paymentId })));
    const kc: KioskClose[] | null =
      day === undefined
        ? null
        : closes
            .filter((c) => c.kioskId === h.kioskId)
            .map((c) => ({
              terminalId: c.terminalId,
              currency: c.currency,
              source: c.source,
              balanced: c.balanced,
              terminalTotalMinor: c.terminal.totalMinor,
              journalTotalMinor: c.journal.totalMinor,
              by: c.by,
              closedAt: c.closedAt,
              // One close per kiosk, day and terminal (the kiosk refuses a second): its corrections go by terminal.
              corrections: corrections
                .filter((x) => x.kioskId === h.kioskId && x.terminalId === c.terminalId)
                .map(({ paymentId, amountMinor, note, by, at }) => ({ paymentId, amountMinor, note, by, at })),
            }));
    const { lag, reportedHead, shippedThrough, lastContact, lastReceivedAt, fork } = h;
    rows.push({
      kioskId: h.kioskId,
      local: false,
      ...f,
      closes: kc,
      dayClose: kc && closeStatus(f.terminals, kc),
      link: { lag, reportedHead, shippedThrough, lastContact, lastReceivedAt, fork },
      nothingReceived: false,
      enrolment: enrolmentOf(enrolled.get(h.kioskId)),
    });
  }
  // Enrolled but silent: without a row the supervisor would not see that a kiosk's day is missing altogether.
  for (const k of enrolled.values()) {
    if (heads.some((h) => h.kioskId === k.kioskId)) continue;
    rows.push({
      kioskId: k.kioskId,
      local: false,
      totals: [],
      pending: [],
      terminals: [],
      closes: day === undefined ? null : [],
      dayClose: day === undefined ? null : 'nothing-to-close',
      link: null,
      nothingReceived: true,
      enrolment: enrolmentOf(k),
    });
  }
  return rows.sort((a, b) => Number(b.local) - Number(a.local) || a.kioskId.localeCompare(b.kioskId));
}

const enrolmentOf = (k: KioskRow | undefined): KioskDay['enrolment'] =>
  k ? { enrolledAt: k.enrolledAt, revokedAt: k.revokedAt, lastSeenAt: k.lastSeenAt } : null;

function refusalsOf(k: KioskDay): Refusal[] {
  const who = k.local ? `the hub's own journal (${k.kioskId})` : `kiosk ${k.kioskId}`;
  const out: Refusal[] = [];
  // A revoked kiosk is out of service: it can no longer ship, so it cannot hold the day back.
  if (k.nothingReceived && !k.enrolment?.revokedAt)
    out.push({
      kioskId: k.kioskId,
      reason: 'nothing-received',
      text:
        `${who} was enrolled at the hub (${k.enrolment?.enrolledAt ?? '?'}) but the hub has received nothing from it ` +
        `(last contact: ${k.enrolment?.lastSeenAt ?? 'never'}), so its payments are unknown here: run kiosk diag on that PC and ` +
        `let it ship, or revoke it (kiosk hub revoke ${k.kioskId}) if it is not in service`,
    });
  const l = k.link;
  if (l?.fork)
    out.push({
      kioskId: k.kioskId,
      reason: 'fork',
      text:
        `${who}: its journal parted from the hub's copy at event ${l.fork.atId} (${l.fork.reason}); the hub's figures stop at event ` +
        `${l.shippedThrough}. A supervisor must look at the kiosk's journal (diagnostics) before the post's day can be complete`,
    });
  if (l && l.lag > 0)
    out.push({
      kioskId: k.kioskId,
      reason: 'lag',
      text:
        `${who} has ${l.lag} event${l.lag === 1 ? '' : 's'} not yet shipped to the hub (its journal was at event ${l.reportedHead} ` +
        `when it last reported, ${l.lastContact}; the hub holds ${l.shippedThrough}): check its link to the hub (kiosk diag), wait for it to ship, reload`,
    });
  if (k.pending.length > 0)
    out.push({
      kioskId: k.kioskId,
      reason: 'pending',
      text:
        `${who} has payments still open (intent, sent or unknown): ${k.pending.join(', ')}; ` +
        `settle them at ${k.local ? 'the hub' : 'the kiosk'} (payments page)`,
    });
  if (k.dayClose === 'not-closed') {
    const open = k.terminals.filter((t) => !k.closes?.some((c) => c.terminalId === t));
    out.push({
      kioskId: k.kioskId,
      reason: 'not-closed',
      text:
        `${who} has not closed the day of terminal ${open.join(', ')}: ` +
        `close it at ${k.local ? 'the hub' : 'that kiosk'} (the terminal's end of day) and let it ship`,
    });
  }
  return out;
}

export function postDay(db: Db, day: string, bounds: { from: string; to: string }, opts: { localId?: string } = {}): PostDay {
  const kiosks = kioskDays(db, bounds, { ...opts, day });
  const sums = new Map<string, { currency: string; payments: number; totalMinor: number }>();
  for (const k of kiosks)
    for (const t of k.totals) {
      const s = sums.get(t.currency) ?? { currency: t.currency, payments: 0, totalMinor: 0 };
      s.payments += t.payments;
      s.totalMinor += t.totalMinor;
      sums.set(t.currency, s);
    }
  const refusals = kiosks.flatMap(refusalsOf);
  return { day, kiosks, totals: [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency)), complete: refusals.length === 0, refusals };
}
