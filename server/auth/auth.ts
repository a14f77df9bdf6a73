// Staff sign-in with a counter and a PIN, sessions in an HttpOnly cookie, and the role checks routes use.
// `authorize(req, roles)` is the plain check; `requireRole(...roles)` wraps it as a Fastify preHandler.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import type { AuthConfig, Role, StaffAccount } from './config';
import { readCookie, SESSION_COOKIE } from './cookie';
import { PIN_RULE, verifyPin } from './pin';
import { SessionStore, type Session, type SessionUser } from './sessions';

export interface LoginInput {
  /** Counter id; required for staff, left out by a technician or supervisor away from a counter. */
  counter?: string;
  pin: string;
  /** Narrows the check to one account (faster when many accounts share a counter). */
  user?: string;
}

export type LoginFailure =
  | 'bad-pin' | 'locked' | 'unknown-counter' | 'counter-required';

export type LoginResult =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: LoginFailure; message: string; retryAfterSeconds?: number };

export type AuthorizeResult =
  | { ok: true; user: SessionUser; session: Session }
  | { ok: false; status: 401 | 403; reason: 'signed-out' | 'forbidden'; message: string };

const COUNTER_ROLES: readonly Role[] = ['staff', 'supervisor'];

export interface AuthOptions {
  config: AuthConfig;
  counters: readonly string[];
  db?: Db;
  now?: () => number;
}

export class Auth {
  readonly sessions: SessionStore;
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: AuthOptions) {
    this.now = opts.now ?? Date.now;
    this.sessions = new SessionStore(opts.config.sessionMinutes * 60_000, this.now);
  }

  get sessionSeconds(): number {
    return this.opts.config.sessionMinutes * 60;
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const { config } = this.opts;
    const counter = input.counter?.trim() || undefined;
    if (counter !== undefined && !this.opts.counters.includes(counter)) {
      return { ok: false, reason: 'unknown-counter', message: `there is no counter "${counter}"; choose one of ${this.opts.counters.join(', ')}` };
    }
    const key = counter !== undefined ? `counter:${counter}` : `account:${input.user ?? '*'}`;
    const lock = this.failures.get(key);
    const t = this.now();
    if (lock && lock.lockedUntil > t) {
      const retryAfterSeconds = Math.ceil((lock.lockedUntil - t) / 1000);
      return { ok: false, reason: 'locked', message: `too many wrong PINs; try again in ${retryAfterSeconds} s`, retryAfterSeconds };
    }
    const candidates = config.accounts.filter((a) => (input.user === undefined || a.id === input.user) && allowedAt(a, counter));
    let match: StaffAccount | undefined;
    if (PIN_RULE.test(input.pin)) {
      for (const a of candidates) {
        if (await verifyPin(input.pin, a.pinHash)) { match = a; break; }
      }
    }
    if (!match) {
      // A staff PIN typed without a counter: say what is missing rather than "wrong PIN".
      if (counter === undefined && PIN_RULE.test(input.pin)) {
        for (const a of config.accounts.filter((x) => x.role === 'staff' && (input.user === undefined || x.id === input.user))) {
          if (await verifyPin(input.pin, a.pinHash)) return { ok: false, reason: 'counter-required', message: 'choose your counter, then enter your PIN' };
        }
      }
      const f = { count: (lock && lock.lockedUntil <= t && lock.lockedUntil > 0 ? 0 : lock?.count ?? 0) + 1, lockedUntil: 0 };
      if (f.count >= config.maxFailures) f.lockedUntil = t + config.lockoutSeconds * 1000;
      this.failures.set(key, f);
      this.journal('auth.refused', { counter: counter ?? null, user: input.user ?? null, failures: f.count });
      return { ok: false, reason: 'bad-pin', message: 'the PIN is not right for this counter; try again or ask a supervisor' };
    }
    this.failures.delete(key);
    if (counter !== undefined) this.sessions.endCounter(counter);
    const user: SessionUser = { id: match.id, name: match.name, role: match.role };
    const { token, session } = this.sessions.create(user, counter);
    this.journal('auth.login', { user: user.id, role: user.role, counter: counter ?? null });
    return { ok: true, token, session };
  }

  logout(token: string | undefined): boolean {
    const s = this.sessions.delete(token);
    if (s) this.journal('auth.logout', { user: s.user.id, counter: s.counter ?? null });
    return s !== undefined;
  }

  tokenOf(req: FastifyRequest): string | undefined {
    return readCookie(req.headers.cookie, SESSION_COOKIE);
  }

  session(req: FastifyRequest): Session | undefined {
    return this.sessions.get(this.tokenOf(req));
  }

  authorize(req: FastifyRequest, roles: readonly Role[]): AuthorizeResult {
    const s = this.session(req);
    if (!s) return { ok: false, status: 401, reason: 'signed-out', message: 'not signed in, or the session ended: sign in with your counter and PIN' };
    if (!roles.includes(s.user.role)) return { ok: false, status: 403, reason: 'forbidden', message: `this needs the role ${roles.join(' or ')}; you are signed in as ${s.user.role}` };
    return { ok: true, user: s.user, session: s };
  }

  requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const r = this.authorize(req, roles);
      if (!r.ok) return reply.code(r.status).send({ error: r.message, reason: r.reason });
    };
  }

  private journal(kind: string, payload: Record<string, unknown>): void {
    if (this.opts.db) appendEvent(this.opts.db, { kind, subject: 'auth', payload, at: new Date(this.now()) });
  }
}

function allowedAt(a: StaffAccount, counter: string | undefined): boolean {
  if (counter === undefined) return a.role === 'supervisor' || a.role === 'technician';
  if (!COUNTER_ROLES.includes(a.role)) return false;
  return a.counters === undefined || a.counters.includes(counter);
}
