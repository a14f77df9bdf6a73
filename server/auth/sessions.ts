// Staff sessions, kept in the journal (store/staff-sessions.ts): a daemon restart signs nobody out, a supervisor
// can list and revoke them, and a revocation made on the journal by another process (`kiosk staff revoke`)
// holds at this daemon's next request, because every request reads its row (a primary-key read, no cache).
// The token is 32 random bytes; only its SHA-256 is kept, so neither a heap dump nor a copy of the journal hands
// out sessions. A session's id (what supervisors see) is another random value.
import { createHash, randomBytes } from 'node:crypto';
import type { StaffApp } from '../../shared/page-app';
import type { StaffSessionView } from '../../shared/sessions-api';
import type { Db } from '../../store/db';
import {
  deleteSessionByTokenHash,
  endSession,
  insertSession,
  openSessions,
  purgeExpiredSessions,
  sessionByTokenHash,
  touchSession,
  type StaffSessionRow,
} from '../../store/staff-sessions';
import type { Role } from './config';

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
}

export interface Session {
  /** What a supervisor sees and revokes by: not the token, nor its hash. */
  id: string;
  user: SessionUser;
  /** The counter signed in at; undefined for a technician's diagnostics session. */
  counter?: string;
  /** The staff page that opened it: only that page's cookie carries it. */
  app: StaffApp;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

/** Why a cookie no longer opens a session: the page says it and asks to sign in again. */
export type Lookup = { ok: true; session: Session } | { ok: false; reason: 'signed-out' | 'revoked' | 'replaced'; detail: string };

/** "Last seen" is written at most this often per session: a busy counter page does not write on every request. */
export const LAST_SEEN_EVERY_MS = 60_000;

const SIGNED_OUT = 'not signed in, or the session ended: sign in with your counter and PIN';

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

const toSession = (r: StaffSessionRow): Session => ({
  id: r.id,
  user: { id: r.userId, name: r.userName, role: r.role },
  ...(r.counter !== null ? { counter: r.counter } : {}),
  app: r.app as StaffApp,
  createdAt: Date.parse(r.createdAt),
  expiresAt: Date.parse(r.expiresAt),
  lastSeenAt: Date.parse(r.lastSeenAt),
});

function endedWhy(r: StaffSessionRow): Lookup & { ok: false } {
  const e = r.ended!;
  if (e.reason === 'revoked')
    return {
      ok: false,
      reason: 'revoked',
      detail: `your session was ended by a supervisor (${e.by ?? 'unknown'})${e.note ? `: ${e.note}` : ''}; sign in again, or ask the supervisor`,
    };
  return {
    ok: false,
    reason: 'replaced',
    detail: `someone else (${e.by ?? 'unknown'}) signed in at counter ${r.counter ?? '?'} after you, which ended your session; sign in again to take it back`,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A session as supervisors see it (the API and `kiosk staff sessions`). */
export const sessionView = (s: Session): StaffSessionView => ({
  id: s.id,
  user: s.user,
  counter: s.counter ?? null,
  app: s.app,
  createdAt: iso(s.createdAt),
  lastSeenAt: iso(s.lastSeenAt),
  expiresAt: iso(s.expiresAt),
});

/** The `auth.revoked` event's payload: who ended whose session, and why. */
export const revokedEvent = (ended: Session, by: string, reason: string | undefined) => ({
  session: ended.id,
  user: ended.user.id,
  role: ended.user.role,
  counter: ended.counter ?? null,
  app: ended.app,
  by,
  reason: reason || null,
});

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens a session; at a counter, ends the one open there (returned, for the journal). Purges expired rows. */
  create(user: SessionUser, counter: string | undefined, app: StaffApp): { token: string; session: Session; replaced: Session[] } {
    const token = randomBytes(32).toString('base64url');
    const t = this.now();
    const row = {
      // Hex, not base64url: an id starting with '-' reads as an option to `kiosk staff revoke ID`.
      id: randomBytes(12).toString('hex'),
      tokenHash: digest(token),
      userId: user.id,
      userName: user.name,
      role: user.role,
      counter: counter ?? null,
      app,
      createdAt: new Date(t).toISOString(),
      expiresAt: new Date(t + this.ttlMs).toISOString(),
    };
    const { replaced } = insertSession(this.db, row, new Date(t));
    return { token, session: toSession({ ...row, lastSeenAt: row.createdAt, ended: null }), replaced: replaced.map(toSession) };
  }

  /** The open session of a cookie's token, or why there is none. Notes the visit (at most once a minute). */
  lookup(token: string | undefined): Lookup {
    if (!token) return { ok: false, reason: 'signed-out', detail: SIGNED_OUT };
    const row = sessionByTokenHash(this.db, digest(token));
    const t = this.now();
    if (!row || Date.parse(row.expiresAt) <= t) return { ok: false, reason: 'signed-out', detail: SIGNED_OUT };
    if (row.ended) return endedWhy(row);
    const session = toSession(row);
    if (t - session.lastSeenAt >= LAST_SEEN_EVERY_MS) {
      touchSession(this.db, row.id, new Date(t));
      session.lastSeenAt = t;
    }
    return { ok: true, session };
  }

  get(token: string | undefined): Session | undefined {
    const r = this.lookup(token);
    return r.ok ? r.session : undefined;
  }

  /** A sign-out: the row goes, open or ended. */
  delete(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const row = deleteSessionByTokenHash(this.db, digest(token));
    return row && !row.ended && Date.parse(row.expiresAt) > this.now() ? toSession(row) : undefined;
  }

  /** Ends an open session now; `journal` runs in the same commit. Undefined: no open session has this id. */
  revoke(id: string, by: string, note: string | undefined, journal: (s: Session) => void): Session | undefined {
    const r = endSession(this.db, id, { at: new Date(this.now()), by, reason: 'revoked', note: note || null }, (row) => journal(toSession(row)));
    return r && toSession(r.session);
  }

  /** Open sessions, oldest first. */
  list(): Session[] {
    return openSessions(this.db, new Date(this.now())).map(toSession);
  }

  get size(): number {
    return this.list().length;
  }

  /** Deletes expired rows (also done at every sign-in). */
  sweep(): number {
    return purgeExpiredSessions(this.db, new Date(this.now()));
  }
}
