// The support bundle a technician sends home: config with secrets removed, recent logs, devices (through
// the daemon when it runs, else from outside) and discovery, and a summary of the journal. Personal data
// stays out: no receipt lines, no appointment payloads beyond what the events carry.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { KioskConfig } from '../config/schema';
import { openJournal, type Db } from '../../store/db';
import { verifyChain, recentEvents } from '../../store/events';
import { schemaVersion } from '../../store/migrations';
import { pendingPayments } from '../../store/payments';
import { journalCounts } from '../../store/diagnostics';
import { runDiagnostics, formatReport, type DiagReport } from './run';
import { journalFile, journalBytes, lastBackup } from './overview';
import { logFiles, readTail } from './logs';
import { paymentRow } from './journal-view';
import type { TarEntry } from './tar';

/** Property names whose string values never leave the kiosk. */
const SECRET = /pin|pass|secret|token|key/i;
const KEEP = new Set(['kid', 'trustedKeys']);

export function redact(value: unknown, name = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, name));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]));
  }
  if ((typeof value === 'string' || typeof value === 'number') && SECRET.test(name) && !KEEP.has(name)) return '[removed]';
  return value;
}

export function journalSummary(db: Db) {
  const chain = verifyChain(db);
  return {
    schemaVersion: schemaVersion(db),
    chain,
    ...journalCounts(db),
    pendingPayments: pendingPayments(db).map(paymentRow),
    lastEvents: recentEvents(db, { limit: 200 }).map((e) => ({ id: e.id, at: e.at, kind: e.kind, subject: e.subject })),
  };
}

export interface BundleOptions {
  /** Log bytes kept per file (the end of it). */
  logBytesPerFile?: number;
  logFiles?: number;
  daemonTimeoutMs?: number;
  configFile?: string;
}

export async function buildBundle(cfg: KioskConfig, opts: BundleOptions = {}): Promise<{ entries: TarEntry[]; report: DiagReport }> {
  const now = new Date();
  const root = `kiosk-${cfg.kioskId}-${now.toISOString().replace(/[:.]/g, '-')}`;
  const entries: TarEntry[] = [];
  const add = (name: string, data: string | Uint8Array) => entries.push({ name: `${root}/${name}`, data, mtime: now });
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

  const report = await runDiagnostics(cfg, opts.daemonTimeoutMs === undefined ? {} : { daemonTimeoutMs: opts.daemonTimeoutMs });
  add('config.json', json(redact(cfg)));
  add('diag.txt', formatReport(report) + '\n');
  add('diag.json', json(report));
  add('devices.json', json({ checks: report.checks.filter((c) => /^(printer|terminal|scanner|daemon)/.test(c.name)), discovered: report.discovered }));

  const file = journalFile(cfg);
  let journal: unknown;
  if (!existsSync(file)) journal = { missing: file };
  else {
    try {
      const db = openJournal(file, { readonly: true, migrate: false });
      try {
        journal = { file, bytes: journalBytes(cfg), lastBackup: lastBackup(cfg), ...journalSummary(db) };
      } finally {
        db.close();
      }
    } catch (err) {
      journal = { file, error: (err as Error).message };
    }
  }
  add('journal-summary.json', json(journal));

  const logs = logFiles(cfg.dataDir).slice(0, opts.logFiles ?? 5);
  for (const l of logs) add(`logs/${basename(l.file)}`, readTail(l.file, opts.logBytesPerFile ?? 5 * 1024 * 1024));
  add(
    'README.txt',
    [
      `Support bundle of kiosk ${cfg.kioskId} (${cfg.consulate.code}), made ${now.toISOString()}.`,
      `config.json           the config${opts.configFile ? ` (${opts.configFile})` : ''} with every PIN hash, password and key removed`,
      'diag.txt / diag.json  `kiosk diag`: self tests, device states, ports and HID devices found',
      'devices.json          the device checks and discovery alone',
      'journal-summary.json  counts of events, payments and print jobs; payments waiting for staff; chain check',
      `logs/                 the last ${logs.length} log file(s), ` +
        `at most ${Math.round((opts.logBytesPerFile ?? 5 * 1024 * 1024) / 1024 / 1024)} MiB of each (their end)`,
      '',
    ].join('\n'),
  );
  return { entries, report };
}
