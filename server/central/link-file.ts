// The post's side of its trust with the central service: <dataDir>/central/central-link.json (0600), written by
// `kiosk central join`, read by whatever ships to the central service (loadCentralLink). It holds the service's
// address, the post's id and credential, and the pinned central CA.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PostId } from '../../shared/central-api';
import { writeFileAtomic } from '../../shared/private-file';
import type { CentralLinkOptions } from './link';

export const CENTRAL_LINK_FILE = 'central-link.json';

const CentralLinkFile = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  postId: PostId,
  credential: z.string().min(32),
  caPem: z.string().nullable(),
});
type CentralLinkFile = z.infer<typeof CentralLinkFile>;

export const centralLinkFile = (dataDir: string): string => join(resolve(dataDir), 'central', CENTRAL_LINK_FILE);

export function saveCentralLink(dataDir: string, link: CentralLinkFile): string {
  const file = centralLinkFile(dataDir);
  writeFileAtomic(file, JSON.stringify(link, null, 2) + '\n', 0o600);
  return file;
}

const JOIN = 'kiosk central join --url https://HOST:PORT --code CODE (the code from kiosk central enrol --post ID at the ministry)';

export type LoadedCentralLink = { ok: true; options: CentralLinkOptions } | { ok: false; detail: string };

/** The post's link options to the central service, or why there are none (and what to do). */
export function loadCentralLink(dataDir: string): LoadedCentralLink {
  const file = centralLinkFile(dataDir);
  let text: string;
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0)
      return { ok: false, detail: `${file} has mode 0${mode.toString(8)}: it holds this post's credential and other users can read it; chmod 600 ${file}` };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { ok: false, detail: `this post has not joined the central service (no ${file}): run ${JOIN}` };
    return { ok: false, detail: `cannot read ${file} (${err.code ?? err.message}): it must belong to the user running the post, mode 0600` };
  }
  let parsed: ReturnType<typeof CentralLinkFile.safeParse>;
  try {
    parsed = CentralLinkFile.safeParse(JSON.parse(text));
  } catch {
    parsed = CentralLinkFile.safeParse(undefined);
  }
  if (!parsed.success) return { ok: false, detail: `${file} is not a central link (${parsed.error.issues[0]?.message ?? 'not JSON'}): run ${JOIN} again` };
  const l = parsed.data;
  return { ok: true, options: { url: l.url, postId: l.postId, credential: l.credential, ...(l.caPem ? { caPem: l.caPem } : {}) } };
}
