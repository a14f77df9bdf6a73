// The central service as operators run it: `kiosk central start` in its own process, on a database of its own.
import { runKiosk, type KioskProcess } from './daemon';

export const CENTRAL_READY = /Central service ready: (https?:\/\/\S+)/;

/**
 * `kiosk central start --db URL --listen 127.0.0.1:0 …`; `ready` resolves with its URL. Without `--data DIR` (a
 * central identity from `kiosk central init`) it runs with --insecure-http: plain HTTP.
 */
export function runCentral(db: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): KioskProcess {
  const plain = args.includes('--data') ? [] : ['--insecure-http'];
  return runKiosk(['central', 'start', '--db', db, '--listen', '127.0.0.1:0', ...plain, ...args], env, { ready: CENTRAL_READY });
}
