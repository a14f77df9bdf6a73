// Publishing a bundle (issue 16, item 4): the content checked as every post will check it, a version allocated,
// the JSON text signed as it is stored, so the bytes a post verifies are the ones signed here.
import { inTransaction, type CentralDb } from '../db/db';
import { insertBundle, nextBundleVersion } from '../db/bundles';
import { Bundle, BundleContent } from '../../shared/central-bundle-api';
import { ensureBundleKey, signBundleText } from './key';

export interface PublishInput {
  /** The central data directory (its signing key). */
  dataDir: string;
  /** Fees, rates, keys, revocations, services: parsed here. */
  content: unknown;
  /** Default: now. */
  effectiveAt?: Date;
  now: Date;
}

export type PublishResult = { ok: true; version: number; effectiveAt: Date } | { ok: false; reason: 'content' | 'key'; detail: string };

export async function publishBundle(db: CentralDb, o: PublishInput): Promise<PublishResult> {
  const content = BundleContent.safeParse(o.content);
  if (!content.success)
    return { ok: false, reason: 'content', detail: content.error.issues.map((i) => `${i.path.join('.') || 'content'}: ${i.message}`).join('; ') };
  const key = ensureBundleKey(o.dataDir);
  if (!key.ok) return { ok: false, reason: 'key', detail: key.detail };
  const effectiveAt = o.effectiveAt ?? o.now;
  return inTransaction(db, async (c) => {
    const version = await nextBundleVersion(c);
    const bundle = Bundle.parse({ version, publishedAt: o.now.toISOString(), effectiveAt: effectiveAt.toISOString(), content: content.data });
    const text = JSON.stringify(bundle);
    await insertBundle(c, { version, publishedAt: o.now, effectiveAt, text, signature: signBundleText(text, key.privateKey), publicKeyPem: key.publicKeyPem });
    return { ok: true as const, version, effectiveAt };
  });
}
