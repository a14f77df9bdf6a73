// The day-close corrections the post's kiosks journaled (store/day-close.ts addCorrection: a `day.correction`
// event whose subject is "<business day>/<terminal>") as the hub holds them from their shipped journals.
import type { Db } from './db';
import { prepared } from './statements';

export interface ShippedCorrection {
  kioskId: string;
  terminalId: string;
  paymentId: string | null;
  amountMinor: number | null;
  note: string;
  by: string;
  at: string;
}

/** The corrections of `businessDay`'s closes, every kiosk, oldest first per kiosk. */
export function shippedCorrections(db: Db, businessDay: string): ShippedCorrection[] {
  const rows = prepared(
    db,
    `SELECT kiosk_id, subject, at, payload FROM post_received_events
     WHERE kind = 'day.correction' AND substr(subject, 1, ?) = ? ORDER BY kiosk_id, id`,
  ).all(businessDay.length + 1, `${businessDay}/`) as Array<{ kiosk_id: string; subject: string; at: string; payload: string }>;
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as Record<string, unknown>;
    return {
      kioskId: r.kiosk_id,
      terminalId: r.subject.slice(businessDay.length + 1),
      paymentId: typeof p.paymentId === 'string' ? p.paymentId : null,
      amountMinor: typeof p.amountMinor === 'number' ? p.amountMinor : null,
      note: String(p.note ?? ''),
      by: String(p.by ?? ''),
      at: r.at,
    };
  });
}
