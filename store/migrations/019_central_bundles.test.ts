import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 19;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig019-')));
afterEach(() => cleanup());

describe(`migration ${VERSION}: bundles from the central service`, () => {
  it('keeps one row per version and one public key', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const add = db.prepare("INSERT INTO central_bundles (version, effective_at, text, signature, received_at) VALUES (?, 'e', 't', 's', 'r')");
    add.run(1);
    expect(() => add.run(1)).toThrow(/UNIQUE/);
    expect(() => add.run(0)).toThrow(/CHECK/);
    const key = db.prepare("INSERT INTO central_bundle_key (one, public_key_pem, fetched_at) VALUES (?, 'k', 'f')");
    key.run(1);
    expect(() => key.run(2)).toThrow(/CHECK/);
    db.close();
  });
});
