// Files that hold keys and credentials at both levels (post identity and links, central identity and links):
// written whole or not at all, 0600 in a 0700 folder.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `text` to `file` with `mode` through a temporary file and a rename: a crash leaves the old file or the new one. */
export function writeFileAtomic(file: string, text: string, mode: number): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode); // the umask may have taken bits off (never adds them; chmod makes it exact)
  renameSync(tmp, file);
}
