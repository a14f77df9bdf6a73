import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

/** This migration's number (the coordinator renumbers at merge: change it here only). */
const N = 16;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig012-')));
afterEach(() => cleanup());

const insert = (d: Database.Database, id: string, number: number, series = '') =>
  d
    .prepare(
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at, series)
       VALUES (?, 'FR-PAR', 'A', '2025-05-12', ?, ?, ?, 'visa', 'walk-in', 'fr', '2025-05-12T07:55:00.000Z', ?)`,
    )
    .run(id, number - 1, number, `A-${number}`, series);
const insertOld = (d: Database.Database, id: string, number: number) =>
  d
    .prepare(
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at)
       VALUES (?, 'FR-PAR', 'A', '2025-05-12', ?, ?, ?, 'visa', 'walk-in', 'fr', '2025-05-12T07:55:00.000Z')`,
    )
    .run(id, number - 1, number, `A-${number}`);

describe('migration 012: post numbers (series, blocks, request keys, kiosk blocks)', () => {
  it('keeps the tickets of a journal at the previous version, puts them in the post series, and guards per series', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), N - 1);
    insertOld(old, 't1', 1);
    expect(migrate(old, loadMigrations(), N)).toEqual({ from: N - 1, to: N });
    expect(old.prepare('SELECT series, offline FROM queue_tickets').get()).toEqual({ series: '', offline: 0 });
    // The same number and day_seq in a kiosk's fallback series is another ticket; twice in one series is refused.
    insert(old, 't2', 1, 'K2');
    expect(() => insert(old, 't3', 1, 'K2')).toThrow(/UNIQUE/);
    expect(() => insert(old, 't4', 1)).toThrow(/UNIQUE/);
    old.close();
  });

  it('a failing migration leaves the journal at the previous version', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), N - 1);
    old.exec('CREATE TABLE kiosk_fallback_numbers (x)');
    expect(() => migrate(old, loadMigrations(), N)).toThrow(/kiosk_fallback_numbers/);
    expect(old.pragma('user_version', { simple: true })).toBe(N - 1);
    expect(old.prepare("SELECT count(*) AS n FROM pragma_table_info('queue_tickets') WHERE name = 'series'").get()).toEqual({ n: 0 });
    old.close();
  });
});
