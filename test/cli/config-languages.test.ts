// The languages a kiosk offers are named in its config (issue 19, item 8): one with a visitor catalogue
// (i18n/<lang>/visitor.json) passes `kiosk config check`, one without is refused by name, with the ones available.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKiosk } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { DEFAULT_CONFIG_FILE } from '../../server/config/load';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function checkWith(languages: string[]): Promise<{ code: number | null; out: string }> {
  const t = tempDir();
  cleanup = t.cleanup;
  const file = join(t.dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')), languages }));
  const k = runKiosk(['config', 'check', file], { KIOSK_FROM_SOURCE: '1' });
  return { code: await k.exited, out: k.stdout() + k.stderr() };
}

describe('kiosk config check and the visitor languages', () => {
  it('accepts Italian, Dutch and German beside Arabic and French', async () => {
    const r = await checkWith(['ar', 'fr', 'it', 'nl', 'de']);
    expect(r.out).toMatch(/is valid/);
    expect(r.code).toBe(0);
  }, 30_000);

  it('refuses a language with no visitor catalogue, naming the ones the kiosk can speak', async () => {
    const r = await checkWith(['fr', 'sv']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('languages.1: no visitor catalogue for "sv" (i18n/sv/visitor.json); the kiosk can speak ar, de, en, es, fr, it, nl');
  }, 30_000);
});
