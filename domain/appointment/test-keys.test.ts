import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { TEST_KIDS, isTestKey } from './test-keys';
import { KEYS_DIR, publicKey } from '../../test/appointment/fixtures';
import { kidOf } from '../../server/appointment/crypto';

describe('test keys', () => {
  const files = readdirSync(KEYS_DIR).filter((f) => f.endsWith('.pub.pem'));
  it('every public key in fixtures/keys is listed, under its derived id', () => {
    const kids = files.map((f) => f.replace('.pub.pem', ''));
    expect(kids.map((k) => kidOf(publicKey(k)))).toEqual(kids);
    expect([...kids].sort()).toEqual([...TEST_KIDS].sort());
  });
  it('isTestKey is true for them only, whatever the case', () => {
    for (const k of TEST_KIDS) expect(isTestKey(k.toUpperCase())).toBe(true);
    expect(isTestKey('0011223344556677')).toBe(false);
  });
});
