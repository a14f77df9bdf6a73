// The kiosk's side of the trust: <dataDir>/post/hub-link.json (0600), written by `kiosk join`, read by the
// kiosk daemon at start. It holds the hub's address, the kiosk's id and credential, and the pinned post CA.
import { join } from 'node:path';
import { z } from 'zod';
import { lazy } from '../../../shared/lazy-schema';
import { KioskId } from '../../../shared/post-trust-api';
import { loadLinkFile, saveLinkFile } from '../../http/peer-link-file';
import type { HubLinkOptions } from '../link';
import { postDir } from './paths';

export const HUB_LINK_FILE = 'hub-link.json';

const HubLinkFile = lazy(() =>
  z.strictObject({
    url: z.url({ protocol: /^https?$/ }),
    kioskId: KioskId,
    credential: z.string().min(32),
    caPem: z.string().nullable(),
  }),
);
type HubLinkFile = z.infer<typeof HubLinkFile>;

export const hubLinkFile = (dataDir: string): string => join(postDir(dataDir), HUB_LINK_FILE);

export const saveHubLink = (dataDir: string, link: HubLinkFile): string => saveLinkFile(hubLinkFile(dataDir), link);

const WORDS = {
  self: 'kiosk',
  peer: 'a hub',
  kind: 'hub link',
  join: 'kiosk join --hub https://HOST:PORT --code CODE (the code from kiosk hub enrol --kiosk ID on the hub)',
};

export type LoadedHubLink = { ok: true; options: HubLinkOptions } | { ok: false; detail: string };

/** The kiosk daemon's link options, or why there are none (and what to do). */
export function loadHubLink(dataDir: string): LoadedHubLink {
  const r = loadLinkFile(hubLinkFile(dataDir), HubLinkFile, WORDS);
  if (!r.ok) return r;
  const l = r.link;
  return { ok: true, options: { url: l.url, kioskId: l.kioskId, credential: l.credential, ...(l.caPem ? { caPem: l.caPem } : {}) } };
}
