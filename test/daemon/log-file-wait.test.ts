// The daemon listens without waiting for its log file (issue 14, start-up): pino-roll finds the file with reads of the
// folder that each wait for a turn of the busy start-up thread, 10-25 ms held before the first answer. The file is
// awaited once the server is up; a file that cannot be opened still stops the start, the port closed again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect } from 'node:net';
import { sampleConfig } from '../support/daemon';
import { freePort } from '../support/ports';
import { tempDir } from '../support/tmp';
import { startDaemon } from '../../server/daemon';
import type * as LogModule from '../../server/log';

// What the test makes of the log file's readiness: held until released, or failed.
const gate = vi.hoisted(() => {
  let release: (error?: Error) => void = () => {};
  const make = () => new Promise<void>((resolve, reject) => (release = (e) => (e ? reject(e) : resolve())));
  let held = make();
  return {
    held: () => held,
    release: (e?: Error) => release(e),
    reset: () => void (held = make()),
  };
});

vi.mock('../../server/log', async (importOriginal) => {
  const real = await importOriginal<typeof LogModule>();
  return {
    ...real,
    openLogger: (...a: Parameters<typeof real.openLogger>) => {
      const opened = real.openLogger(...a);
      const fileReady = opened.fileReady.then(() => gate.held());
      fileReady.catch(() => {});
      return { ...opened, fileReady };
    },
  };
});

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  gate.reset();
});

async function start(): Promise<{ port: number; started: ReturnType<typeof startDaemon> }> {
  const t = tempDir();
  cleanup = t.cleanup;
  const port = await freePort();
  const base = sampleConfig({ log: { level: 'warn', maxSize: '10m', keep: 2 } });
  const started = startDaemon({ config: { ...base, dataDir: t.dir, server: { ...base.server, port } }, quietFileLog: false });
  started.catch(() => {});
  return { port, started };
}

async function health(port: number): Promise<number | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/health`);
    await r.arrayBuffer();
    return r.status;
  } catch {
    return null;
  }
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('the log file at start-up (issue 14)', () => {
  it('answers /api/health while the log file is still being found, and resolves the start once it is', async () => {
    const { port, started } = await start();
    let done = false;
    void started.then(() => (done = true));
    expect(
      await until(
        'the first health answer',
        () => health(port),
        (s) => s === 200,
      ),
    ).toBe(200);
    // Still held: the start has not finished, yet the server answers.
    expect(done).toBe(false);
    gate.release();
    const daemon = await started;
    expect(await health(port)).toBe(200);
    await daemon.close();
  });

  it('still stops the start when the log file cannot be opened, with the port closed again', async () => {
    const { port, started } = await start();
    await until(
      'the first health answer',
      () => health(port),
      (s) => s === 200,
    );
    gate.release(new Error('EACCES: permission denied, open kiosk.1.log'));
    await expect(started).rejects.toThrow(/EACCES: permission denied/);
    expect(await refused(port)).toBe(true);
  });
});
