import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
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
