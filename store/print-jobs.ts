// The printer service's journal on SQLite: one row per job in print_jobs, plus an event per step (row and event
// in one transaction).
//
// No step waits for the disk (store/commit.ts: a process crash loses none of them, a power cut the ones since the
// last durable commit). Does 'sent' need its own durable commit before the bytes go out? No: it is written after the
// transport took the bytes, and nothing reconciles jobs from it. Recovery reads one thing of print jobs: a ticket
// job 'confirmed' (store/checkin.ts unfinishedPaidVisit), for a paid visit never marked completed. A power cut can
// only take back the newest steps, with the visit's completion after them (a later commit is never kept without
// the earlier ones): the visit is then resumed and its ticket printed again, with the number the queue issued
// durably before the first print (server/checkin/actors.ts) — a spare slip, never a lost or a second number.
import type { Db } from './db';
import { appendEvent } from './events';
import { commitWithoutFsync } from './commit';
import { prepared } from './statements';

export type PrintJobState = 'queued' | 'sent' | 'confirmed' | 'failed';

export interface PrintJobRow {
  id: string;
  kind: string;
  subject: string | null;
  printer: string;
  bytes: number;
  state: PrintJobState;
  attempts: number;
  verified: number | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

const KINDS = new Set(['ticket', 'receipt', 'test']);

/** Matches drivers/printer/journal.ts PrintJournal (structurally: store/ may not import drivers/). */
export function printJobJournal(db: Db, clock: () => Date = () => new Date()) {
  const now = () => clock().toISOString();
  const insert = prepared(
    db,
    `INSERT INTO print_jobs (id, kind, subject, printer, bytes, state, attempts, created_at, updated_at)
    VALUES (@id, @kind, @subject, @printer, @bytes, 'queued', 0, @at, @at)`,
  );
  const setSent = prepared(db, `UPDATE print_jobs SET state = 'sent', attempts = @attempt, updated_at = @at WHERE id = @id`);
  const setReason = prepared(db, `UPDATE print_jobs SET reason = @reason, updated_at = @at WHERE id = @id`);
  const setConfirmed = prepared(db, `UPDATE print_jobs SET state = 'confirmed', attempts = @attempts, verified = @verified, updated_at = @at WHERE id = @id`);
  const setFailed = prepared(db, `UPDATE print_jobs SET state = 'failed', reason = @reason, updated_at = @at WHERE id = @id`);
  const step = (fn: () => void) => commitWithoutFsync(db, fn);
  const mustChange = (changes: number, id: string) => {
    if (changes !== 1) throw new Error(`print_jobs: no job ${id}; queued() must be called first`);
  };
  return {
    queued(job: { id: string; kind: string; subject?: string | null; bytes: number; printer: string }): void {
      step(() => {
        const at = now();
        insert.run({ id: job.id, kind: KINDS.has(job.kind) ? job.kind : 'other', subject: job.subject ?? null, printer: job.printer, bytes: job.bytes, at });
        appendEvent(db, {
          kind: 'print.queued',
          subject: job.id,
          payload: { kind: job.kind, about: job.subject ?? null, bytes: job.bytes, printer: job.printer },
        });
      });
    },
    sent(id: string, attempt: number): void {
      step(() => {
        mustChange(setSent.run({ id, attempt, at: now() }).changes, id);
        appendEvent(db, { kind: 'print.sent', subject: id, payload: { attempt } });
      });
    },
    interrupted(id: string, reason: string): void {
      step(() => {
        mustChange(setReason.run({ id, reason, at: now() }).changes, id);
        appendEvent(db, { kind: 'print.interrupted', subject: id, payload: { reason } });
      });
    },
    confirmed(id: string, detail: { attempts: number; verified: boolean }): void {
      step(() => {
        mustChange(setConfirmed.run({ id, attempts: detail.attempts, verified: detail.verified ? 1 : 0, at: now() }).changes, id);
        appendEvent(db, { kind: 'print.confirmed', subject: id, payload: detail });
      });
    },
    failed(id: string, reason: string): void {
      step(() => {
        mustChange(setFailed.run({ id, reason, at: now() }).changes, id);
        appendEvent(db, { kind: 'print.failed', subject: id, payload: { reason } });
      });
    },
  };
}

export function getPrintJob(db: Db, id: string): PrintJobRow | undefined {
  return prepared(db, 'SELECT * FROM print_jobs WHERE id = ?').get(id) as PrintJobRow | undefined;
}

export function recentPrintJobs(db: Db, limit = 50): PrintJobRow[] {
  return db.prepare('SELECT * FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as PrintJobRow[];
}
