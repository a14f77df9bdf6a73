// Appointment tokens at the post level (issue 15). On the hub: the post-wide register is the hub's own
// appointment_tokens_used (markUsed's primary key decides between kiosks), with which visit holds each token and
// the conflicts found when kiosks upload the claims they made while cut off. On a kiosk: its claims at the hub,
// one row per visit, kept until the hub has heard of them (see migration 012 for the states).
import type { Db } from './db';
import { markUsed, releaseUse, usedRecord, type UseInfo } from './appointment-tokens';
import { commitWithoutFsync, inOneCommit } from './commit';
import { appendEvent } from './events';
import { prepared } from './statements';

export interface TokenClaimInput {
  tokenId: string;
  visitKey: string;
  at: Date;
  appointmentId?: string | null | undefined;
  consulate?: string | null | undefined;
  expiresAt?: Date | null | undefined;
}

export type HubClaimResult = { ok: true } | { ok: false; usedAt: string; kioskId: string };

const useInfo = (c: TokenClaimInput): UseInfo => ({
  ...(c.appointmentId ? { appointmentId: c.appointmentId } : {}),
  ...(c.consulate ? { consulate: c.consulate } : {}),
  ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
});

function holder(db: Db, tokenId: string): { kioskId: string; visitKey: string } | undefined {
  const row = prepared(db, 'SELECT kiosk_id, visit_key FROM post_token_holders WHERE token_id = ?').get(tokenId) as
    { kiosk_id: string; visit_key: string } | undefined;
  return row && { kioskId: row.kiosk_id, visitKey: row.visit_key };
}

/** Inside a transaction: the claim, or the same kiosk's same visit again (a retry whose answer was lost), or the holder. */
function claimIn(db: Db, kioskId: string, c: TokenClaimInput): HubClaimResult {
  const r = markUsed(db, c.tokenId, kioskId, c.at, useInfo(c));
  if (r.ok) {
    // A holder row left by a use purged since (purgeExpiredUses knows nothing of this table) is replaced.
    prepared(db, 'INSERT OR REPLACE INTO post_token_holders (token_id, kiosk_id, visit_key) VALUES (?, ?, ?)').run(c.tokenId, kioskId, c.visitKey);
    return r;
  }
  const h = holder(db, c.tokenId);
  if (r.kioskId === kioskId && h?.kioskId === kioskId && h.visitKey === c.visitKey) return { ok: true };
  return r;
}

/**
 * Hub: kiosk `kioskId` claims a token for one visit. Durable before the answer (not commitWithoutFsync as on a
 * kiosk): a claim the hub forgot in a power cut could be granted to a second kiosk, with a second payment.
 */
export function hubClaim(db: Db, kioskId: string, c: TokenClaimInput): HubClaimResult {
  return inOneCommit(db, () => claimIn(db, kioskId, c));
}

export type HubReleaseResult = { ok: true; released: boolean } | { ok: false; reason: 'not-yours'; kioskId: string };

/** Hub: the visit ended before payment; only the kiosk and visit holding the token give it back (idempotent). */
export function hubRelease(db: Db, kioskId: string, r: { tokenId: string; visitKey: string; reason: string; at: Date }): HubReleaseResult {
  return inOneCommit(db, (): HubReleaseResult => {
    const used = usedRecord(db, r.tokenId);
    if (!used) return { ok: true, released: false };
    if (used.kioskId !== kioskId) return { ok: false, reason: 'not-yours', kioskId: used.kioskId };
    // The same kiosk's newer visit holds it now: this (late, retried) release is for a claim already gone.
    if (holder(db, r.tokenId)?.visitKey !== r.visitKey) return { ok: true, released: false };
    const released = releaseUse(db, r.tokenId, kioskId, r.reason, r.at);
    prepared(db, 'DELETE FROM post_token_holders WHERE token_id = ?').run(r.tokenId);
    return { ok: true, released };
  });
}

export type ProvisionalOutcome = { visitKey: string; outcome: 'accepted' } | { visitKey: string; outcome: 'conflict'; conflictId: number };

/**
 * Hub: the claims a kiosk accepted on its own while cut off. A claim the register holds for another visit becomes
 * a conflict (both visits happened), raised and journaled once however often the kiosk uploads it. `raised` lists
 * the conflicts new in this upload (the caller tells the supervisors).
 */
export function hubProvisional(db: Db, kioskId: string, claims: readonly TokenClaimInput[], now: Date): { results: ProvisionalOutcome[]; raised: number[] } {
  return inOneCommit(db, () => {
    const raised: number[] = [];
    const results = claims.map((c): ProvisionalOutcome => {
      const r = claimIn(db, kioskId, c);
      if (r.ok) return { visitKey: c.visitKey, outcome: 'accepted' };
      const ins = prepared(
        db,
        `INSERT INTO post_token_conflicts (token_id, consulate, appointment_id, kiosk_id, visit_key, claimed_at, held_kiosk_id, held_at, raised_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_id, kiosk_id, visit_key) DO NOTHING`,
      ).run(c.tokenId, c.consulate ?? null, c.appointmentId ?? null, kioskId, c.visitKey, c.at.toISOString(), r.kioskId, r.usedAt, now.toISOString());
      const id = (
        prepared(db, 'SELECT id FROM post_token_conflicts WHERE token_id = ? AND kiosk_id = ? AND visit_key = ?').get(c.tokenId, kioskId, c.visitKey) as {
          id: number;
        }
      ).id;
      if (ins.changes) {
        raised.push(id);
        // No appointment id in the chained event (personal data; the conflict row has it for the supervisor).
        appendEvent(db, {
          kind: 'post.token-conflict',
          subject: c.tokenId,
          payload: { conflictId: id, kioskId, claimedAt: c.at.toISOString(), heldBy: r.kioskId, heldAt: r.usedAt },
          at: now,
        });
      }
      return { visitKey: c.visitKey, outcome: 'conflict', conflictId: id };
    });
    return { results, raised };
  });
}

export interface TokenConflictRow {
  id: number;
  tokenId: string;
  consulate: string | null;
  appointmentId: string | null;
  kioskId: string;
  visitKey: string;
  claimedAt: string;
  heldKioskId: string;
  heldAt: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
}

/** Hub: the conflicts, open ones first, newest first; at most `limit`. */
export function listConflicts(db: Db, limit = 200): TokenConflictRow[] {
  return prepared(
    db,
    `SELECT id, token_id AS tokenId, consulate, appointment_id AS appointmentId, kiosk_id AS kioskId, visit_key AS visitKey, claimed_at AS claimedAt,
            held_kiosk_id AS heldKioskId, held_at AS heldAt, raised_at AS raisedAt, acknowledged_at AS acknowledgedAt,
            acknowledged_by AS acknowledgedBy, note
     FROM post_token_conflicts ORDER BY acknowledged_at IS NOT NULL, id DESC LIMIT ?`,
  ).all(limit) as TokenConflictRow[];
}

export type AcknowledgeResult = { ok: true } | { ok: false; reason: 'not-found' | 'already-acknowledged' };

export function acknowledgeConflict(db: Db, id: number, by: string, note: string | null, at: Date): AcknowledgeResult {
  return inOneCommit(db, (): AcknowledgeResult => {
    const row = prepared(db, 'SELECT token_id, acknowledged_at FROM post_token_conflicts WHERE id = ?').get(id) as
      { token_id: string; acknowledged_at: string | null } | undefined;
    if (!row) return { ok: false, reason: 'not-found' };
    if (row.acknowledged_at) return { ok: false, reason: 'already-acknowledged' };
    prepared(db, 'UPDATE post_token_conflicts SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ?').run(at.toISOString(), by, note, id);
    appendEvent(db, { kind: 'post.token-conflict-acknowledged', subject: row.token_id, payload: { conflictId: id, by }, at });
    return { ok: true };
  });
}

// ---- Kiosk side ----

export type KioskClaimState = 'claiming' | 'provisional' | 'confirmed' | 'conflict' | 'releasing';

export interface KioskClaimRow {
  visitKey: string;
  tokenId: string;
  appointmentId: string | null;
  consulate: string | null;
  expiresAt: string | null;
  claimedAt: string;
  state: KioskClaimState;
  releaseReason: string | null;
  attempts: number;
  lastError: string | null;
}

const KIOSK_COLUMNS = `visit_key AS visitKey, token_id AS tokenId, appointment_id AS appointmentId, consulate, expires_at AS expiresAt,
  claimed_at AS claimedAt, state, release_reason AS releaseReason, attempts, last_error AS lastError`;

/**
 * Kiosk: the check-in on this kiosk's journal (markUsed, as standalone) and its claim row, in one commit, before the
 * hub is asked: a crash while asking leaves a claim to upload. Without fsync, as markUsed (store/appointment-tokens.ts).
 */
export function beginKioskClaim(db: Db, kioskId: string, c: TokenClaimInput): HubClaimResult {
  return commitWithoutFsync(db, () => {
    const r = markUsed(db, c.tokenId, kioskId, c.at, useInfo(c));
    if (!r.ok) return r;
    prepared(
      db,
      `INSERT INTO post_token_claims (visit_key, token_id, appointment_id, consulate, expires_at, claimed_at, state)
       VALUES (?, ?, ?, ?, ?, ?, 'claiming')`,
    ).run(c.visitKey, c.tokenId, c.appointmentId ?? null, c.consulate ?? null, c.expiresAt?.toISOString() ?? null, c.at.toISOString());
    return r;
  });
}

/** Kiosk: the hub confirmed the claim. */
export function confirmKioskClaim(db: Db, visitKey: string): void {
  prepared(db, "UPDATE post_token_claims SET state = 'confirmed', last_error = NULL WHERE visit_key = ? AND state IN ('claiming', 'provisional')").run(
    visitKey,
  );
}

/** Kiosk: the hub did not answer in time; the visit goes on, accepted on this kiosk's journal, and the claim is uploaded later. */
export function markKioskClaimProvisional(db: Db, kioskId: string, visitKey: string, why: string, at: Date): void {
  commitWithoutFsync(db, () => {
    const row = prepared(
      db,
      "UPDATE post_token_claims SET state = 'provisional', last_error = ? WHERE visit_key = ? AND state = 'claiming' RETURNING token_id",
    ).get(why, visitKey) as { token_id: string } | undefined;
    if (row) appendEvent(db, { kind: 'appointment.claim-provisional', subject: row.token_id, payload: { kioskId, visitKey, why }, at });
  });
}

/** Kiosk: the hub says another kiosk used the token: the check-in is given back on this kiosk's journal. */
export function refuseKioskClaim(db: Db, kioskId: string, visitKey: string, tokenId: string, heldBy: { kioskId: string; usedAt: string }, at: Date): void {
  commitWithoutFsync(db, () => {
    releaseUse(db, tokenId, kioskId, `the hub refused it: used at ${heldBy.kioskId} at ${heldBy.usedAt}`, at);
    prepared(db, 'DELETE FROM post_token_claims WHERE visit_key = ?').run(visitKey);
  });
}

/**
 * Kiosk: the visit ended before payment: the check-in is given back here at once (as standalone) and the claim is
 * marked for the hub to release. Returns the visit key to release at the hub, if this kiosk claimed there.
 */
export function releaseKioskClaim(db: Db, kioskId: string, tokenId: string, reason: string, at: Date): string | undefined {
  return commitWithoutFsync(db, () => {
    releaseUse(db, tokenId, kioskId, reason, at);
    const row = prepared(
      db,
      `UPDATE post_token_claims SET state = 'releasing', release_reason = ?, attempts = 0
       WHERE visit_key = (SELECT visit_key FROM post_token_claims WHERE token_id = ? AND state <> 'releasing' ORDER BY claimed_at DESC LIMIT 1)
       RETURNING visit_key`,
    ).get(reason, tokenId) as { visit_key: string } | undefined;
    return row?.visit_key;
  });
}

/** Kiosk: claims to upload; `recover` first turns claims a crash left in 'claiming' into provisional ones. */
export function provisionalKioskClaims(db: Db, limit = 200): KioskClaimRow[] {
  return prepared(db, `SELECT ${KIOSK_COLUMNS} FROM post_token_claims WHERE state = 'provisional' ORDER BY claimed_at LIMIT ?`).all(limit) as KioskClaimRow[];
}

export function releasingKioskClaims(db: Db, limit = 200): KioskClaimRow[] {
  return prepared(db, `SELECT ${KIOSK_COLUMNS} FROM post_token_claims WHERE state = 'releasing' ORDER BY claimed_at LIMIT ?`).all(limit) as KioskClaimRow[];
}

/** Kiosk, at start: a claim whose hub answer never came (the process died while asking) is a provisional claim. */
export function recoverKioskClaims(db: Db): number {
  return prepared(
    db,
    "UPDATE post_token_claims SET state = 'provisional', last_error = 'the kiosk stopped while asking the hub' WHERE state = 'claiming'",
  ).run().changes;
}

/** Kiosk: what the hub said of uploaded provisional claims (a claim released meanwhile stays to be released). */
export function settleUploadedClaims(db: Db, outcomes: readonly { visitKey: string; outcome: 'accepted' | 'conflict' }[]): void {
  const upd = prepared(db, "UPDATE post_token_claims SET state = ?, last_error = NULL WHERE visit_key = ? AND state = 'provisional'");
  commitWithoutFsync(db, () => {
    for (const o of outcomes) upd.run(o.outcome === 'accepted' ? 'confirmed' : 'conflict', o.visitKey);
  });
}

/** Kiosk: the hub released the claim (or never had it): nothing more to do for this visit. */
export function forgetKioskClaim(db: Db, visitKey: string): void {
  prepared(db, "DELETE FROM post_token_claims WHERE visit_key = ? AND state = 'releasing'").run(visitKey);
}

export function failedKioskAttempt(db: Db, visitKeys: readonly string[], error: string): void {
  const upd = prepared(db, 'UPDATE post_token_claims SET attempts = attempts + 1, last_error = ? WHERE visit_key = ?');
  commitWithoutFsync(db, () => {
    for (const k of visitKeys) upd.run(error, k);
  });
}

export function kioskClaimCounts(db: Db): Record<KioskClaimState, number> {
  const counts: Record<KioskClaimState, number> = { claiming: 0, provisional: 0, confirmed: 0, conflict: 0, releasing: 0 };
  for (const r of prepared(db, 'SELECT state, count(*) AS n FROM post_token_claims GROUP BY state').all() as Array<{ state: KioskClaimState; n: number }>)
    counts[r.state] = r.n;
  return counts;
}

/**
 * Retention (store/retention.ts's purgePersonalData, same cut-off, inside its transaction): the post tables keep an
 * appointment id only while it is needed. Settled kiosk claims of expired tokens go; claims still to upload lose only
 * the id; holders of purged uses go; acknowledged conflicts lose the id. Returns the rows changed.
 */
export function purgePostClaims(db: Db, cutoff: string, now: Date): number {
  const n = now.toISOString();
  let changed = 0;
  changed += prepared(
    db,
    "DELETE FROM post_token_claims WHERE state IN ('confirmed', 'conflict') AND claimed_at < ? AND expires_at IS NOT NULL AND expires_at < ?",
  ).run(cutoff, n).changes;
  changed += prepared(db, 'UPDATE post_token_claims SET appointment_id = NULL WHERE claimed_at < ? AND appointment_id IS NOT NULL').run(cutoff).changes;
  changed += prepared(db, 'DELETE FROM post_token_holders WHERE token_id NOT IN (SELECT token_id FROM appointment_tokens_used)').run().changes;
  changed += prepared(
    db,
    'UPDATE post_token_conflicts SET appointment_id = NULL WHERE raised_at < ? AND acknowledged_at IS NOT NULL AND appointment_id IS NOT NULL',
  ).run(cutoff).changes;
  return changed;
}
