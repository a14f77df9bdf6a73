// Used appointment token ids. markUsed is the one atomic "check in once" step: the primary key decides
// between two kiosks or two fast scans, and the winner's journal event is written in the same transaction.
import type { Db } from './db';
import { appendEvent } from './events';
import { commitWithoutFsync } from './commit';
import { prepared } from './statements';

export type MarkUsedResult = { ok: true } | { ok: false; usedAt: string; kioskId: string };

export interface UseInfo {
  appointmentId?: string;
  consulate?: string;
  /** The token's expiry, so old rows can be purged. */
  expiresAt?: Date;
}

interface Row {
  used_at: string;
  kiosk_id: string;
}

export function usedRecord(db: Db, tokenId: string): { usedAt: string; kioskId: string } | undefined {
  const row = prepared(db, 'SELECT used_at, kiosk_id FROM appointment_tokens_used WHERE token_id = ?').get(tokenId) as Row | undefined;
  return row && { usedAt: row.used_at, kioskId: row.kiosk_id };
}

export function markUsed(db: Db, tokenId: string, kioskId: string, at: Date, info: UseInfo = {}): MarkUsedResult {
  const run = (): MarkUsedResult => {
    const ins = prepared(
      db,
      `INSERT INTO appointment_tokens_used (token_id, kiosk_id, used_at, appointment_id, consulate, expires_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(token_id) DO NOTHING`,
    ).run(tokenId, kioskId, at.toISOString(), info.appointmentId ?? null, info.consulate ?? null, info.expiresAt?.toISOString() ?? null);
    if (ins.changes === 0) {
      const prior = usedRecord(db, tokenId)!;
      return { ok: false, usedAt: prior.usedAt, kioskId: prior.kioskId };
    }
    // No appointment id in the chained event (personal data that retention must be able to remove).
    appendEvent(db, { kind: 'appointment.checked-in', subject: tokenId, payload: { kioskId, consulate: info.consulate ?? null }, at });
    return { ok: true };
  };
  // IMMEDIATE takes the write lock first, so the loser's SELECT sees the winner's row. Without its own fsync
  // (store/commit.ts): a power cut before the visit's payment intent commits may give the check-in back, and then
  // no money was asked for it; the intent's commit makes it durable before any byte goes to the terminal.
  return commitWithoutFsync(db, run);
}

/** Deletes rows whose token expired before `before`; they can never be presented again. */
export function purgeExpiredUses(db: Db, before: Date): number {
  return db.prepare('DELETE FROM appointment_tokens_used WHERE expires_at IS NOT NULL AND expires_at < ?').run(before.toISOString()).changes;
}

/**
 * Gives a check-in back when the visit ended before any money was asked for (the visitor walked away at
 * the summary): the same QR may then be scanned again. Never called once a payment was sent.
 */
export function releaseUse(db: Db, tokenId: string, kioskId: string, reason: string, at = new Date()): boolean {
  return db
    .transaction(() => {
      const gone = db.prepare('DELETE FROM appointment_tokens_used WHERE token_id = ? AND kiosk_id = ?').run(tokenId, kioskId).changes;
      if (gone) appendEvent(db, { kind: 'appointment.released', subject: tokenId, payload: { kioskId, reason }, at });
      return gone > 0;
    })
    .immediate();
}
