// What the printer service records about each job. store/print-jobs.ts implements it on SQLite; the
// service calls it synchronously, before and after each step, so a crash leaves a true trace.

export interface PrintJobRecord {
  id: string;
  /** 'ticket', 'receipt', 'test'. */
  kind: string;
  /** What it is about: a ticket id, a payment id. */
  subject?: string | null;
  bytes: number;
  printer: string;
}

export interface PrintJournal {
  queued(job: PrintJobRecord): void;
  /** Bytes handed to the printer (attempt 1, or a reprint after paper-out). */
  sent(id: string, attempt: number): void;
  /** The printer stopped mid-job (paper out, cover open); its buffer was cleared; it will be reprinted. */
  interrupted(id: string, reason: string): void;
  /** The printer reported the job printed (or, for printers that cannot answer, accepted it). */
  confirmed(id: string, detail: { attempts: number; verified: boolean }): void;
  failed(id: string, reason: string): void;
}

export const nullJournal: PrintJournal = {
  queued: () => undefined,
  sent: () => undefined,
  interrupted: () => undefined,
  confirmed: () => undefined,
  failed: () => undefined,
};
