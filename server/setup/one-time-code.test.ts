import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/support/tmp';
import { checkCode, CODE_TTL_MS, FAILURE_WINDOW_MS, makeCode, MAX_FAILURES } from './one-time-code';

const tmp = tempDir('kiosk-code-');
afterAll(() => tmp.cleanup());

describe('the one-time setup code', () => {
  it('is stored hashed (0600), accepts any case and spacing, and expires', async () => {
    const file = join(tmp.dir, 'a.json');
    const t0 = Date.UTC(2026, 11, 2, 9);
    const { code } = await makeCode(file, t0);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(readFileSync(file, 'utf8')).not.toContain(code.replace(/-/g, ''));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await checkCode(file, ` ${code.toLowerCase().replace(/-/g, ' ')} `, t0 + 1000)).toEqual({ ok: true });
    expect(await checkCode(file, code, t0 + CODE_TTL_MS + 1)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it(`pauses every try after ${MAX_FAILURES} wrong codes in the window, the right one included, then lets it in`, async () => {
    const file = join(tmp.dir, 'b.json');
    const t0 = Date.UTC(2026, 11, 2, 9);
    const { code } = await makeCode(file, t0);
    for (let i = 0; i < MAX_FAILURES; i++) expect(await checkCode(file, 'AAAA-AAAA-AAAA', t0 + i)).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await checkCode(file, code, t0 + 60_000)).toMatchObject({ ok: false, reason: 'locked', detail: 'too many wrong codes: try again in 14 minutes' });
    expect(await checkCode(file, code, t0 + FAILURE_WINDOW_MS + 5)).toEqual({ ok: true });
  });

  it('a new code replaces the old one', async () => {
    const file = join(tmp.dir, 'c.json');
    const old = await makeCode(file);
    await makeCode(file);
    expect(await checkCode(file, old.code)).toMatchObject({ ok: false, reason: 'wrong' });
  });
});
