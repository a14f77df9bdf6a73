import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// This migration's number, read from the file's own name: the lead renumbers at merge, and the test follows.
const VERSION = Number(basename(fileURLToPath(import.meta.url)).slice(0, 3));

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig027-')));
afterEach(() => cleanup());

describe(`migration ${VERSION}: appointments checked in at a counter, with their ticket and how the fee was settled`, () => {
  it('adds counter_checkins to a journal of the previous version; a paid fee needs its reference, an exemption its reason', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const insert = db.prepare(
      `INSERT INTO counter_checkins
         (token_id, ticket_id, ticket_number, service, persons, counter, by_user, at, fee_kind, amount_minor, currency, reference, exempt_reason)
       VALUES (?, 't1', 'P-001', 'passport', 1, '1', 'amina', '2026-12-02T09:00:00.000Z', ?, 8600, 'EUR', ?, ?)`,
    );
    insert.run('a1', 'paid', 'TRM-0042', null);
    insert.run('a2', 'exempt', null, 'diplomatic passport');
    insert.run('a3', 'free', null, null);
    expect(() => insert.run('a1', 'paid', 'TRM-0043', null)).toThrow(/UNIQUE/);
    expect(() => insert.run('a4', 'paid', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('a5', 'paid', '  ', null)).toThrow(/CHECK/);
    expect(() => insert.run('a6', 'exempt', null, '')).toThrow(/CHECK/);
    expect(() => insert.run('a7', 'card', 'x', null)).toThrow(/CHECK/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
