import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

const eslint = new ESLint({ cwd: ROOT });
const PROBE = "import type { Db } from '../store/db';\nexport const n = (db: Db) => db.prepare('SELECT count(*) FROM events').get();\n";
const PRAGMA = "import type { Db } from '../../store/db';\nexport const v = (db: Db) => db.pragma('user_version');\n";

async function sqlErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('SQL only in store/ (lint)', () => {
  it.each([
    ['server/probe.ts', PROBE],
    ['server/backup/probe.ts', PRAGMA],
    ['state/probe.ts', PROBE],
    ['drivers/probe.ts', PROBE],
  ])('%s may not prepare a statement or run a pragma', async (path, code) => {
    expect(await sqlErrors(path, code)).toEqual(['SQL belongs in store/: add a function there (with its test) and call it.']);
  });

  it('store/ may, and so may a test reaching into a journal', async () => {
    expect(await sqlErrors('store/probe.ts', PROBE.replace('../store/db', './db'))).toEqual([]);
    expect(await sqlErrors('server/probe.test.ts', PROBE)).toEqual([]);
  });
});
