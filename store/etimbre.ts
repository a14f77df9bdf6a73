import type { Db } from './db';
import { appendEvent } from './events';
import { commitWithoutFsync } from './commit';
import { prepared } from './statements';

// The eTimbre steps commit without their own fsync (store/commit.ts): a reference is only worth something once a
// payment carries it, and the payment intent's durable commit, before any byte goes to the terminal, makes the
// sequence and the reference durable with it. A power cut before that may hand the same number out again to a
// reference no payment, receipt or ticket ever named.

/** Next sequence number of (consulate, business day); atomic across processes (BEGIN IMMEDIATE). */
export function allocateETimbreSequence(db: Db, consulate: string, businessDay: string): number {
  return commitWithoutFsync(db, () => {
    const row = prepared(
      db,
      `INSERT INTO etimbre_sequences (consulate, business_day, last) VALUES (?, ?, 1)
       ON CONFLICT(consulate, business_day) DO UPDATE SET last = last + 1 RETURNING last`,
    ).get(consulate, businessDay) as { last: number };
    return row.last;
  });
}

export interface IssuedReference {
  reference: string;
  consulate: string;
  kioskId: string;
  amountMinor: number;
  currency: string;
  services: string[];
  persons: number;
  appointmentId: string | null;
  at: Date;
}

export function recordETimbreReference(db: Db, r: IssuedReference): void {
  commitWithoutFsync(db, () => {
    prepared(
      db,
      `INSERT INTO etimbre_references (reference, consulate, kiosk_id, amount_minor, currency, services, persons, appointment_id, issued_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(r.reference, r.consulate, r.kioskId, r.amountMinor, r.currency, JSON.stringify(r.services), r.persons, r.appointmentId, r.at.toISOString());
    appendEvent(db, {
      kind: 'etimbre.issued',
      subject: r.reference,
      payload: { amountMinor: r.amountMinor, currency: r.currency, services: r.services, persons: r.persons, kioskId: r.kioskId },
      at: r.at,
    });
  });
}

export function findETimbreReference(db: Db, reference: string): IssuedReference | undefined {
  const row = prepared(db, 'SELECT * FROM etimbre_references WHERE reference = ?').get(reference) as
    | {
        reference: string;
        consulate: string;
        kiosk_id: string;
        amount_minor: number;
        currency: string;
        services: string;
        persons: number;
        appointment_id: string | null;
        issued_at: string;
      }
    | undefined;
  return (
    row && {
      reference: row.reference,
      consulate: row.consulate,
      kioskId: row.kiosk_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      services: JSON.parse(row.services) as string[],
      persons: row.persons,
      appointmentId: row.appointment_id,
      at: new Date(row.issued_at),
    }
  );
}
