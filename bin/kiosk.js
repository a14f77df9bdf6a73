#!/usr/bin/env node
// The `kiosk` command. The daemon and tools run from TypeScript sources through tsx: no build step to
// forget on a kiosk PC, and the same code the tests run.
import { register } from 'tsx/esm/api';

register();
// Keeps the process alive while a command awaits work that holds no handle of its own (closing the log
// transport, unwinding a failed start); the command's own result decides the exit code.
const keepAlive = setInterval(() => {}, 1 << 30);
const { main } = await import('../server/cli.ts');
main(process.argv).then(
  (code) => {
    clearInterval(keepAlive);
    process.exit(code);
  },
  (err) => {
    console.error(err);
    process.exit(70);
  },
);
