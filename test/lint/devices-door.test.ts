import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

const eslint = new ESLint({ cwd: ROOT });

/** The devices-door messages for `code` linted as if it were the file at `path` (the file need not exist). */
async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const probe = (mod: string, type = false) => `import ${type ? 'type ' : ''}{ x } from '${mod}';\nexport const y: unknown = x;\n`;

describe('one door to hardware: server/devices/ (eslint.config.js)', () => {
  it.each([
    ['server/checkin/probe.ts', '../../drivers/printer/encode', /only through server\/devices/],
    ['server/checkin/probe.ts', '../../drivers/printer/index', /only through server\/devices/],
    ['server/reports/probe.ts', '../../drivers/terminal', /only through server\/devices/],
    ['server/probe.ts', '../drivers/scanner/index', /only through server\/devices/],
    ['server/devices/probe.ts', '../../drivers/printer/service', /public entry is its index\.ts/],
    ['server/commands/probe.ts', '../../drivers/terminal/sim/scenarios', /public entry is its index\.ts/],
    ['server/cli.ts', '../drivers/serial/open', /public entry is its index\.ts/],
  ])('%s may not import %s', async (file, mod, message) => {
    for (const type of [false, true]) {
      const errors = await restricted(file, probe(mod, type));
      expect(errors, `${type ? 'a type import' : 'an import'} of ${mod} from ${file} should fail lint`).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    }
  });

  it.each([
    ['server/checkin/probe.ts', '../devices/index'],
    ['server/payments/probe.ts', '../devices/index'],
    ['server/devices/probe.ts', '../../drivers/printer/index'],
    ['server/devices/probe.ts', '../../drivers/printer'],
    ['server/commands/probe.ts', '../../drivers/terminal/index'],
    ['server/cli.ts', '../drivers/serial/index'],
    // Tests reach into a driver to drive its simulator.
    ['server/devices/probe.test.ts', '../../drivers/terminal/sim/zvt-sim'],
  ])('%s may import %s', async (file, mod) => {
    expect(await restricted(file, probe(mod))).toEqual([]);
  });
});
