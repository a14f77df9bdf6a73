import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../db';

let dir: string;
let db: Db;
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'print-jobs-mig-'));
  db = openJournal(join(dir, 'j.sqlite'));
  return db;
};
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = { id: 'p1', kind: 'ticket', subject: 'A-023', printer: 'sim', bytes: 3000, at: '2025-05-12T08:32:00.000Z' };
const insert = (d: Db, r = row) =>
  d
    .prepare(`INSERT INTO print_jobs (id, kind, subject, printer, bytes, created_at, updated_at) VALUES (@id, @kind, @subject, @printer, @bytes, @at, @at)`)
    .run(r);

describe('003_print_jobs', () => {
  it('creates print_jobs with queued as the starting state', () => {
    const d = open();
    insert(d);
    expect(d.prepare('SELECT state, attempts, verified, reason FROM print_jobs').get()).toEqual({ state: 'queued', attempts: 0, verified: null, reason: null });
  });

  it('rejects unknown kinds and states, negative sizes and duplicate ids', () => {
    const d = open();
    expect(() => insert(d, { ...row, kind: 'poster' })).toThrow(/CHECK/);
    expect(() => insert(d, { ...row, bytes: -1 })).toThrow(/CHECK/);
    insert(d);
    expect(() => insert(d)).toThrow(/UNIQUE/);
    expect(() => d.prepare("UPDATE print_jobs SET state = 'printing'").run()).toThrow(/CHECK/);
  });

  it('needs a reason to fail and a verified flag to confirm', () => {
    const d = open();
    insert(d);
    expect(() => d.prepare("UPDATE print_jobs SET state = 'failed'").run()).toThrow(/CHECK/);
    expect(() => d.prepare("UPDATE print_jobs SET state = 'confirmed'").run()).toThrow(/CHECK/);
    d.prepare("UPDATE print_jobs SET state = 'confirmed', verified = 1").run();
  });

  it('keeps confirmed and failed jobs final', () => {
    const d = open();
    insert(d);
    d.prepare("UPDATE print_jobs SET state = 'failed', reason = 'paper out'").run();
    expect(() => d.prepare("UPDATE print_jobs SET state = 'sent'").run()).toThrow(/final/);
    insert(d, { ...row, id: 'p2' });
    d.prepare("UPDATE print_jobs SET state = 'sent' WHERE id = 'p2'").run();
    d.prepare("UPDATE print_jobs SET state = 'sent', attempts = 2 WHERE id = 'p2'").run();
    d.prepare("UPDATE print_jobs SET state = 'confirmed', verified = 1 WHERE id = 'p2'").run();
    expect(() => d.prepare("UPDATE print_jobs SET state = 'queued' WHERE id = 'p2'").run()).toThrow(/final/);
  });
});
