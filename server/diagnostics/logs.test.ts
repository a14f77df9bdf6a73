import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogLine, readTail, tailLog } from './logs';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const line = (o: object) => JSON.stringify({ level: 30, time: Date.UTC(2025, 0, 2, 10, 0, 0), app: 'kiosk', ...o });

describe('log tail', () => {
  it('says plainly when there is no log file', () => {
    expect(tailLog(join(dir, 'none'))).toMatchObject({ file: null, lines: [], message: expect.stringMatching(/no log file in/) });
  });

  it('reads the newest file, one device or all, and keeps the last lines', () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'kiosk.1.log'), line({ device: 'printer', msg: 'old file' }) + '\n');
    utimesSync(join(dir, 'logs', 'kiosk.1.log'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    const lines = [
      line({ msg: 'daemon up' }),
      line({ device: 'printer', level: 40, msg: 'printer paper-out' }),
      'not json',
      line({ device: 'terminal', msg: 'terminal ready' }),
      line({ device: 'printer', msg: 'printer ok' }),
    ];
    writeFileSync(join(dir, 'logs', 'kiosk.2.log'), lines.join('\n') + '\n');
    const all = tailLog(dir);
    expect(all.file).toMatch(/kiosk\.2\.log$/);
    expect(all.lines.map((l) => l.msg)).toEqual(['daemon up', 'printer paper-out', 'not json', 'terminal ready', 'printer ok']);
    const printer = tailLog(dir, { device: 'printer' });
    expect(printer.lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'printer paper-out'],
      ['info', 'printer ok'],
    ]);
    expect(tailLog(dir, { lines: 2 }).lines.map((l) => l.msg)).toEqual(['terminal ready', 'printer ok']);
  });

  it('starts a partial read at a whole line', () => {
    const f = join(dir, 'big.log');
    writeFileSync(f, ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'].join('\n'));
    expect(readTail(f, 15)).toBe('cccccccccc');
    expect(parseLogLine('')).toBeNull();
    expect(parseLogLine(line({ msg: 'x' }))).toMatchObject({ time: '2025-01-02T10:00:00.000Z', level: 'info', device: null, msg: 'x' });
  });
});
