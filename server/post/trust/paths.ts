// Where the post's trust material lives: <dataDir>/post/ on the hub (its CA and TLS identity) and on a
// kiosk (its link to the hub). Secrets are written 0600 in a 0700 folder, whole or not at all.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const POST_DIR = 'post';
export const CA_CERT = 'ca.pem';
export const CA_KEY = 'ca.key';
export const HUB_CERT = 'hub.pem';
export const HUB_KEY = 'hub.key';

export const postDir = (dataDir: string): string => join(resolve(dataDir), POST_DIR);

/** Writes `text` to `file` with `mode` through a temporary file and a rename: a crash leaves the old file or the new one. */
export function writeFileAtomic(file: string, text: string, mode: number): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode); // the umask may have taken bits off (never adds them; chmod makes it exact)
  renameSync(tmp, file);
}
