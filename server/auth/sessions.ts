// Staff sessions live in the daemon's memory: a restart signs everyone out, which is the safe side.
// The token is 32 random bytes; only its SHA-256 is kept, so a heap dump does not hand out sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { StaffApp } from '../../shared/page-app';
import type { Role } from './config';

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
}

export interface Session {
  user: SessionUser;
  /** The counter signed in at; undefined for a technician's diagnostics session. */
  counter?: string;
  /** The staff page that opened it: only that page's cookie carries it. */
  app: StaffApp;
  createdAt: number;
  expiresAt: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export class SessionStore {
  private readonly byHash = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(user: SessionUser, counter: string | undefined, app: StaffApp): { token: string; session: Session } {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const t = this.now();
    const session: Session = { user, ...(counter !== undefined ? { counter } : {}), app, createdAt: t, expiresAt: t + this.ttlMs };
    this.byHash.set(digest(token), session);
    return { token, session };
  }

  get(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const key = digest(token);
    const s = this.byHash.get(key);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.byHash.delete(key);
      return undefined;
    }
    return s;
  }

  delete(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const key = digest(token);
    const s = this.byHash.get(key);
    this.byHash.delete(key);
    return s;
  }

  /** Sessions of a counter still open (a second sign-in at the same counter ends the first). */
  endCounter(counter: string): number {
    let n = 0;
    for (const [k, s] of this.byHash)
      if (s.counter === counter) {
        this.byHash.delete(k);
        n++;
      }
    return n;
  }

  get size(): number {
    this.sweep();
    return this.byHash.size;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.byHash) if (s.expiresAt <= t) this.byHash.delete(k);
  }
}
