#!/usr/bin/env node
// The `kiosk` command. The daemon and tools run from TypeScript sources through tsx: no build step to
// forget on a kiosk PC, and the same code the tests run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
process.exitCode = await main(process.argv);
