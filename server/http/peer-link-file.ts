// The file that holds one side's link to its peer (a kiosk's hub-link.json, a post's central-link.json): the peer's
// address, this side's credential and the pinned CA. Written 0600, whole or not at all; read only when no other user
// can read it, and parsed with its schema; every refusal says what to do.
import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from '../../shared/private-file';

export function saveLinkFile(file: string, link: unknown): string {
  writeFileAtomic(file, JSON.stringify(link, null, 2) + '\n', 0o600);
  return file;
}

export interface LinkFileWords {
  /** "kiosk", "post". */
  self: string;
  /** "a hub", "the central service". */
  peer: string;
  /** "hub link", "central link". */
  kind: string;
  /** The command that writes the file. */
  join: string;
}

export function loadLinkFile<S extends z.ZodType>(file: string, schema: S, w: LinkFileWords): { ok: true; link: z.infer<S> } | { ok: false; detail: string } {
  let text: string;
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0)
      return {
        ok: false,
        detail: `${file} has mode 0${mode.toString(8)}: it holds this ${w.self}'s credential and other users can read it; chmod 600 ${file}`,
      };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { ok: false, detail: `this ${w.self} has not joined ${w.peer} (no ${file}): run ${w.join}` };
    return { ok: false, detail: `cannot read ${file} (${err.code ?? err.message}): it must belong to the user running the ${w.self}, mode 0600` };
  }
  let parsed: ReturnType<S['safeParse']>;
  try {
    parsed = schema.safeParse(JSON.parse(text)) as ReturnType<S['safeParse']>;
  } catch {
    parsed = schema.safeParse(undefined) as ReturnType<S['safeParse']>;
  }
  if (!parsed.success) return { ok: false, detail: `${file} is not a ${w.kind} (${parsed.error.issues[0]?.message ?? 'not JSON'}): run ${w.join} again` };
  return { ok: true, link: parsed.data as z.infer<S> };
}
