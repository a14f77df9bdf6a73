// The import-cycle rule (eslint-rules/no-import-cycle.js, issue 13): probes through the repository's own
// config, and the rule alone on a small tree of files.
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';
import { tempDir } from '../support/tmp';
import noImportCycle from '../../eslint-rules/no-import-cycle.js';

const eslint = new ESLint({ cwd: ROOT });

async function cycles(linter: ESLint, file: string, code: string): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'cycles/no-import-cycle').map((m) => m.message);
}

describe('no import cycles (repository config)', () => {
  it('fails a file that imports back the module that imports it', async () => {
    // server/daemon.ts imports server/http/push.ts: push.ts importing the daemon closes a circle.
    const file = join(ROOT, 'server/http/push.ts');
    const code = `import type { RunningDaemon } from '../daemon';\n${readFileSync(file, 'utf8')}\nexport type Probe = RunningDaemon;\n`;
    const errors = await cycles(eslint, file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/import cycle: server\/http\/push\.ts → server\/daemon\.ts → server\/http\/push\.ts/);
  });

  it('passes the same file as it is', async () => {
    const file = join(ROOT, 'server/http/push.ts');
    expect(await cycles(eslint, file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('fails a cycle through a store module', async () => {
    const file = join(ROOT, 'store/events.ts');
    const code = `import { openJournal } from './db';\n${readFileSync(file, 'utf8')}\nexport const probe = openJournal;\n`;
    expect((await cycles(eslint, file, code))[0]).toMatch(/store\/events\.ts → store\/db\.ts → .*store\/events\.ts/);
  });
});

describe('no-import-cycle rule', () => {
  const t = tempDir('lint-cycles-');
  afterAll(t.cleanup);
  const write = (path: string, text: string) => {
    mkdirSync(join(t.dir, path, '..'), { recursive: true });
    writeFileSync(join(t.dir, path), text);
  };
  write('server/a.ts', "import type { C } from './c/index';\nexport type A = C;\n");
  write('server/b.ts', "import type { A } from './a.js';\nexport type B = A;\n");
  write('server/c/index.ts', "export type { B as C } from '../b';\n");
  write('server/d.ts', "import type { A } from './a';\nexport type D = A;\n");
  write('other/e.ts', "import type { F } from './f';\nexport type E = F;\n");
  write('other/f.ts', "import type { E } from './e';\nexport type F = E;\n");
  const linter = new ESLint({
    cwd: t.dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { cycles: { rules: { 'no-import-cycle': noImportCycle } } },
        rules: { 'cycles/no-import-cycle': ['error', { folders: ['server'] }] },
      },
    ],
  });
  const lint = (path: string) => cycles(linter, join(t.dir, path), readFileSync(join(t.dir, path), 'utf8'));

  it('reports every file of a cycle, type-only imports, index files and .js specifiers included', async () => {
    expect(await lint('server/a.ts')).toEqual([expect.stringContaining('import cycle: server/a.ts → server/c/index.ts → server/b.ts → server/a.ts')]);
    expect(await lint('server/b.ts')).toHaveLength(1);
    expect(await lint('server/c/index.ts')).toHaveLength(1);
  });

  it('passes a file that only imports into a cycle, and folders it was not given', async () => {
    expect(await lint('server/d.ts')).toEqual([]);
    expect(await lint('other/e.ts')).toEqual([]);
  });
});
