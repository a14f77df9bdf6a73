import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openJournal } from './db';
import { appendEvent, verifyChain } from './events';
import { keyFileFor, newKey, readKeyFile, serializeKey } from './chain-key';
import { recordIntent, transition } from './payments';
import { verifyJournal } from './verify';
import { loadMigrations, migrate } from './migrations';
import { tempDir } from '../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

function fresh(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return join(t.dir, 'journal.sqlite');
}

describe('the chain key', () => {
  it('is made once for a new journal, beside it, 0600; every connection uses the same one', () => {
    const file = fresh();
    const a = openJournal(file);
    const b = openJournal(file);
    appendEvent(a, { kind: 'k', payload: { by: 'a' } });
    appendEvent(b, { kind: 'k', payload: { by: 'b' } });
    expect(statSync(keyFileFor(file)).mode & 0o777).toBe(0o600);
    const key = readKeyFile(keyFileFor(file));
    expect(key).toMatchObject({ ok: true, key: { keyedFrom: 1 } });
    expect(verifyChain(a)).toEqual({ ok: true, count: 2 });
    a.close();
    b.close();
  });

  it('a missing key file stops a read-write open with what to do, and makes no new key', () => {
    const file = fresh();
    openJournal(file).close();
    rmSync(keyFileFor(file));
    expect(() => openJournal(file)).toThrow(/chain key .*journal\.sqlite\.key of this journal is missing.*Copy it back from beside your latest backup/);
    expect(existsSync(keyFileFor(file))).toBe(false);
    // Read-only (verify, diagnostics) opens, and says it cannot verify.
    const ro = openJournal(file, { readonly: true, migrate: false });
    expect(verifyJournal(ro)).toMatchObject({ status: 'cannot-verify', ok: false, reason: expect.stringMatching(/missing/) });
    expect(() => appendEvent(ro, { kind: 'x' })).toThrow(/missing/);
    ro.close();
  });

  it('refuses the key file of another journal', () => {
    const file = fresh();
    openJournal(file).close();
    rmSync(keyFileFor(file));
    writeFileSync(keyFileFor(file), serializeKey(newKey(1)), { mode: 0o600 });
    expect(() => openJournal(file)).toThrow(/belongs to another journal/);
  });

  it('takes over a key file left by a run that died before recording it, but not once events were written without it', () => {
    const file = fresh();
    openJournal(file).close();
    // As if the journal row had not been committed: a journal without a key record and a key for event 1 on.
    const k = readFileSync(keyFileFor(file));
    rmSync(file);
    rmSync(keyFileFor(file), { force: true });
    for (const ext of ['-wal', '-shm']) rmSync(file + ext, { force: true });
    writeFileSync(keyFileFor(file), k, { mode: 0o600 });
    const db = openJournal(file);
    expect(readKeyFile(keyFileFor(file))).toMatchObject({ ok: true });
    db.close();

    // Events written since by an older version: that key file is not this chain's.
    const other = join(dirname(file), 'other.sqlite');
    const old = openJournal(other, { migrate: false });
    migrate(old, loadMigrations(), 8);
    appendEvent(old, { kind: 'k' });
    old.close();
    writeFileSync(keyFileFor(other), serializeKey(newKey(1)), { mode: 0o600 });
    expect(() => openJournal(other)).toThrow(/exists but this journal records no chain key \(the file is for event 1 on, the journal's next event is 2\)/);
  });

  it('an in-memory journal gets a throw-away key (kiosk pay without --db)', () => {
    const db = openJournal(':memory:');
    expect(recordIntent(db, { id: 'pay-1', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' }).ok).toBe(true);
    expect(transition(db, 'pay-1', 'approved', { authCode: 'A1' }, 'service').ok).toBe(true);
    expect(verifyJournal(db)).toMatchObject({ ok: true, keyedFrom: 1, payments: { checked: 1 } });
    db.close();
  });
});
