// The booking system's day feed (issue 18 item 6): the day's tokens and revocations, signed with the same ES256
// keys as the tokens (COSE_Sign1, as FORMAT.md says), so a kiosk trusts exactly what it trusts in a token.
// Each token inside is verified again on its own at check-in; the feed's signature is what makes its revocations
// and its sequence believable (a forged feed could otherwise cancel a visitor's appointment).
import { DayFeedContent, type DayFeedContentInput } from '../../shared/appointment-feed-api';
import { decodeSign1, encodeSign1, protectedHeader, sigStructure } from './cose';
import { fromHex, toHex } from './hex';
import { base64urlDecode, base64urlEncode } from './base64url';
import type { Signer, Verifier } from './types';

export const FEED_PREFIX = 'RDVFEED1:';
/** A feed of FEED_MAX_TOKENS tokens of ~240 characters, with room: anything longer is refused unread. */
export const FEED_MAX_LENGTH = 8_000_000;

export type FeedRefusal =
  | { ok: false; reason: 'malformed'; detail: string }
  | { ok: false; reason: 'unknown-key'; detail: string }
  | { ok: false; reason: 'bad-signature'; detail: string }
  | { ok: false; reason: 'bad-content'; detail: string }
  | { ok: false; reason: 'other-consulate'; detail: string };

export type FeedVerdict = { ok: true; feed: DayFeedContent; kid: string } | FeedRefusal;

/** The booking system's side (and `kiosk token feed`): the content signed into the feed's text. */
export async function signFeed(content: DayFeedContentInput, signer: Signer): Promise<string> {
  const parsed = DayFeedContent.parse(content);
  const kid = fromHex(signer.kid);
  if (!kid) throw new Error(`signer kid "${signer.kid}" is not hex`);
  const payload = new TextEncoder().encode(JSON.stringify(parsed));
  const protectedBytes = protectedHeader(kid);
  const signature = await signer.sign(sigStructure(protectedBytes, payload));
  return FEED_PREFIX + base64urlEncode(encodeSign1({ protectedBytes, payload, signature }));
}

/** Verifies a feed's text for this consulate. Nothing of the content is read before the signature checks out. */
export async function openFeed(text: string, verifier: Verifier, consulate: string): Promise<FeedVerdict> {
  const t = text.trim();
  if (t.length > FEED_MAX_LENGTH) return { ok: false, reason: 'malformed', detail: `the feed is ${t.length} characters, more than ${FEED_MAX_LENGTH}` };
  if (!t.startsWith(FEED_PREFIX))
    return { ok: false, reason: 'malformed', detail: `a day feed starts with "${FEED_PREFIX}"; this starts with "${t.slice(0, 12)}"` };
  const bytes = base64urlDecode(t.slice(FEED_PREFIX.length));
  if (!bytes) return { ok: false, reason: 'malformed', detail: `the text after "${FEED_PREFIX}" is not base64url` };
  const sign1 = decodeSign1(bytes);
  if (!sign1.ok) return { ok: false, reason: 'malformed', detail: sign1.detail };
  const { kid: kidBytes, protectedBytes, payload, signature } = sign1.value;
  const kid = toHex(kidBytes);
  if (!verifier.knows(kid))
    return { ok: false, reason: 'unknown-key', detail: `signed with key ${kid}, which is not in appointments.trustedKeys (nor the central bundle's keys)` };
  let good: boolean;
  try {
    good = await verifier.verify(kid, sigStructure(protectedBytes, payload), signature);
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: 'bad-signature', detail: `the signature does not match key ${kid}: the feed was changed after signing, or forged` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    return { ok: false, reason: 'bad-content', detail: `the signed payload is not UTF-8 JSON: ${(e as Error).message}` };
  }
  const content = DayFeedContent.safeParse(json);
  if (!content.success) {
    const first = content.error.issues[0]!;
    return { ok: false, reason: 'bad-content', detail: `${first.path.join('.') || 'feed'}: ${first.message}` };
  }
  if (content.data.consulate !== consulate)
    return { ok: false, reason: 'other-consulate', detail: `the feed is for ${content.data.consulate}; this kiosk is ${consulate}` };
  return { ok: true, feed: content.data, kid };
}
