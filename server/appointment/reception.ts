// Reception check-in at a counter (issue 18 item 5): an agent finds an appointment (typed code, QR text from a wedge
// scanner, or a row of the day's list, which carries the code) and checks the visitor in. The same verifier as the
// kiosk (signature, consulate, service, revocation, window); the same "check in once" register (markUsed's key: a
// token checked in at a kiosk is refused here, with its ticket, and the other way round); the same queue and the
// same appointment lane (kind "appointment", ordered by its booked slot) as the kiosk's tickets. The fee is recorded,
// never charged: paid on the counter's own terminal (its reference) or exempt with a reason (domain/appointment/reception.ts).
import { TOKEN_PREFIX, verifyToken, verifyTypedCode, type Appointment, type TypedVerdict } from '../../domain/appointment';
import { settleFee, type FeeDecision, type FeeRecord } from '../../domain/appointment/reception';
import { quoteFee } from '../../domain/fees';
import { markUsed } from '../../store/appointment-tokens';
import { inOneCommit } from '../../store/commit';
import { counterCheckInOf, kioskTicketOfToken, recordCounterCheckIn } from '../../store/counter-checkins';
import { appendEvent } from '../../store/events';
import type { Db } from '../../store/db';
import type { Fail } from '../../shared/result';
import type { IssuedTicket } from '../../shared/queue-api';
import type { QueueResult, IssueRequest, Actor } from '../queue/service';
import type { AppointmentRuntime } from './config';
import { verifyContext } from './check-in';

export interface ReceptionDeps {
  db: Db;
  appointments: AppointmentRuntime;
  consulate: string;
  currency: string;
  /** The services and the chancery rate in force now (a central bundle may change them: server/central/live-settings.ts). */
  fees: () => { chanceryRate: number | string; services: ReadonlyArray<{ code: string; feeMad: number | string }> };
  queue: { issueTicket(req: IssueRequest, actor: Actor): QueueResult<IssuedTicket> };
  now?: () => Date;
}

/** What the counter shows of a verified appointment: no name (the tokens carry none), the fee due. */
export interface FoundAppointment {
  appointment: Pick<Appointment, 'appointmentId' | 'code' | 'services' | 'persons' | 'slotStart' | 'tokenId'>;
  fee: { amountMinor: number; currency: string };
}

type VerifierReason = Exclude<TypedVerdict, { ok: true }>['reason'];
export type ReceptionRefusal =
  | Fail<Exclude<VerifierReason, 'already-used'> | 'fee-unavailable', { detail: string }>
  /**
   * Checked in already, at a kiosk or a counter (kioskId "counter:<id>", the register's word for it), when, and the
   * ticket the visit has (null: none issued yet).
   */
  | Fail<'already-checked-in', { detail: string; kioskId: string; at: string; ticket: string | null }>;

export type LookupResult = ({ ok: true } & FoundAppointment) | ReceptionRefusal;
export type ReceptionCheckIn = { ok: true; ticket: { id: string; number: string; service: string }; fee: FeeRecord } | ReceptionRefusal;
export type CheckInResult =
  ReceptionCheckIn | Fail<'fee-required' | 'reference-required' | 'exempt-reason-required', { detail: string }> | Fail<'queue', { detail: string }>;

/** The sentence for a verifier's refusal, as the agent needs it (the page words the reason code in its languages). */
function sentence(v: Exclude<TypedVerdict, { ok: true }>): string {
  switch (v.reason) {
    case 'malformed':
      return `this is not an appointment code (${v.detail})`;
    case 'unknown-key':
      return `the code is signed with a key this consulate does not trust (${v.kid}): a forged or foreign code`;
    case 'bad-signature':
      return 'the signature does not match: the code was altered or forged';
    case 'other-consulate':
      return `this appointment is for ${v.consulate}, not ${v.expected}`;
    case 'revoked':
      return 'this appointment was cancelled by the booking system';
    case 'unknown-service':
      return `this consulate does not offer ${v.services.join(', ')}`;
    case 'too-early':
      return `too early: this appointment can be checked in from ${v.opensAt}`;
    case 'too-late':
      return `too late: the check-in window closed at ${v.closedAt}; the visitor takes a walk-in ticket`;
    case 'already-used':
      return `already checked in at ${v.kioskId} at ${v.usedAt}`;
    case 'bad-code':
      return `mistyped code: ${v.detail}`;
    case 'unknown-code':
      return `no appointment with code ${v.typedCode} in today's list (another day, or not booked)`;
  }
}

export function createReception(d: ReceptionDeps) {
  const now = d.now ?? (() => new Date());

  const verify = async (text: string, at: Date): Promise<TypedVerdict> => {
    const ctx = verifyContext(d.db, d.appointments, { consulate: d.consulate, services: new Set(d.fees().services.map((s) => s.code)), at });
    const t = text.trim();
    return t.startsWith(TOKEN_PREFIX) ? verifyToken(t, ctx) : verifyTypedCode(t, d.appointments.dayTokensByCode, ctx);
  };

  /** Where and with which ticket a token was checked in, for the "already checked in" refusal. */
  const already = (tokenId: string, use: { usedAt: string; kioskId: string }): ReceptionRefusal => {
    const c = counterCheckInOf(d.db, tokenId);
    const ticket = c ? c.ticketNumber : kioskTicketOfToken(d.db, tokenId);
    const place = c ? `at counter ${c.counter} by ${c.by}` : `at kiosk ${use.kioskId}`;
    const has = ticket ? `: the visitor has ticket ${ticket}` : ': no ticket issued yet (the visitor may still be at the kiosk)';
    const detail = `already checked in ${place} at ${use.usedAt}${has}`;
    return { ok: false, reason: 'already-checked-in', detail, kioskId: use.kioskId, at: use.usedAt, ticket };
  };

  const refusal = (v: Exclude<TypedVerdict, { ok: true }>): ReceptionRefusal =>
    v.reason === 'already-used' ? already(v.appointment.tokenId, v) : { ok: false, reason: v.reason, detail: sentence(v) };

  const feeDue = (a: Appointment): { ok: true; fee: FoundAppointment['fee'] } | ReceptionRefusal => {
    const f = d.fees();
    const q = quoteFee({ schedule: f.services, services: a.services, persons: a.persons, chanceryRate: f.chanceryRate, currency: d.currency });
    if (!q.ok) return { ok: false, reason: 'fee-unavailable', detail: q.detail };
    return { ok: true, fee: { amountMinor: q.quote.totalMinor, currency: q.quote.currency } };
  };

  const found = (a: Appointment, fee: FoundAppointment['fee']): FoundAppointment => ({
    appointment: { appointmentId: a.appointmentId, code: a.code, services: a.services, persons: a.persons, slotStart: a.slotStart, tokenId: a.tokenId },
    fee,
  });

  return {
    /** Verifies without claiming: the agent sees the appointment and its fee before checking the visitor in. */
    async lookup(text: string): Promise<LookupResult> {
      const v = await verify(text, now());
      if (!v.ok) return refusal(v);
      const fee = feeDue(v.appointment);
      return fee.ok ? { ok: true, ...found(v.appointment, fee.fee) } : fee;
    },

    /**
     * Checks the visitor in: verified again at this instant, then the claim, the ticket and the fee record in one
     * commit (durable before the number is shown), so a refused claim issues no ticket and a ticket never lacks its
     * fee record. `counter`/`by`: the signed-in session's.
     */
    async checkIn(i: { text: string; fee: FeeDecision | null; counter: string; by: string; lang?: string }): Promise<CheckInResult> {
      const at = now();
      const v = await verify(i.text, at);
      if (!v.ok) {
        const r = refusal(v);
        appendEvent(d.db, {
          kind: 'reception.refused',
          subject: 'appointment' in v ? v.appointment.tokenId : null,
          payload: { reason: r.reason, counter: i.counter, by: i.by },
          at,
        });
        return r;
      }
      const a = v.appointment;
      const due = feeDue(a);
      if (!due.ok) return due;
      const settled = settleFee(due.fee, i.fee);
      if (!settled.ok) return settled;
      const service = a.services[0]!;
      try {
        return inOneCommit(d.db, (): CheckInResult => {
          // The claim is the guard (a kiosk or another counter racing past verification ends with exactly one check-in).
          const claim = markUsed(d.db, a.tokenId, `counter:${i.counter}`, at, {
            appointmentId: a.appointmentId,
            consulate: a.consulate,
            expiresAt: new Date(a.expires),
          });
          if (!claim.ok) return already(a.tokenId, claim);
          const t = d.queue.issueTicket(
            // An appointment of several services: one ticket routed through them in order, as at the kiosk (issue 18 item 8).
            {
              service,
              kind: 'appointment',
              slot: a.slotStart,
              persons: a.persons,
              lang: i.lang ?? 'fr',
              ...(a.services.length > 1 ? { route: [...a.services] } : {}),
            },
            { id: i.by },
          );
          // Thrown, not returned: the claim made above must be rolled back with the transaction.
          if (!t.ok) throw new QueueRefusal(t.detail);
          const number = t.ticket.label;
          recordCounterCheckIn(d.db, {
            tokenId: a.tokenId,
            ticketId: t.ticket.id,
            ticketNumber: number,
            service,
            persons: a.persons,
            counter: i.counter,
            by: i.by,
            at: at.toISOString(),
            fee: settled.fee,
          });
          return { ok: true, ticket: { id: t.ticket.id, number, service }, fee: settled.fee };
        });
      } catch (err) {
        if (err instanceof QueueRefusal) return { ok: false, reason: 'queue', detail: err.message };
        throw err;
      }
    },
  };
}

export type Reception = ReturnType<typeof createReception>;

/** A queue refusal inside the check-in's commit (numbers exhausted, unknown service): undoes the claim with it. */
export class QueueRefusal extends Error {}
