import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../db';

const dir = mkdtempSync(join(tmpdir(), 'mig004-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('004_appointment_tokens', () => {
  const db = openJournal(join(dir, 'j.db'));
  const insert = db.prepare('INSERT INTO appointment_tokens_used (token_id, kiosk_id, used_at) VALUES (?, ?, ?)');

  it('creates the table', () => {
    const cols = db
      .prepare("SELECT name FROM pragma_table_info('appointment_tokens_used')")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(cols).toEqual(['token_id', 'kiosk_id', 'used_at', 'appointment_id', 'consulate', 'expires_at']);
  });
  it('a token id can be used once only', () => {
    insert.run('9c1f04a2b7e35d60', 'K1', '2026-12-01T08:12:00.000Z');
    expect(() => insert.run('9c1f04a2b7e35d60', 'K2', '2026-12-01T08:13:00.000Z')).toThrow(/UNIQUE|PRIMARY KEY/);
  });
  it('a use is never changed', () => {
    expect(() => db.prepare("UPDATE appointment_tokens_used SET kiosk_id = 'K9'").run()).toThrow(/never changed/);
  });
  it('token ids are lower-case hex of 8 to 32 bytes', () => {
    expect(() => insert.run('9C1F04A2B7E35D60', 'K1', 'x')).toThrow(/CHECK/);
    expect(() => insert.run('9c1f', 'K1', 'x')).toThrow(/CHECK/);
    expect(() => insert.run('zz1f04a2b7e35d60', 'K1', 'x')).toThrow(/CHECK/);
  });
  it('a kiosk id is required', () => {
    expect(() => insert.run('00112233445566ff', '', 'x')).toThrow(/CHECK/);
  });
  it('db closes', () => db.close());
});
