// The log tail of the diagnostics page and the support bundle: the daemon's own JSON log files
// (<dataDir>/logs/kiosk.N.log, rotated by pino-roll), read from the end, optionally one device's lines.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LogLine, LogTail } from '../../shared/diagnostics-api';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export function logDir(dataDir: string): string {
  return join(resolve(dataDir), 'logs');
}

/** Log files, newest first (by modification time: pino-roll numbers files, it does not date them). */
export function logFiles(dataDir: string): Array<{ file: string; bytes: number; mtimeMs: number }> {
  const dir = logDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^kiosk.*\.log$/.test(n))
    .map((n) => {
      const st = statSync(join(dir, n));
      return { file: join(dir, n), bytes: st.size, mtimeMs: st.mtimeMs };
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.file.localeCompare(a.file));
}

/** The last `bytes` of a file, cut at the first whole line. */
export function readTail(file: string, bytes: number): string {
  const size = statSync(file).size;
  const start = Math.max(0, size - bytes);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
}

export function parseLogLine(raw: string): LogLine | null {
  if (!raw.trim()) return null;
  try {
    const o = JSON.parse(raw) as { time?: number | string; level?: number | string; device?: unknown; msg?: unknown };
    const time = typeof o.time === 'number' ? new Date(o.time).toISOString() : String(o.time ?? '');
    const level = typeof o.level === 'number' ? (LEVELS[o.level] ?? String(o.level)) : String(o.level ?? '');
    return { time, level, device: typeof o.device === 'string' ? o.device : null, msg: typeof o.msg === 'string' ? o.msg : '', raw };
  } catch {
    return { time: '', level: 'text', device: null, msg: raw, raw };
  }
}

/** The newest file's last lines; `device` keeps only lines logged by that device. */
export function tailLog(dataDir: string, opts: { device?: string; lines?: number; scanBytes?: number } = {}): LogTail {
  const [newest] = logFiles(dataDir);
  if (!newest) return { file: null, lines: [], message: `no log file in ${logDir(dataDir)}: the daemon writes one there unless it logs to stdout only` };
  const want = opts.lines ?? 200;
  const all = readTail(newest.file, opts.scanBytes ?? 512 * 1024)
    .split('\n')
    .map(parseLogLine)
    .filter((l): l is LogLine => l !== null);
  const kept = opts.device ? all.filter((l) => l.device === opts.device) : all;
  const lines = kept.slice(-want);
  return { file: newest.file, lines, message: `${lines.length} line(s) from ${newest.file}${opts.device ? ` for ${opts.device}` : ''}` };
}
