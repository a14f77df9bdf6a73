// `kiosk setup` on a real pseudo-terminal: util-linux `script` gives the child a pty (stdin a tty, so readline
// runs in terminal mode and the PIN prompt's echo is really off), and the test types into its master side.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { KIOSK_BIN, ROOT } from '../support/daemon';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export interface PtySession {
  /** Everything the wizard wrote, terminal codes removed. */
  output(): string;
  /** Waits until `prompt` appears after what was already answered, then types `answer` and Enter. */
  answer(prompt: RegExp | string, answer: string): Promise<void>;
  /** Waits until `text` appears after what was already answered. */
  waitFor(text: RegExp | string, timeoutMs?: number): Promise<void>;
  type(raw: string): void;
  exited: Promise<number | null>;
}

export function setupOnPty(args: string[], env: NodeJS.ProcessEnv = {}): PtySession {
  const cmd = [process.execPath, KIOSK_BIN, 'setup', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', cmd, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, KIOSK_FROM_SOURCE: '1', TERM: 'dumb', ...env },
  });
  let out = '';
  let seen = 0;
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8').replace(ANSI, '');
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  exited.then(() => {
    for (const w of waiters) w();
  });

  function waitFor(text: RegExp | string, timeoutMs = 30_000): Promise<void> {
    const find = () => {
      const rest = out.slice(seen);
      const i = typeof text === 'string' ? rest.indexOf(text) : (rest.match(text)?.index ?? -1);
      if (i < 0) return false;
      const len = typeof text === 'string' ? text.length : rest.match(text)![0].length;
      seen += i + len;
      return true;
    };
    return new Promise((resolve, reject) => {
      if (find()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no "${String(text)}" within ${timeoutMs} ms; the wizard wrote:\n${out.slice(-1500)}`));
      }, timeoutMs);
      const check = () => {
        if (find()) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`setup exited (${child.exitCode}) before "${String(text)}":\n${out.slice(-1500)}`));
        }
      };
      waiters.add(check);
    });
  }

  return {
    output: () => out,
    waitFor,
    async answer(prompt, answer) {
      await waitFor(prompt);
      child.stdin.write(answer + '\r');
    },
    type: (raw) => void child.stdin.write(raw),
    exited,
  };
}
