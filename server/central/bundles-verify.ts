// Checking one signed bundle from the central service (issue 16, item 4): the Ed25519 signature over the exact bytes
// of its text, then its content, then its version against what this post already holds. Every refusal says why.
import { createPublicKey, verify } from 'node:crypto';
import { parseBundleText, type Bundle, type SignedBundle } from '../../shared/central-bundle-api';

export type Checked = { ok: true; bundle: Bundle } | { ok: false; version: number | null; reason: string };

/** The version a refused text claims, for the journal (null when it says none). */
function claimedVersion(text: string): number | null {
  try {
    const v = (JSON.parse(text) as { version?: unknown }).version;
    return typeof v === 'number' && Number.isInteger(v) ? v : null;
  } catch {
    return null;
  }
}

export function checkSignedBundle(s: SignedBundle, publicKeyPem: string): Checked {
  let good: boolean;
  try {
    good = verify(null, Buffer.from(s.text, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(s.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good)
    return {
      ok: false,
      version: claimedVersion(s.text),
      reason: "its signature does not verify with the central service's bundle key: altered on the way, or signed by another key",
    };
  const parsed = parseBundleText(s.text);
  if (!parsed.ok) return { ok: false, version: claimedVersion(s.text), reason: `malformed content: ${parsed.reason}` };
  return parsed;
}
