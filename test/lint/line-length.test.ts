// Lines stay within Prettier's print width (issue 13, item 7). Prettier does not split strings, template
// literals or comments, so eslint's max-len keeps those short too; a probe file of each kind proves it.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

const eslint = new ESLint({ cwd: ROOT });

async function tooLong(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'max-len').map((m) => m.message);
}

/** One statement `<head><padding>';` exactly `length` characters long. */
function line(head: string, length: number, tail = "';"): string {
  return head + 'x'.repeat(length - head.length - tail.length) + tail;
}

describe('line length (160, like Prettier)', () => {
  it.each([
    ['server/probe.ts', line("export const s = '", 200)],
    ['store/probe.ts', line('export const sql = `SELECT ', 200, '`;')],
    ['renderer/kiosk/probe.ts', line('// ', 200, '.') + '\nexport const y = 1;'],
    ['test/probe.test.ts', line("export const s = '", 200)],
    ['eslint-rules/probe.js', line("export const s = '", 200)],
  ])('%s: a 200-character line fails lint', async (file, code) => {
    const errors = await tooLong(file, code + '\n');
    expect(errors.length, `a 200-character line in ${file} should fail lint`).toBe(1);
    expect(errors[0]).toMatch(/160/);
  });

  it.each([
    ['server/probe.ts', line("export const s = '", 150)],
    ['store/probe.ts', line('export const sql = `SELECT ', 160, '`;')],
    // Characters count, not bytes: 150 Arabic letters are 300 bytes of UTF-8.
    ['renderer/kiosk/probe.ts', "export const s = '" + 'ب'.repeat(130) + "';"],
  ])('%s: a line of at most 160 characters passes', async (file, code) => {
    expect(await tooLong(file, code + '\n')).toEqual([]);
  });

  it('a long URL alone in a comment passes (it cannot be split)', async () => {
    const url = 'https://example.org/' + 'a'.repeat(180);
    expect(await tooLong('server/probe.ts', `// See ${url}\nexport const y = 1;\n`)).toEqual([]);
  });
});
