import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { recentEvents } from './events';
import { getPrintJob, printJobJournal, recentPrintJobs } from './print-jobs';

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});
const setup = () => {
  dir = mkdtempSync(join(tmpdir(), 'print-jobs-'));
  db = openJournal(join(dir, 'j.sqlite'));
  return printJobJournal(db, () => new Date('2025-05-12T08:32:00Z'));
};

describe('printJobJournal', () => {
  it('records a job through queued, sent, interrupted, sent again and confirmed, with an event each', () => {
    const j = setup();
    j.queued({ id: 'job-1', kind: 'ticket', subject: 'A-023', bytes: 3033, printer: 'tcp://127.0.0.1:9100' });
    expect(getPrintJob(db, 'job-1')?.state).toBe('queued');
    j.sent('job-1', 1);
    j.interrupted('job-1', 'paper out');
    j.sent('job-1', 2);
    j.confirmed('job-1', { attempts: 2, verified: true });
    const row = getPrintJob(db, 'job-1');
    expect(row).toMatchObject({ state: 'confirmed', attempts: 2, verified: 1, reason: 'paper out', subject: 'A-023', bytes: 3033 });
    expect(
      recentEvents(db, { subject: 'job-1' })
        .map((e) => e.kind)
        .reverse(),
    ).toEqual(['print.queued', 'print.sent', 'print.interrupted', 'print.sent', 'print.confirmed']);
  });

  it('records a failure with its reason, and refuses to revive it', () => {
    const j = setup();
    j.queued({ id: 'job-2', kind: 'receipt', bytes: 10, printer: 'sim' });
    j.sent('job-2', 1);
    j.failed('job-2', 'printer disappeared mid-job');
    expect(getPrintJob(db, 'job-2')).toMatchObject({ state: 'failed', reason: 'printer disappeared mid-job' });
    expect(() => j.sent('job-2', 2)).toThrow(/final/);
    expect(recentPrintJobs(db).map((r) => r.id)).toEqual(['job-2']);
  });

  it('says what to do when a step names a job that was never queued', () => {
    const j = setup();
    expect(() => j.sent('nope', 1)).toThrow(/queued\(\) must be called first/);
  });

  it('stores unknown kinds as other', () => {
    const j = setup();
    j.queued({ id: 'job-3', kind: 'label', bytes: 1, printer: 'sim' });
    expect(getPrintJob(db, 'job-3')?.kind).toBe('other');
  });
});
