// Several processes issuing into one journal file at once never get the same number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal } from '../../store/db';

const WORKER = fileURLToPath(new URL('./issue-worker.ts', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'queue-conc-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(file: string, count: number, startAt: number): Promise<{ out: Array<{ label: string; day: string }>; failures: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', WORKER, file, String(count), String(startAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('issuing under concurrency', () => {
  it('6 processes × 150 tickets into one file DB: no duplicate, no gap, no failure', async () => {
    const file = join(dir, 'journal.sqlite');
    openJournal(file).close(); // migrate once, before the race
    const startAt = Date.now() + 2500;
    const results = await Promise.all(Array.from({ length: 6 }, () => run(file, 150, startAt)));
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    const labels = results.flatMap((r) => r.out.map((o) => `${o.day} ${o.label}`));
    expect(labels).toHaveLength(900);
    expect(new Set(labels).size).toBe(900);
    // every number from 1 up is used exactly once per prefix: 300 A and 600 C
    const nums = (p: string) =>
      labels
        .filter((l) => l.includes(` ${p}-`))
        .map((l) => Number(l.split('-').pop()))
        .sort((a, b) => a - b);
    expect(nums('A')).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(nums('C')).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    // and the writers really overlapped: some process got its numbers interleaved with the others' (one process may
    // well finish its burst alone on a quiet machine now that issuing is fast; all six doing so means no race was run)
    const spreads = results.map((r) => {
      const c = r.out.filter((o) => o.label.startsWith('C-')).map((o) => Number(o.label.slice(2)));
      return { spread: c[c.length - 1]! - c[0]!, count: c.length };
    });
    expect(
      spreads.some((s) => s.spread > s.count),
      JSON.stringify(spreads),
    ).toBe(true);
    const db = openJournal(file);
    try {
      expect((db.prepare("SELECT COUNT(*) AS n FROM events WHERE kind = 'queue.ticket.issued'").get() as { n: number }).n).toBe(900);
      expect((db.prepare('SELECT COUNT(*) AS n FROM queue_ticket_events').get() as { n: number }).n).toBe(900);
    } finally {
      db.close();
    }
  }, 60_000);
});
