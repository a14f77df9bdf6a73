// A kiosk's link to its post hub: JSON requests over HTTPS that trust only the post's CA (pinned at
// `kiosk join`) and carry the kiosk's credential (server/http/peer-link.ts, with the hub's words). Every failure
// is a value that says what to do; the callers decide what offline means for them (issue from the block, claim
// provisionally, retry later).
import { createPeerLink, type PeerAnswer, type PeerFailureReason, type PeerLink } from '../http/peer-link';

/** timeout: the hub may still have acted (callers are idempotent); certificate: not the post's hub; refused: 401/403. */
export type HubFailureReason = PeerFailureReason;

/** A refusal's `body` is the hub's parsed answer (a 409 says what the hub holds: event shipping reads it). */
export type HubAnswer = PeerAnswer;

export interface HubLink extends PeerLink {
  readonly kioskId: string;
}

export interface HubLinkOptions {
  /** "https://hub.consulat.local:8443" (or http:// with insecureLan on the hub). */
  url: string;
  kioskId: string;
  /** The secret from `kiosk join`; sent as "Authorization: Bearer …". */
  credential: string;
  /** PEM of the post CA: the only authority trusted for the hub (https only). */
  caPem?: string;
  /** Default bound for a request without its own. */
  timeoutMs?: number;
}

export function createHubLink(o: HubLinkOptions): HubLink {
  const link = createPeerLink({
    url: o.url,
    peer: 'the hub',
    self: 'this kiosk',
    credential: o.credential,
    ...(o.caPem ? { caPem: o.caPem } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    pinnedAs: "this post's hub",
    rejoin: 'join again with a new code if the hub was re-initialised',
  });
  return Object.assign(link, { kioskId: o.kioskId });
}
