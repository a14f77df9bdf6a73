// Staff sign-in with a counter and a PIN, sessions in an HttpOnly cookie, and the role checks routes use.
// `authorize(req, roles)` is the plain check; `requireRole(...roles)` wraps it as a Fastify preHandler.
// Wrong PINs: one answer for all, counted per address, per counter and globally; refusals journaled bounded.
// Sessions live in the journal (sessions.ts); without a journal (unit tests) in a throw-away in-memory one.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { openJournal, type Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import type { AuthConfig, Role, StaffAccount } from './config';
import { randomInt } from 'node:crypto';
import type { StaffApp } from '../../shared/page-app';
import { callerOf } from './caller';
import { cookieName, readCookie, STAFF_APPS } from './cookie';
import { hashPin, PIN_RULE, verifyPin } from './pin';
import { RefusalLog } from './refusals';
import { FailureThrottle } from './throttle';
import { revokedEvent, SessionStore, type Lookup, type Session, type SessionUser } from './sessions';

export interface LoginInput {
  /** Counter id; required for staff, left out by a technician or supervisor away from a counter. */
  counter?: string | undefined;
  pin: string;
  /** Narrows the check to one account (faster when many accounts share a counter). */
  user?: string | undefined;
  /** The staff page signing in; by default counter (with a counter), diagnostics (technician) or reports. */
  app?: StaffApp | undefined;
  /** The client's address: wrong PINs are counted per address, whatever user name they name. */
  address?: string | undefined;
}

export type LoginFailure = 'bad-pin' | 'locked' | 'unknown-counter' | 'wrong-counter';

export type LoginResult = { ok: true; token: string; session: Session } | { ok: false; reason: LoginFailure; detail: string; retryAfterSeconds?: number };

/** Why a request has no usable session: signed out (or expired), revoked by a supervisor, replaced at its counter. */
export type EndedReason = (Lookup & { ok: false })['reason'];

export type AuthorizeResult =
  { ok: true; user: SessionUser; session: Session } | { ok: false; status: 401 | 403; reason: EndedReason | 'forbidden'; detail: string };

export type RevokeResult = { ok: true; session: Session } | { ok: false; reason: 'not-found'; detail: string };

const COUNTER_ROLES: readonly Role[] = ['staff', 'supervisor'];

/** Every wrong combination gets these exact words: nothing tells a right PIN at the wrong place from a wrong one. */
const BAD_PIN = { ok: false, reason: 'bad-pin', detail: 'the PIN is not right here; try again, or ask a supervisor' } as const;
const WINDOW_MS = 60_000;
const GLOBAL = 'all';
/** Addresses whose wrong PINs are remembered at once; more are evicted, least recently failed first. */
export const MAX_TRACKED = 1000;

// A PIN checked against no account still costs one scrypt: an unknown user name answers as slowly as a known one.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPin(String(randomInt(10_000_000, 100_000_000))).then((r) => (r.ok ? r.hash : '')));

export interface AuthOptions {
  config: AuthConfig;
  counters: readonly string[];
  db?: Db;
  now?: () => number;
  /** Told after a sign-in, sign-out or revocation (the supervisor's floor shows who is at which counter). */
  onSessionsChange?: () => void;
}

export class Auth {
  readonly sessions: SessionStore;
  private readonly failures = new FailureThrottle(MAX_TRACKED);
  private readonly refusals: RefusalLog;
  private readonly now: () => number;

  constructor(private readonly opts: AuthOptions) {
    this.now = opts.now ?? Date.now;
    this.sessions = new SessionStore(opts.db ?? openJournal(':memory:'), opts.config.sessionMinutes * 60_000, this.now);
    this.sessions.sweep();
    this.refusals = new RefusalLog((payload) => this.journal('auth.refused', payload), this.now);
  }

  get sessionSeconds(): number {
    return this.opts.config.sessionMinutes * 60;
  }

  /** Keys (addresses, counters, the global one) whose wrong PINs are being counted: bounded. */
  get trackedFailures(): number {
    return this.failures.size;
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const { config } = this.opts;
    const counter = input.counter?.trim() || undefined;
    if (counter !== undefined && !this.opts.counters.includes(counter)) {
      return { ok: false, reason: 'unknown-counter', detail: `there is no counter "${counter}"; choose one of ${this.opts.counters.join(', ')}` };
    }
    // Counted per address (rotating user names changes nothing), per counter, and for everyone together.
    const keys = [GLOBAL, `target:${counter ?? '(no counter)'}`, ...(input.address ? [`address:${input.address}`] : [])];
    const t = this.now();
    const wait = Math.max(...keys.map((k) => this.failures.lockedFor(k, t)));
    if (wait > 0) {
      this.refusals.record({ address: input.address ?? 'unknown', reason: 'locked', counter, user: input.user });
      const retryAfterSeconds = Math.ceil(wait / 1000);
      return { ok: false, reason: 'locked', detail: `too many wrong PINs; try again in ${retryAfterSeconds} s`, retryAfterSeconds };
    }
    // Counted as a failure before the (slow) PIN check and taken back if right: guesses sent all at once
    // cannot all pass the lock check above before any of them is counted.
    const rule = { max: config.maxFailures, windowMs: WINDOW_MS, lockMs: config.lockoutSeconds * 1000 };
    const locked = keys.map((k) => this.failures.fail(k, t, k === GLOBAL ? { ...rule, max: config.globalMaxFailures } : rule));
    const candidates = config.accounts.filter((a) => (input.user === undefined || a.id === input.user) && allowedAt(a, counter));
    let match: StaffAccount | undefined;
    if (PIN_RULE.test(input.pin)) {
      for (const a of candidates) {
        if (await verifyPin(input.pin, a.pinHash)) {
          match = a;
          break;
        }
      }
      if (candidates.length === 0) await verifyPin(input.pin, await dummy());
    }
    if (!match) {
      // Right PIN, wrong counter (issue 19, item 15): an agent whose account is for other counters is told which, not
      // "wrong PIN". Only a PIN that is right for someone gets this answer, and it still counts as a failure above, so
      // guessing gains nothing and the lockout is as before.
      const elsewhere = counter !== undefined && PIN_RULE.test(input.pin) ? await this.allowedElsewhere(input, counter) : undefined;
      if (elsewhere) {
        this.refusals.record({ address: input.address ?? 'unknown', reason: 'wrong-counter', counter, user: input.user });
        const at = elsewhere.counters?.length ? `counter ${elsewhere.counters.join(', ')}` : 'no counter';
        return { ok: false, reason: 'wrong-counter', detail: `this PIN is right, but it signs in at ${at}, not at counter ${counter}: choose your counter` };
      }
      this.refusals.record({ address: input.address ?? 'unknown', reason: 'bad-pin', counter, user: input.user });
      return { ...BAD_PIN };
    }
    keys.forEach((k, i) => this.failures.refund(k, locked[i]!));
    this.failures.clear(`target:${counter ?? '(no counter)'}`);
    const user: SessionUser = { id: match.id, name: match.name, role: match.role };
    const app = input.app ?? (counter !== undefined ? 'counter' : match.role === 'technician' ? 'diagnostics' : 'reports');
    // At a counter, the session open there ends in the same commit (one agent per counter).
    const { token, session, replaced } = this.sessions.create(user, counter, app);
    for (const s of replaced) this.journal('auth.logout', { session: s.id, user: s.user.id, counter: s.counter ?? null, app: s.app, by: 'new-sign-in' });
    this.journal('auth.login', { session: session.id, user: user.id, role: user.role, counter: counter ?? null, app });
    return { ok: true, token, session };
  }

  /** Ends the sessions these cookies carry; `by` says why (the kiosk screen going back to attract). */
  logout(tokens: ReadonlyArray<string | undefined>, by: 'user' | 'kiosk-screen' = 'user'): number {
    let n = 0;
    for (const token of tokens) {
      const s = this.sessions.delete(token);
      if (!s) continue;
      n++;
      this.journal('auth.logout', { session: s.id, user: s.user.id, counter: s.counter ?? null, app: s.app, by });
    }
    return n;
  }

  /** The session cookies a request carries, by page (a program may send any; a page sends its own). */
  tokensOf(req: FastifyRequest, apps: readonly StaffApp[] = STAFF_APPS): Array<{ app: StaffApp; token: string }> {
    return apps.flatMap((app) => {
      const token = readCookie(req.headers.cookie, cookieName(app));
      return token ? [{ app, token }] : [];
    });
  }

  /** The staff sessions this request may use (a page: at most its own), or why none (see caller.ts). */
  sessionsOf(req: FastifyRequest): { sessions: Session[]; why: string; reason: EndedReason } {
    const caller = callerOf(req);
    if (caller.kind === 'public-page')
      return {
        sessions: [],
        why: 'staff sessions are not usable from the kiosk screen or the board: open the staff page and sign in there',
        reason: 'signed-out',
      };
    if (caller.kind === 'unmarked-page') return { sessions: [], why: 'this page did not say which staff page it is: reload it', reason: 'signed-out' };
    const apps = caller.kind === 'staff-page' ? [caller.app] : STAFF_APPS;
    let ended: Lookup & { ok: false } = { ok: false, reason: 'signed-out', detail: 'not signed in, or the session ended: sign in with your counter and PIN' };
    const sessions = this.tokensOf(req, apps).flatMap(({ app, token }) => {
      const r = this.sessions.lookup(token);
      if (!r.ok) {
        // A revoked or replaced session says so (a supervisor ended it, someone took the counter).
        if (r.reason !== 'signed-out') ended = r;
        return [];
      }
      return r.session.app === app ? [r.session] : [];
    });
    return { sessions, why: ended.detail, reason: ended.reason };
  }

  session(req: FastifyRequest): Session | undefined {
    return this.sessionsOf(req).sessions[0];
  }

  authorize(req: FastifyRequest, roles: readonly Role[]): AuthorizeResult {
    const { sessions, why, reason } = this.sessionsOf(req);
    const s = sessions.find((x) => roles.includes(x.user.role)) ?? sessions[0];
    if (!s) return { ok: false, status: 401, reason, detail: why };
    if (!roles.includes(s.user.role))
      return { ok: false, status: 403, reason: 'forbidden', detail: `this needs the role ${roles.join(' or ')}; you are signed in as ${s.user.role}` };
    return { ok: true, user: s.user, session: s };
  }

  requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const r = this.authorize(req, roles);
      if (!r.ok) return reply.code(r.status).send({ error: r.detail, reason: r.reason });
    };
  }

  /** The open staff sessions (a supervisor's list). */
  openSessions(): Session[] {
    return this.sessions.list();
  }

  /** Ends a session now, journaled in the same commit with who ended whose session and why. */
  revoke(id: string, by: SessionUser, reason: string | undefined): RevokeResult {
    const s = this.sessions.revoke(id, by.id, reason, (ended) => this.journal('auth.revoked', revokedEvent(ended, by.id, reason)));
    if (!s) return { ok: false, reason: 'not-found', detail: `no open session "${id}": it ended or expired already; reload the list` };
    return { ok: true, session: s };
  }

  /** A refusal decided before the PIN is looked at (the rate limit), for the same bounded journal record. */
  refused(address: string, reason: 'rate-limited'): void {
    this.refusals.record({ address, reason });
  }

  /** Writes the pending refusal summaries (at shutdown). */
  close(): void {
    this.refusals.close();
  }

  /** The counter account, not allowed at `counter`, whose PIN this is. */
  private async allowedElsewhere(input: LoginInput, counter: string): Promise<StaffAccount | undefined> {
    const others = this.opts.config.accounts.filter(
      (a) => (input.user === undefined || a.id === input.user) && allowedAtSomeCounter(a) && !allowedAt(a, counter),
    );
    for (const a of others) if (await verifyPin(input.pin, a.pinHash)) return a;
    return undefined;
  }

  private journal(kind: string, payload: Record<string, unknown>): void {
    if (this.opts.db) appendEvent(this.opts.db, { kind, subject: 'auth', payload, at: new Date(this.now()) });
    if (kind !== 'auth.refused') this.opts.onSessionsChange?.();
  }
}

function allowedAtSomeCounter(a: StaffAccount): boolean {
  return COUNTER_ROLES.includes(a.role);
}

function allowedAt(a: StaffAccount, counter: string | undefined): boolean {
  if (counter === undefined) return a.role === 'supervisor' || a.role === 'technician';
  if (!COUNTER_ROLES.includes(a.role)) return false;
  return a.counters === undefined || a.counters.includes(counter);
}
