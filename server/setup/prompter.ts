// Plain terminal prompts for `kiosk setup`: a question, its default in brackets, re-asked until the answer is
// valid. Ctrl-C (or the end of input) rejects with SetupCancelled, so the caller writes nothing and the old
// config stays as it was. PINs are read with the echo off: readline echoes what it reads to its output, so
// that output is muted while a secret is typed.
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';

export class SetupCancelled extends Error {
  constructor() {
    super('setup cancelled: nothing was written');
  }
}

/** Why an answer is refused, or null when it is accepted. */
export type Check = (answer: string) => string | null | Promise<string | null>;

export interface Prompter {
  ask(question: string, opts?: { default?: string; check?: Check }): Promise<string>;
  secret(question: string, check?: Check): Promise<string>;
  yes(question: string, dflt: boolean): Promise<boolean>;
  say(text: string): void;
  close(): void;
}

export function terminalPrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Prompter {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl: Interface = createInterface({ input, output: echo, terminal: (input as { isTTY?: boolean }).isTTY === true });
  // Lines typed ahead of their question wait here: readline drops a line that arrives while no question is asked.
  const typed: string[] = [];
  let waiting: { resolve: (s: string) => void; reject: (e: Error) => void } | null = null;
  let ended = false;
  rl.on('line', (l) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.resolve(l);
    } else typed.push(l);
  });
  const cancelled = () => {
    ended = true;
    muted = false;
    output.write('\n');
    waiting?.reject(new SetupCancelled());
    waiting = null;
  };
  rl.on('SIGINT', cancelled);
  rl.on('close', cancelled);

  const line = async (question: string, secret: boolean): Promise<string> => {
    rl.setPrompt(question);
    rl.prompt();
    muted = secret;
    try {
      const next = typed.shift();
      if (next !== undefined) return next.trim();
      if (ended) throw new SetupCancelled();
      return (await new Promise<string>((resolve, reject) => (waiting = { resolve, reject }))).trim();
    } finally {
      if (secret && !ended) output.write('\n');
      muted = false;
    }
  };

  async function until(question: string, secret: boolean, dflt: string | undefined, check: Check | undefined): Promise<string> {
    for (;;) {
      const typed = await line(`${question}${dflt !== undefined && dflt !== '' ? ` [${dflt}]` : ''}: `, secret);
      const answer = typed === '' && dflt !== undefined ? dflt : typed;
      const problem = check ? await check(answer) : answer === '' ? 'an answer is needed' : null;
      if (problem === null) return answer;
      output.write(`  ✗ ${problem}\n`);
    }
  }

  return {
    ask: (q, o = {}) => until(q, false, o.default, o.check),
    secret: (q, check) => until(q, true, undefined, check),
    async yes(q, dflt) {
      const a = await until(`${q} (y/n)`, false, dflt ? 'y' : 'n', (x) => (/^(y|yes|n|no)$/i.test(x) ? null : 'answer y or n'));
      return /^y/i.test(a);
    },
    say: (t) => void output.write(t + '\n'),
    close() {
      rl.removeListener('close', cancelled);
      rl.close();
    },
  };
}
