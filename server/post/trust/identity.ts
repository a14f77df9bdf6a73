// The post's identity on the hub (`kiosk hub init`): <dataDir>/post/ca.pem + ca.key (the post CA, which
// kiosks pin at `kiosk join` and counter PCs trust) and hub.pem + hub.key (the hub's TLS certificate).
//
// With the consulate's own certificate (--cert/--key), there is no post CA key: the kiosks pin the root of
// the chain given (ca.pem is that root). Why the root and not a post CA beside it: the hub serves one
// certificate chain, and a kiosk can only check the chain it is served; a second, post-made chain would need
// a second listener. The cost: any server with a certificate from the consulate's root and the hub's name
// passes the kiosk's check, so that root must be the consulate's own (or an enterprise CA), not a public one.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { certificatesOf, colonHex as hex, pemFingerprint, servedChain } from '../../../shared/x509';
import { installGivenIdentity, readGivenIdentity } from '../../../shared/x509-given';
import { CA_CERT, CA_KEY, HUB_CERT, HUB_KEY, postDir, writeFileAtomic } from './paths';

export interface InitOptions {
  dataDir: string;
  /** Names and addresses the hub is reached by, besides localhost, 127.0.0.1, ::1 and this PC's hostname. */
  hosts: readonly string[];
  /** The CA's common name (default "Kiosk post CA"). */
  name?: string;
  /** The consulate's own certificate chain (PEM, leaf first, up to its root) and key, instead of a post CA. */
  certFile?: string;
  keyFile?: string;
  force?: boolean;
  now?: Date;
}

export type InitResult =
  | { ok: true; dir: string; source: 'post-ca' | 'consulate'; caFingerprint: string; hosts: string[] }
  | { ok: false; reason: 'exists' | 'bad-certificate'; detail: string };

export async function initPostIdentity(o: InitOptions): Promise<InitResult> {
  const dir = postDir(o.dataDir);
  const files = [CA_CERT, CA_KEY, HUB_CERT, HUB_KEY].map((f) => join(dir, f));
  const found = files.filter((f) => existsSync(f));
  if (found.length > 0 && !o.force)
    return {
      ok: false,
      reason: 'exists',
      detail:
        `the post identity in ${dir} exists (${found.map((f) => f.slice(dir.length + 1)).join(', ')}). Re-initialising makes a new ` +
        'identity: every enrolled kiosk must then join again (kiosk hub enrol --kiosk ID, then kiosk join on the kiosk) and every counter ' +
        'PC trust the new CA. Give --force to do it',
    };
  const now = o.now ?? new Date();
  const hosts = [...new Set([...o.hosts, 'localhost', '127.0.0.1', '::1', hostname()].filter((h) => h.trim() !== ''))];

  if (o.certFile || o.keyFile) {
    if (!o.certFile || !o.keyFile) return { ok: false, reason: 'bad-certificate', detail: 'give both --cert FILE and --key FILE (or neither)' };
    const given = readGivenIdentity({
      certFile: o.certFile,
      keyFile: o.keyFile,
      now,
      hosts: o.hosts,
      pinnedBy: 'kiosks pin at kiosk join',
      issuer: "the consulate's CA",
    });
    if (!given.ok) return { ok: false, reason: 'bad-certificate', detail: given.detail };
    installGivenIdentity(dir, given, { caKey: CA_KEY, caCert: CA_CERT, key: HUB_KEY, cert: HUB_CERT });
    return { ok: true, dir, source: 'consulate', caFingerprint: hex(pemFingerprint(given.root.toString())), hosts: given.hosts };
  }

  const { makeHubCert, makePostCa } = await import('./certificates');
  const ca = await makePostCa({ name: o.name ?? 'Kiosk post CA', now });
  const hub = await makeHubCert({ ca, hosts, now });
  writeFileAtomic(join(dir, CA_KEY), ca.keyPem, 0o600);
  writeFileAtomic(join(dir, CA_CERT), ca.certPem, 0o644);
  writeFileAtomic(join(dir, HUB_KEY), hub.keyPem, 0o600);
  writeFileAtomic(join(dir, HUB_CERT), hub.certPem, 0o644);
  return { ok: true, dir, source: 'post-ca', caFingerprint: hex(pemFingerprint(ca.certPem)), hosts };
}

export type HubTls = { ok: true; key: string; cert: string; caPem: string } | { ok: false; detail: string };

/**
 * What the hub daemon gives Fastify's `https` option: its key and its chain (the hub's certificate and the CA
 * kiosks pin, so a kiosk at `kiosk join` can check the CA's fingerprint against its code), and the CA's PEM
 * (the join answer carries it).
 */
export function hubTlsOptions(dataDir: string): HubTls {
  const dir = postDir(dataDir);
  const [caFile, certFile, keyFile] = [CA_CERT, HUB_CERT, HUB_KEY].map((f) => join(dir, f)) as [string, string, string];
  const missing = [caFile, certFile, keyFile].filter((f) => !existsSync(f));
  if (missing.length) return { ok: false, detail: `the hub has no TLS identity (${missing.join(', ')} missing): run kiosk hub init on the hub` };
  if ((statSync(keyFile).mode & 0o077) !== 0) return { ok: false, detail: `${keyFile} can be read by other users: chmod 600 ${keyFile}` };
  try {
    const caPem = readFileSync(caFile, 'utf8');
    const chainPem = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const ca = new X509Certificate(caPem);
    if (certificatesOf(chainPem).length === 0)
      return { ok: false, detail: `${certFile} holds no certificate: run kiosk hub init --force (every kiosk joins again)` };
    return { ok: true, key, cert: servedChain(chainPem, ca.toString()), caPem: ca.toString() };
  } catch (e) {
    return { ok: false, detail: `cannot read the hub's TLS identity in ${dir}: ${(e as Error).message}; run kiosk hub init --force (every kiosk joins again)` };
  }
}

/** The PEM of the CA kiosks pin, or null when the hub has no identity yet. */
export function postCaPem(dataDir: string): string | null {
  const file = join(postDir(dataDir), CA_CERT);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
