// Two kiosks (two processes, two connections) check in the same tokens against one journal file at the same
// moment: every token checks in exactly once, and the loser is told where it was used.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal } from '../../store/db';
import { recentEvents } from '../../store/events';
import { SLOT, issue } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'checkin-race-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const WORKER = fileURLToPath(new URL('./checkin-worker.ts', import.meta.url));

function start(journal: string, kiosk: string, tokensFile: string, at: string, order: 'forward' | 'reverse') {
  const c = spawn(TSX, [WORKER, journal, kiosk, tokensFile, at, order]);
  children.push(c);
  let out = '';
  c.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let err = '';
  c.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((res, rej) => {
    c.stdout.on('data', () => {
      if (out.includes('ready\n')) res();
    });
    c.once('exit', (code) => rej(new Error(`worker exited ${code} before ready: ${err}`)));
  });
  const done = new Promise<Record<string, { ok: boolean; kioskId?: string; reason?: string }>>((res, rej) => {
    c.once('exit', (code) => (code === 0 ? res(JSON.parse(out.split('\n')[1]!)) : rej(new Error(`worker exited ${code}: ${err}`))));
  });
  return { c, ready, done };
}

describe('concurrent check-in', () => {
  it('two kiosk processes racing on 60 tokens: each checks in once', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 60 }, (_, i) => issue({ tokenId: Uint8Array.from([7, 7, 7, 7, 0, 0, 0, i]), appointmentId: `A${i}` })),
    );
    const tokensFile = join(dir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify(tokens));
    const journal = join(dir, 'journal.db');
    openJournal(journal).close(); // migrate once, before the race
    const at = new Date(SLOT.getTime() - 5 * 60_000).toISOString();
    const a = start(journal, 'PAR-K1', tokensFile, at, 'forward');
    const b = start(journal, 'PAR-K2', tokensFile, at, 'reverse');
    await Promise.all([a.ready, b.ready]);
    a.c.stdin.write('go\n');
    b.c.stdin.write('go\n');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    for (const t of tokens) {
      const pair = [ra[t]!, rb[t]!];
      expect(pair.filter((r) => r.ok)).toHaveLength(1);
      const loser = pair.find((r) => !r.ok)!;
      const winnerKiosk = ra[t]!.ok ? 'PAR-K1' : 'PAR-K2';
      expect(loser).toMatchObject({ reason: 'already-used', kioskId: winnerKiosk });
    }
    const won = tokens.filter((t) => ra[t]!.ok).length;
    console.log(`race split: PAR-K1 ${won}, PAR-K2 ${tokens.length - won}`);
    const db = openJournal(journal);
    expect(db.prepare('SELECT count(*) AS n FROM appointment_tokens_used').get()).toEqual({ n: 60 });
    expect(recentEvents(db, { kindPrefix: 'appointment.checked-in', limit: 1000 })).toHaveLength(60);
    db.close();
  }, 60_000);
});
