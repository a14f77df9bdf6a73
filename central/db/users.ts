// The ministry's users of the central pages and their sessions (issue 16, migration 004). A viewer sees the
// network; an admin also manages users. A session cookie holds a random token; only its SHA-256 is stored. Every change
// names who made it (`by`) and is logged with it (central/db/user-changes.ts).
import { createHash, randomBytes } from 'node:crypto';
import { inTransaction, type CentralDb } from './db';
import { recordUserChange, type ChangeActor } from './user-changes';
import { hashPassword, PASSWORD_MIN, verifyPassword } from './users-password';

export type CentralRole = 'viewer' | 'admin';
export const CENTRAL_ROLES: readonly CentralRole[] = ['viewer', 'admin'];
export const USER_NAME = /^[a-z0-9._-]{2,64}$/;

export interface CentralUser {
  name: string;
  role: CentralRole;
  createdAt: Date;
  disabledAt: Date | null;
}

export type AddUserResult = { ok: true; user: CentralUser } | { ok: false; reason: 'invalid' | 'exists'; detail: string };

export async function addCentralUser(db: CentralDb, u: { name: string; role: string; password: string; by: ChangeActor }): Promise<AddUserResult> {
  if (!USER_NAME.test(u.name)) return { ok: false, reason: 'invalid', detail: `user name "${u.name}": use 2 to 64 of a-z 0-9 . _ - (e.g. amal.b)` };
  if (!CENTRAL_ROLES.includes(u.role as CentralRole)) return { ok: false, reason: 'invalid', detail: `role "${u.role}": give viewer or admin` };
  if ([...u.password].length < PASSWORD_MIN)
    return { ok: false, reason: 'invalid', detail: `the password is too short: give at least ${PASSWORD_MIN} characters` };
  const hash = await hashPassword(u.password);
  return inTransaction(db, async (c): Promise<AddUserResult> => {
    const r = await c.query<CentralUser>(
      `INSERT INTO central_users (name, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING
       RETURNING name, role, created_at AS "createdAt", disabled_at AS "disabledAt"`,
      [u.name, u.role, hash],
    );
    const user = r.rows[0];
    if (!user) return { ok: false, reason: 'exists', detail: `a user named ${u.name} exists already: choose another name, or disable that one first` };
    await recordUserChange(c, u.by, { action: 'added', user: user.name, to: user.role });
    return { ok: true, user };
  });
}

export async function listCentralUsers(db: CentralDb): Promise<CentralUser[]> {
  return (await db.query<CentralUser>(`SELECT name, role, created_at AS "createdAt", disabled_at AS "disabledAt" FROM central_users ORDER BY name`)).rows;
}

/** Disables a user and ends their sessions; false when there is no such enabled user. */
export async function disableCentralUser(db: CentralDb, name: string, by: ChangeActor): Promise<boolean> {
  return inTransaction(db, async (c) => {
    const r = await c.query('UPDATE central_users SET disabled_at = now() WHERE name = $1 AND disabled_at IS NULL', [name]);
    await c.query('DELETE FROM central_sessions WHERE name = $1', [name]);
    const done = (r.rowCount ?? 0) > 0;
    if (done) await recordUserChange(c, by, { action: 'disabled', user: name });
    return done;
  });
}

export type ChangeUserResult = { ok: true; was: CentralRole } | { ok: false; reason: 'invalid' | 'unknown' | 'last-admin'; detail: string };

const noSuchUser = (name: string) => `there is no user named ${name}: kiosk central user add --name ${name} … adds one`;

/** Gives a user another role. The last enabled admin stays one: nobody could manage users after. */
export async function setCentralUserRole(db: CentralDb, name: string, role: string, by: ChangeActor): Promise<ChangeUserResult> {
  if (!CENTRAL_ROLES.includes(role as CentralRole)) return { ok: false, reason: 'invalid', detail: `role "${role}": give viewer or admin` };
  return inTransaction(db, async (c): Promise<ChangeUserResult> => {
    // The enabled admins locked: two demotions at once cannot both see the other one still admin.
    const admins = (await c.query<{ name: string }>("SELECT name FROM central_users WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE")).rows;
    const r = await c.query<{ role: CentralRole }>('SELECT role FROM central_users WHERE name = $1 FOR UPDATE', [name]);
    const was = r.rows[0];
    if (!was) return { ok: false, reason: 'unknown', detail: noSuchUser(name) };
    if (role === 'viewer' && admins.length === 1 && admins[0]!.name === name)
      return { ok: false, reason: 'last-admin', detail: `${name} is the last admin: make another user admin first, then ${name} a viewer` };
    await c.query('UPDATE central_users SET role = $2 WHERE name = $1', [name, role]);
    // Giving the role the user has changes nothing: nothing to log.
    if (was.role !== role) await recordUserChange(c, by, { action: 'role', user: name, from: was.role, to: role as CentralRole });
    return { ok: true, was: was.role };
  });
}

/** Sets a user's password and ends their sessions (a password changed because it leaked must not leave one open). */
export async function setCentralUserPassword(db: CentralDb, name: string, password: string, by: ChangeActor): Promise<ChangeUserResult> {
  if ([...password].length < PASSWORD_MIN)
    return { ok: false, reason: 'invalid', detail: `the password is too short: give at least ${PASSWORD_MIN} characters` };
  const hash = await hashPassword(password);
  return inTransaction(db, async (c): Promise<ChangeUserResult> => {
    const r = await c.query<{ role: CentralRole }>('UPDATE central_users SET password_hash = $2 WHERE name = $1 RETURNING role', [name, hash]);
    if (!r.rows[0]) return { ok: false, reason: 'unknown', detail: noSuchUser(name) };
    await c.query('DELETE FROM central_sessions WHERE name = $1', [name]);
    await recordUserChange(c, by, { action: 'password', user: name });
    return { ok: true, was: r.rows[0].role };
  });
}

/** The user when the name and password match an enabled user, else null (the same answer for both mistakes). */
export async function checkCentralLogin(db: CentralDb, name: string, password: string): Promise<CentralUser | null> {
  const r = await db.query<CentralUser & { hash: string }>(
    `SELECT name, role, created_at AS "createdAt", disabled_at AS "disabledAt", password_hash AS hash
     FROM central_users WHERE name = $1 AND disabled_at IS NULL`,
    [name],
  );
  const row = r.rows[0];
  // A missing user costs one scrypt too, so the answer's time does not tell which names exist.
  const ok = await verifyPassword(password, row?.hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  if (!row || !ok) return null;
  const { hash: _h, ...user } = row;
  return user;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

export async function openCentralSession(db: CentralDb, name: string, ttlMs: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('DELETE FROM central_sessions WHERE expires_at < $1', [now]);
  await db.query('INSERT INTO central_sessions (token_hash, name, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    tokenHash(token),
    name,
    now,
    new Date(now.getTime() + ttlMs),
  ]);
  return token;
}

export async function centralSessionUser(db: CentralDb, token: string, now: Date): Promise<CentralUser | null> {
  const r = await db.query<CentralUser>(
    `SELECT u.name, u.role, u.created_at AS "createdAt", u.disabled_at AS "disabledAt" FROM central_sessions s JOIN central_users u ON u.name = s.name
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenHash(token), now],
  );
  return r.rows[0] ?? null;
}

export async function closeCentralSession(db: CentralDb, token: string): Promise<void> {
  await db.query('DELETE FROM central_sessions WHERE token_hash = $1', [tokenHash(token)]);
}
