// The log of changes to the ministry's users (issue 16, migration 007): who added a user, changed a role, set a
// password or disabled a user, and when. Written in the transaction of the change itself (a change is never without
// its row, nor a row without its change); never the password nor its hash.
import type { CentralClient, CentralDb } from './db';
import type { CentralRole } from './users';

/** Who made a change: the admin's user name on the pages, the OS user on the command line. */
export interface ChangeActor {
  name: string;
  via: 'pages' | 'cli';
}

export type UserChangeAction = 'added' | 'role' | 'password' | 'disabled';

export interface UserChange {
  id: number;
  at: Date;
  by: string;
  via: ChangeActor['via'];
  action: UserChangeAction;
  user: string;
  from: CentralRole | null;
  to: CentralRole | null;
}

export async function recordUserChange(
  c: CentralClient,
  by: ChangeActor,
  change: { action: UserChangeAction; user: string; from?: CentralRole; to?: CentralRole },
): Promise<void> {
  await c.query('INSERT INTO central_user_changes (actor, via, action, target, from_role, to_role) VALUES ($1, $2, $3, $4, $5, $6)', [
    by.name,
    by.via,
    change.action,
    change.user,
    change.from ?? null,
    change.to ?? null,
  ]);
}

/** The latest changes, newest first (ids follow the commit order closely enough; `at` alone may tie within a second). */
export async function listUserChanges(db: CentralDb, limit: number): Promise<UserChange[]> {
  const r = await db.query<Omit<UserChange, 'id'> & { id: string }>(
    `SELECT id, at, actor AS by, via, action, target AS user, from_role AS from, to_role AS to
     FROM central_user_changes ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return r.rows.map((row) => ({ ...row, id: Number(row.id) }));
}
