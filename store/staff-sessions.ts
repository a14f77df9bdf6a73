// Staff sessions in the journal (migration 012): one row per signed-in page, keyed by the SHA-256 of its cookie's
// token (never the token). Times are ISO UTC strings, compared as text (toISOString has one fixed width).
import type { Db } from './db-type';
import { commitWithoutFsync, inOneCommit } from './commit';
import { prepared } from './statements';

export type StaffRole = 'staff' | 'supervisor' | 'technician';
export type EndReason = 'revoked' | 'replaced';

export interface StaffSessionRow {
  id: string;
  tokenHash: string;
  userId: string;
  userName: string;
  role: StaffRole;
  counter: string | null;
  app: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ended: { at: string; by: string | null; reason: EndReason; note: string | null } | null;
}

export type NewStaffSession = Omit<StaffSessionRow, 'lastSeenAt' | 'ended'>;

interface Raw {
  id: string;
  token_hash: string;
  user_id: string;
  user_name: string;
  role: StaffRole;
  counter: string | null;
  app: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: EndReason | null;
  end_note: string | null;
}

const COLUMNS = 'id, token_hash, user_id, user_name, role, counter, app, created_at, expires_at, last_seen_at, ended_at, ended_by, end_reason, end_note';

const fromRaw = (r: Raw): StaffSessionRow => ({
  id: r.id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  userName: r.user_name,
  role: r.role,
  counter: r.counter,
  app: r.app,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastSeenAt: r.last_seen_at,
  ended: r.ended_at !== null && r.end_reason !== null ? { at: r.ended_at, by: r.ended_by, reason: r.end_reason, note: r.end_note } : null,
});

/** Deletes the rows expired at `now` (open or ended: an expired cookie needs no explanation). */
export function purgeExpiredSessions(db: Db, now: Date): number {
  return prepared(db, 'DELETE FROM staff_sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
}

/**
 * Opens a session. With a counter, in the same commit: the open sessions of that counter end as 'replaced' (by
 * the account signing in), returned so the caller can journal them. Expired rows are purged on the way.
 */
export function insertSession(db: Db, s: NewStaffSession, now: Date): { replaced: StaffSessionRow[] } {
  return inOneCommit(db, () => {
    purgeExpiredSessions(db, now);
    let replaced: StaffSessionRow[] = [];
    if (s.counter !== null) {
      replaced = (prepared(db, `SELECT ${COLUMNS} FROM staff_sessions WHERE counter = ? AND ended_at IS NULL`).all(s.counter) as Raw[]).map(fromRaw);
      prepared(db, "UPDATE staff_sessions SET ended_at = ?, ended_by = ?, end_reason = 'replaced' WHERE counter = ? AND ended_at IS NULL").run(
        now.toISOString(),
        s.userId,
        s.counter,
      );
    }
    prepared(
      db,
      `INSERT INTO staff_sessions (id, token_hash, user_id, user_name, role, counter, app, created_at, expires_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.id, s.tokenHash, s.userId, s.userName, s.role, s.counter, s.app, s.createdAt, s.expiresAt, s.createdAt);
    return { replaced };
  });
}

export function sessionByTokenHash(db: Db, tokenHash: string): StaffSessionRow | undefined {
  const r = prepared(db, `SELECT ${COLUMNS} FROM staff_sessions WHERE token_hash = ?`).get(tokenHash) as Raw | undefined;
  return r && fromRaw(r);
}

export function sessionById(db: Db, id: string): StaffSessionRow | undefined {
  const r = prepared(db, `SELECT ${COLUMNS} FROM staff_sessions WHERE id = ?`).get(id) as Raw | undefined;
  return r && fromRaw(r);
}

/** Open (not ended, not expired) sessions, oldest first. */
export function openSessions(db: Db, now: Date): StaffSessionRow[] {
  const rows = prepared(db, `SELECT ${COLUMNS} FROM staff_sessions WHERE ended_at IS NULL AND expires_at > ? ORDER BY created_at, id`).all(now.toISOString());
  return (rows as Raw[]).map(fromRaw);
}

/**
 * Records that the session was seen. Without its own fsync: a power cut may take back a "last seen", never
 * anything that decides who is signed in.
 */
export function touchSession(db: Db, id: string, at: Date): void {
  commitWithoutFsync(db, () => prepared(db, 'UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?').run(at.toISOString(), id));
}

/**
 * Ends an open session (a supervisor's revocation); `also` runs in the same commit (its journal event).
 * Undefined when there is no open session with this id.
 */
export function endSession<T>(
  db: Db,
  id: string,
  end: { at: Date; by: string; reason: EndReason; note: string | null },
  also: (s: StaffSessionRow) => T,
): { session: StaffSessionRow; also: T } | undefined {
  return inOneCommit(db, () => {
    const ended = prepared(
      db,
      'UPDATE staff_sessions SET ended_at = ?, ended_by = ?, end_reason = ?, end_note = ? WHERE id = ? AND ended_at IS NULL AND expires_at > ?',
    ).run(end.at.toISOString(), end.by, end.reason, end.note, id, end.at.toISOString()).changes;
    if (ended === 0) return undefined;
    const session = sessionById(db, id)!;
    return { session, also: also(session) };
  });
}

/** A sign-out: the row goes (its cookie is cleared at the same time). */
export function deleteSessionByTokenHash(db: Db, tokenHash: string): StaffSessionRow | undefined {
  return inOneCommit(db, () => {
    const s = sessionByTokenHash(db, tokenHash);
    if (s) prepared(db, 'DELETE FROM staff_sessions WHERE id = ?').run(s.id);
    return s;
  });
}
