// The post's side of its trust with the central service: <dataDir>/central/central-link.json (0600), written by
// `kiosk central join`, read by whatever ships to the central service (loadCentralLink). It holds the service's
// address, the post's id and credential, and the pinned central CA.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PostId } from '../../shared/central-api';
import { loadLinkFile, saveLinkFile } from '../http/peer-link-file';
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

export const saveCentralLink = (dataDir: string, link: CentralLinkFile): string => saveLinkFile(centralLinkFile(dataDir), link);

const WORDS = {
  self: 'post',
  peer: 'the central service',
  kind: 'central link',
  join: 'kiosk central join --url https://HOST:PORT --code CODE (the code from kiosk central enrol --post ID at the ministry)',
};

export type LoadedCentralLink = { ok: true; options: CentralLinkOptions } | { ok: false; detail: string };

/** The post's link options to the central service, or why there are none (and what to do). */
export function loadCentralLink(dataDir: string): LoadedCentralLink {
  const r = loadLinkFile(centralLinkFile(dataDir), CentralLinkFile, WORDS);
  if (!r.ok) return r;
  const l = r.link;
  return { ok: true, options: { url: l.url, postId: l.postId, credential: l.credential, ...(l.caPem ? { caPem: l.caPem } : {}) } };
}
