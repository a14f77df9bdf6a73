// A database of its own for each test of the central service (issue 16), on the PostgreSQL that .ci/run starts
// (scripts/postgres-for-tests.sh). KIOSK_TEST_PG_URL points at the server and a role that may create databases.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG_URL = process.env.KIOSK_TEST_PG_URL ?? 'postgres://kiosk_test:kiosk_test@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** postgres://… of the new, empty database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database; drop() removes it (after closing every connection the test left open). */
export async function createTestDatabase(label = 'central'): Promise<TestDatabase> {
  const name = `t_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `The central service's tests need PostgreSQL at ${TEST_PG_URL.replace(/:[^:@/]+@/, ':***@')} (${(err as Error).message}). ` +
        'As root on Debian: apt-get install -y postgresql && scripts/postgres-for-tests.sh (or set KIOSK_TEST_PG_URL).',
      { cause: err },
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(TEST_PG_URL, name),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        // FORCE cannot end a backend of another role: an autovacuum worker on the test database (seen once in CI,
        // "must be a member of the role whose process is being terminated"). It finishes within moments: try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (err) {
            if (attempt >= 20 || (err as { code?: string }).code !== '42501') throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}
