// A post's link to the central service (its hub, or a standalone daemon): JSON over HTTPS trusting only the central CA
// pinned at `kiosk central join`, with the post's credential; request bodies gzipped (event batches). The options
// come from loadCentralLink(dataDir) (./link-file.ts).
import { createPeerLink, type PeerAnswer, type PeerFailureReason, type PeerLink } from '../http/peer-link';

export type CentralFailureReason = PeerFailureReason;
export type CentralAnswer = PeerAnswer;

export interface CentralLink extends PeerLink {
  readonly postId: string;
}

export interface CentralLinkOptions {
  /** "https://central.ministry.ma:8600". */
  url: string;
  postId: string;
  /** From `kiosk central join`; sent as "Authorization: Bearer …". */
  credential: string;
  /** PEM of the central CA: the only authority trusted (https only). */
  caPem?: string;
  timeoutMs?: number;
  /** Gzip request bodies (default true: the central service accepts content-encoding gzip). */
  gzip?: boolean;
}

export function createCentralLink(o: CentralLinkOptions): CentralLink {
  const link = createPeerLink({
    url: o.url,
    peer: 'the central service',
    self: o.postId ? `post ${o.postId}` : 'this post',
    credential: o.credential,
    ...(o.caPem ? { caPem: o.caPem } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    gzip: o.gzip ?? true,
    rejoin: 'if the central service was re-initialised, join it again (kiosk central enrol --post ID at the ministry, then kiosk central join here)',
  });
  return Object.assign(link, { postId: o.postId });
}
