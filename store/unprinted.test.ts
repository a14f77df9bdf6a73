import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { clearUnprinted, openUnprinted, recordUnprinted } from './unprinted';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-unprinted-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const T = {
  ticketId: 't1',
  number: 'C-042',
  what: 'ticket' as const,
  services: ['passport'],
  persons: 1,
  language: 'fr',
  estimatedWaitMinutes: 5,
  qrPayload: 't1',
};

describe('unprinted tickets', () => {
  it('one open alert per ticket, until cleared', () => {
    expect(recordUnprinted(db, T)).toBe(true);
    expect(recordUnprinted(db, T)).toBe(false);
    expect(openUnprinted(db).map((u) => u.number)).toEqual(['C-042']);
    expect(clearUnprinted(db, 't1', { by: 'printer', done: 'printed' })).toBe(true);
    expect(openUnprinted(db)).toEqual([]);
    expect(clearUnprinted(db, 't1', { by: 'agent', done: 'acknowledged' })).toBe(false);
  });

  it('a ticket that printed late may open again for its receipt (issue 19, item 2)', () => {
    recordUnprinted(db, T);
    clearUnprinted(db, 't1', { by: 'printer', done: 'printed' });
    expect(recordUnprinted(db, { ...T, what: 'receipt' })).toBe(true);
    expect(openUnprinted(db)).toMatchObject([{ ticketId: 't1', what: 'receipt' }]);
  });
});
