// Checking one signed bundle from the central service (issue 16, item 4): the Ed25519 signature over the exact bytes
// of its text, then its content, then its version against what this post already holds. Every refusal says why.
import { createPublicKey, verify } from 'node:crypto';
import { KeyChange, parseBundleText, type Bundle, type SignedBundle } from '../../shared/central-bundle-api';

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

const sameKey = (a: string, b: string): boolean => {
  try {
    return createPublicKey(a)
      .export({ type: 'spki', format: 'der' })
      .equals(createPublicKey(b).export({ type: 'spki', format: 'der' }));
  } catch {
    return false;
  }
};

export type KeyStep = { ok: true; to: string } | { ok: false; reason: string } | { ok: 'skip' };

/**
 * One key-change statement against the key this post holds: 'skip' when it is from another key (history before this
 * post's key, or a later step); the new key when the held key signed it; a refusal when it claims to come from the held
 * key but its signature does not verify (forged, or altered on the way).
 */
export function checkKeyChange(s: SignedBundle, heldPem: string): KeyStep {
  const parsed = (() => {
    try {
      return KeyChange.safeParse(JSON.parse(s.text));
    } catch {
      return null;
    }
  })();
  if (!parsed?.success) return { ok: false, reason: 'a key change that is not a key-change statement: ignored, the key held stays' };
  if (!sameKey(parsed.data.from, heldPem)) return { ok: 'skip' };
  let good: boolean;
  try {
    good = verify(null, Buffer.from(s.text, 'utf8'), createPublicKey(heldPem), Buffer.from(s.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good)
    return {
      ok: false,
      reason: 'a key change whose signature does not verify with the bundle key this post holds: forged or altered; the key held stays',
    };
  if (sameKey(parsed.data.to, heldPem)) return { ok: 'skip' };
  return { ok: true, to: parsed.data.to };
}
