// A real pseudo-terminal pair from socat, for tests that must cross the kernel's tty layer.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  kiosk: string;
  terminal: string;
  dir: string;
  close(): Promise<void>;
}

export async function openPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-pty-'));
  const kiosk = join(dir, 'ttyKIOSK');
  const terminal = join(dir, 'ttyTPE');
  const proc: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${kiosk}`, `pty,raw,echo=0,link=${terminal}`], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + 5000;
  for (;;) {
    const both = await Promise.all(
      [stat(kiosk), stat(terminal)].map((p) =>
        p.then(
          () => true,
          () => false,
        ),
      ),
    );
    if (both.every(Boolean)) break;
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error('socat did not create the pty pair within 5 s: is socat installed?');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    kiosk,
    terminal,
    dir,
    async close() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
