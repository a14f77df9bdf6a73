import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

const eslint = new ESLint({ cwd: ROOT });

/** Lints `code` as if it were the file at `path` in the repository (the file need not exist). */
async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules (DESIGN.md layout table)', () => {
  for (const layer of ['state', 'domain']) {
    for (const mod of ['better-sqlite3', 'serialport', 'node:fs', 'fs', 'electron', 'node-hid', 'node:child_process']) {
      it(`${layer}/ may not import ${mod}`, async () => {
        const errors = await restricted(`${layer}/probe.ts`, `import x from '${mod}';\nexport const y = x;\n`);
        expect(errors.length, `importing ${mod} from ${layer}/ should fail lint`).toBeGreaterThan(0);
      });
    }
  }

  it.each([
    ['domain/queue/probe.ts', '../../store/db'],
    ['domain/probe.ts', '../state/machine'],
    ['state/probe.ts', '../server/daemon'],
    ['state/probe.ts', '../drivers/terminal/types'],
    ['drivers/terminal/probe.ts', '../../store/db'],
    ['drivers/probe.ts', '../domain/fees'],
    ['store/probe.ts', '../server/context'],
    ['shared/probe.ts', '../domain/fees'],
    ['renderer/kiosk/probe.ts', '../../server/daemon'],
    ['renderer/kiosk/probe.ts', 'node:path'],
    ['electron/probe.ts', '../server/daemon'],
  ])('%s may not import %s', async (file, mod) => {
    const errors = await restricted(file, `import { x } from '${mod}';\nexport const y = x;\n`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/may import only|No I\/O here|belong to/);
  });

  it.each([
    ['state/probe.ts', '../domain/fees'],
    ['state/probe.ts', '../shared/api'],
    ['state/probe.ts', 'xstate'],
    ['domain/probe.ts', '../shared/devices'],
    ['domain/probe.ts', 'zod'],
    ['drivers/probe.ts', 'serialport'],
    ['drivers/printer/probe.ts', '../../shared/devices'],
    ['store/probe.ts', '../domain/fees'],
    ['server/probe.ts', '../store/db'],
    ['renderer/lib/probe.ts', '../../shared/api'],
  ])('%s may import %s', async (file, mod) => {
    expect(await restricted(file, `import { x } from '${mod}';\nexport const y = x;\n`)).toEqual([]);
  });
});
