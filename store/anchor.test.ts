import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { commitWithoutFsync } from './commit';
import { appendEvent } from './events';
import { anchorFileFor, anchorJournal, createAnchorer, readAnchor } from './anchor';
import { recordIntent } from './payments';
import { verifyJournal } from './verify';
import { tempDir } from '../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

function journal(name = 'journal.sqlite'): { db: Db; file: string; anchor: string } {
  const t = tempDir();
  const prev = cleanup;
  cleanup = () => {
    prev();
    t.cleanup();
  };
  const file = join(t.dir, name);
  return { db: openJournal(file), file, anchor: anchorFileFor(file) };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (i > 500) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the anchor', () => {
  it('follows the head after every money event, 0600, beside the backups', async () => {
    const { db, anchor } = journal();
    expect(anchor).toMatch(/backups\/journal\.sqlite\.anchor$/);
    const a = createAnchorer(db, anchor);
    appendEvent(db, { kind: 'daemon.started' });
    recordIntent(db, { id: 'pay-1', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    await until(() => {
      const r = readAnchor(anchor);
      return r.ok && r.anchor.count === 2;
    });
    expect(statSync(anchor).mode & 0o777).toBe(0o600);
    expect(verifyJournal(db, { anchorFile: anchor })).toMatchObject({ ok: true, anchor: { count: 2, lastId: 2 } });
    // A non-money event waits for the next flush (the daemon's minute, a backup, the stop).
    appendEvent(db, { kind: 'device.status' });
    expect(await a.flush()).toMatchObject({ ok: true, written: true, anchor: { count: 3 } });
    await a.close();
    db.close();
  });

  it('is never overwritten by a journal that does not extend it, and says why once', async () => {
    const { db, anchor } = journal();
    for (let i = 0; i < 5; i++) appendEvent(db, { kind: 'k', payload: { i } });
    expect((await anchorJournal(db, anchor)).ok).toBe(true);
    db.exec('DROP TRIGGER events_no_delete');
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM events WHERE id > 3').run();
    const before = readFileSync(anchor, 'utf8');
    const problems: string[] = [];
    const a = createAnchorer(db, anchor, (m) => problems.push(m));
    appendEvent(db, { kind: 'payment.intent', subject: 'x' });
    expect(await a.flush()).toMatchObject({ ok: false, refused: true });
    expect(readFileSync(anchor, 'utf8')).toBe(before);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/records 5 events ending with event 5.*removed from the end.*NOT overwritten/);
    await a.close();
    db.close();
  });

  it('refuses an anchor edited by hand or belonging to another journal', async () => {
    const one = journal();
    appendEvent(one.db, { kind: 'k' });
    await anchorJournal(one.db, one.anchor);
    const a = JSON.parse(readFileSync(one.anchor, 'utf8')) as { count: number };
    writeFileSync(one.anchor, JSON.stringify({ ...a, count: 0 }));
    expect(verifyJournal(one.db, { anchorFile: one.anchor })).toMatchObject({ ok: false, problems: [expect.stringMatching(/altered/)] });

    const two = journal();
    appendEvent(two.db, { kind: 'k' });
    await anchorJournal(two.db, two.anchor);
    writeFileSync(one.anchor, readFileSync(two.anchor));
    expect(verifyJournal(one.db, { anchorFile: one.anchor })).toMatchObject({ ok: false, problems: [expect.stringMatching(/belongs to another journal/)] });
    one.db.close();
    two.db.close();
  });

  it('a missing anchor is a warning, not a failure (nothing anchored it yet)', () => {
    const { db, anchor } = journal();
    appendEvent(db, { kind: 'k' });
    expect(existsSync(anchor)).toBe(false);
    expect(verifyJournal(db, { anchorFile: anchor })).toMatchObject({ ok: true, anchor: { missing: true }, warnings: [expect.stringMatching(/no anchor/)] });
    db.close();
  });
});

describe('the anchored head is on the disk before the anchor', () => {
  /** A sync of the journal the test lets finish: `held` while one runs. */
  function heldSync() {
    const s = { calls: 0, held: false, release: () => {} };
    const sync = () => {
      s.calls++;
      s.held = true;
      return new Promise<void>((r) => {
        s.release = () => {
          s.held = false;
          r();
        };
      });
    };
    return { s, sync };
  }
  const count = (file: string) => {
    const r = readAnchor(file);
    return r.ok ? r.anchor.count : null;
  };

  it('waits for a sync of the WAL when a commit since the last one did not wait for the disk', async () => {
    const { db, anchor } = journal();
    const { s, sync } = heldSync();
    const a = createAnchorer(db, anchor, () => {}, { onMoneyEvents: false, syncJournal: sync });
    appendEvent(db, { kind: 'daemon.started' });
    // The first anchor of a process syncs: an earlier one may have left commits in the system's cache only.
    const first = a.flush();
    await until(() => s.held);
    expect(existsSync(anchor)).toBe(false);
    s.release();
    expect(await first).toMatchObject({ ok: true, written: true, anchor: { count: 1 } });

    // A print-job step: committed without its own fdatasync (store/commit.ts); a power cut may take it back.
    commitWithoutFsync(db, () => appendEvent(db, { kind: 'print.queued', subject: 'job-1' }));
    const second = a.flush();
    await until(() => s.held);
    expect(count(anchor)).toBe(1);
    s.release();
    expect(await second).toMatchObject({ ok: true, written: true, anchor: { count: 2 } });
    expect(s.calls).toBe(2);

    // Commits that waited for the disk (appendEvent on its own, a payment) need no other sync.
    appendEvent(db, { kind: 'device.status' });
    recordIntent(db, { id: 'pay-1', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    expect(await a.flush()).toMatchObject({ ok: true, written: true, anchor: { count: 4 } });
    expect(s.calls).toBe(2);
    await a.close();
    db.close();
  });

  it('needs no sync after a payment step that flushed the WAL itself, unless a lazy commit followed it', async () => {
    const { db, anchor } = journal();
    const { s, sync } = heldSync();
    const a = createAnchorer(db, anchor, () => {}, { syncJournal: sync });
    commitWithoutFsync(db, () => appendEvent(db, { kind: 'checkin.started' }));
    // The intent's own commit (FULL) flushed the WAL, the lazy commit before it included.
    recordIntent(db, { id: 'pay-1', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    await until(() => count(anchor) === 2);
    expect(s.calls).toBe(0);

    // With a lazy commit made before the anchorer reads the head: that one is not on the disk yet. The anchor names
    // the payment's event, on the disk; the lazy one waits for the next anchor asked for the whole head (a flush).
    expect(recordIntent(db, { id: 'pay-2', kioskId: 'K1', terminalId: 'T2', protocol: 'zvt', amountMinor: 100, currency: 'EUR' }).ok).toBe(true);
    commitWithoutFsync(db, () => appendEvent(db, { kind: 'checkin.paying', subject: 'pay-2' }));
    await until(() => count(anchor) === 3);
    expect(s.calls).toBe(0);
    const whole = a.flush();
    await until(() => s.held);
    expect(count(anchor)).toBe(3);
    s.release();
    expect(await whole).toMatchObject({ ok: true, written: true, anchor: { count: 4 } });

    // A money event inside a commit without fsync is not on the disk either.
    commitWithoutFsync(db, () => appendEvent(db, { kind: 'payment.card-receipts', subject: 'pay-2' }));
    await until(() => s.held);
    expect(count(anchor)).toBe(4);
    s.release();
    await until(() => count(anchor) === 5);
    expect(s.calls).toBe(2);
    // Lazy commits that hold no event (a visit's row updated) after a payment step: even the whole head, the step's
    // event, is on the disk.
    db.exec('CREATE TABLE scratch (x)');
    appendEvent(db, { kind: 'day.closed', subject: '2026-12-04' });
    commitWithoutFsync(db, () => db.prepare('INSERT INTO scratch (x) VALUES (1)').run());
    expect(await a.flush()).toMatchObject({ ok: true, anchor: { count: 6 } });
    expect(count(anchor)).toBe(6);
    expect(s.calls).toBe(2);
    await a.close();
    db.close();
  });

  it('writes no anchor when the WAL cannot be synced, and says why', async () => {
    const { db, anchor } = journal();
    const problems: string[] = [];
    const a = createAnchorer(db, anchor, (m) => problems.push(m), {
      onMoneyEvents: false,
      syncJournal: () => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
    });
    appendEvent(db, { kind: 'k' });
    expect(await a.flush()).toMatchObject({ ok: false, refused: false, reason: expect.stringMatching(/WAL could not be flushed.*EIO/) });
    expect(existsSync(anchor)).toBe(false);
    expect(problems).toHaveLength(1);
    await a.close();
    db.close();
  });
});
