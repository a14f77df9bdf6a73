// The kiosk's side of the trust: <dataDir>/post/hub-link.json (0600), written by `kiosk join`, read by the
// kiosk daemon at start. It holds the hub's address, the kiosk's id and credential, and the pinned post CA.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KioskId } from '../../../shared/post-trust-api';
import type { HubLinkOptions } from '../link';
import { postDir, writeFileAtomic } from './paths';

export const HUB_LINK_FILE = 'hub-link.json';

const HubLinkFile = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  kioskId: KioskId,
  credential: z.string().min(32),
  caPem: z.string().nullable(),
});
type HubLinkFile = z.infer<typeof HubLinkFile>;

export const hubLinkFile = (dataDir: string): string => join(postDir(dataDir), HUB_LINK_FILE);

export function saveHubLink(dataDir: string, link: HubLinkFile): string {
  const file = hubLinkFile(dataDir);
  writeFileAtomic(file, JSON.stringify(link, null, 2) + '\n', 0o600);
  return file;
}

const JOIN = 'kiosk join --hub https://HOST:PORT --code CODE (the code from kiosk hub enrol --kiosk ID on the hub)';

export type LoadedHubLink = { ok: true; options: HubLinkOptions } | { ok: false; detail: string };

/** The kiosk daemon's link options, or why there are none (and what to do). */
export function loadHubLink(dataDir: string): LoadedHubLink {
  const file = hubLinkFile(dataDir);
  let text: string;
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0)
      return {
        ok: false,
        detail: `${file} has mode 0${mode.toString(8)}: it holds this kiosk's credential and other users can read it; chmod 600 ${file}`,
      };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { ok: false, detail: `this kiosk has not joined a hub (no ${file}): run ${JOIN}` };
    return { ok: false, detail: `cannot read ${file} (${err.code ?? err.message}): it must belong to the user running the kiosk, mode 0600` };
  }
  let parsed: ReturnType<typeof HubLinkFile.safeParse>;
  try {
    parsed = HubLinkFile.safeParse(JSON.parse(text));
  } catch {
    parsed = HubLinkFile.safeParse(undefined);
  }
  if (!parsed.success) return { ok: false, detail: `${file} is not a hub link (${parsed.error.issues[0]?.message ?? 'not JSON'}): run ${JOIN} again` };
  const l = parsed.data;
  return { ok: true, options: { url: l.url, kioskId: l.kioskId, credential: l.credential, ...(l.caPem ? { caPem: l.caPem } : {}) } };
}
