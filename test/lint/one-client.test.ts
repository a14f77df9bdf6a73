// The pages call the daemon only through renderer/lib/api.ts (issue 13, item 6): a page's own fetch fails lint.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

const eslint = new ESLint({ cwd: ROOT });
const RULES = new Set(['no-restricted-globals', 'no-restricted-properties']);

async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId && RULES.has(m.ruleId)).map((m) => m.message);
}

describe('one API client for every page', () => {
  it.each([
    ['renderer/counter/probe.ts', "export const r = fetch('/api/queue/counter');\n"],
    ['renderer/kiosk/probe.ts', "export const r = window.fetch('/api/checkin/event', { method: 'POST' });\n"],
    ['renderer/lib/probe.ts', "export const r = globalThis.fetch('/api/health');\n"],
  ])('%s may not call fetch itself', async (file, code) => {
    const errors = await refusals(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/renderer\/lib\/api\.ts/);
  });

  it('renderer/lib/api.ts, the client, may', async () => {
    expect(await refusals('renderer/lib/api.ts', "export const r = fetch('/api/health');\n")).toEqual([]);
  });
});
