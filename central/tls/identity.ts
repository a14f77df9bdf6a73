// The central service's identity (`kiosk central init --data DIR`): DIR/ca.pem + ca.key (the central CA, which posts
// pin at `kiosk central join` through their enrolment code) and central.pem + central.key (the service's TLS
// certificate, signed by that CA). Keys are 0600 in a 0700 folder. As `kiosk hub init` for a post (shared/x509.ts).
//
// With the ministry's own certificate (`init --cert FILE --key FILE`, from the ministry's CA), there is no CA key
// here: ca.pem is the root of the chain given, and posts pin that root through their code (as `kiosk hub init --cert`
// does for a consulate; server/post/trust/identity.ts says why the root). `start` and `enrol` read the folder the same.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../shared/private-file';
import { certificatesOf, colonHex, pemFingerprint, servedChain } from '../../shared/x509';
import { installGivenIdentity, readGivenIdentity } from '../../shared/x509-given';

export const CENTRAL_CA_CERT = 'ca.pem';
export const CENTRAL_CA_KEY = 'ca.key';
export const CENTRAL_CERT = 'central.pem';
export const CENTRAL_KEY = 'central.key';

export interface CentralInitOptions {
  dataDir: string;
  /** Names and addresses posts reach the service by, besides localhost, 127.0.0.1, ::1 and this host's name. */
  hosts: readonly string[];
  /** The ministry's certificate chain (PEM, leaf first, up to its root) and its key, instead of a central CA made here. */
  certFile?: string;
  keyFile?: string;
  force?: boolean;
  now?: Date;
}

export type CentralInitResult =
  | { ok: true; dir: string; source: 'central-ca' | 'ministry'; caFingerprint: string; hosts: string[] }
  | { ok: false; reason: 'exists' | 'bad-certificate'; detail: string };

export async function initCentralIdentity(o: CentralInitOptions): Promise<CentralInitResult> {
  const dir = resolve(o.dataDir);
  const found = [CENTRAL_CA_CERT, CENTRAL_CA_KEY, CENTRAL_CERT, CENTRAL_KEY].filter((f) => existsSync(join(dir, f)));
  if (found.length > 0 && !o.force)
    return {
      ok: false,
      reason: 'exists',
      detail:
        `the central identity in ${dir} exists (${found.join(', ')}). Re-initialising makes a new CA: every post must then join again ` +
        '(kiosk central enrol --post ID, then kiosk central join on the post). Give --force to do it',
    };
  const now = o.now ?? new Date();
  if (o.certFile || o.keyFile) {
    if (!o.certFile || !o.keyFile) return { ok: false, reason: 'bad-certificate', detail: 'give both --cert FILE and --key FILE (or neither)' };
    const given = readGivenIdentity({
      certFile: o.certFile,
      keyFile: o.keyFile,
      now,
      hosts: o.hosts,
      pinnedBy: 'posts pin at kiosk central join',
      issuer: "the ministry's CA",
    });
    if (!given.ok) return { ok: false, reason: 'bad-certificate', detail: given.detail };
    installGivenIdentity(dir, given, { caKey: CENTRAL_CA_KEY, caCert: CENTRAL_CA_CERT, key: CENTRAL_KEY, cert: CENTRAL_CERT });
    return { ok: true, dir, source: 'ministry', caFingerprint: colonHex(pemFingerprint(given.root.toString())), hosts: given.hosts };
  }
  const hosts = [...new Set([...o.hosts, 'localhost', '127.0.0.1', '::1', hostname()].filter((h) => h.trim() !== ''))];
  const { makeCa, makeServerCert } = await import('../../shared/x509');
  const ca = await makeCa({ name: 'Kiosk network central CA', now });
  const server = await makeServerCert({ ca, hosts, now, commonName: 'central service' });
  writeFileAtomic(join(dir, CENTRAL_CA_KEY), ca.keyPem, 0o600);
  writeFileAtomic(join(dir, CENTRAL_CA_CERT), ca.certPem, 0o644);
  writeFileAtomic(join(dir, CENTRAL_KEY), server.keyPem, 0o600);
  writeFileAtomic(join(dir, CENTRAL_CERT), server.certPem, 0o644);
  return { ok: true, dir, source: 'central-ca', caFingerprint: colonHex(pemFingerprint(ca.certPem)), hosts };
}

export type CentralTls = { ok: true; key: string; cert: string; caPem: string } | { ok: false; detail: string };

const INIT = (dir: string) => `kiosk central init --data ${dir}`;

/** What the service gives its HTTPS listener: its key, its chain ending at the central CA (posts check it against their code), the CA. */
export function centralTlsOptions(dataDir: string): CentralTls {
  const dir = resolve(dataDir);
  const [caFile, certFile, keyFile] = [CENTRAL_CA_CERT, CENTRAL_CERT, CENTRAL_KEY].map((f) => join(dir, f)) as [string, string, string];
  const missing = [caFile, certFile, keyFile].filter((f) => !existsSync(f));
  if (missing.length) return { ok: false, detail: `the central service has no TLS identity (${missing.join(', ')} missing): run ${INIT(dir)} first (once)` };
  if ((statSync(keyFile).mode & 0o077) !== 0) return { ok: false, detail: `${keyFile} can be read by other users: chmod 600 ${keyFile}` };
  try {
    const caPem = new X509Certificate(readFileSync(caFile, 'utf8')).toString();
    const chainPem = readFileSync(certFile, 'utf8');
    if (certificatesOf(chainPem).length === 0)
      return { ok: false, detail: `${certFile} holds no certificate: run ${INIT(dir)} --force (every post joins again)` };
    return { ok: true, key: readFileSync(keyFile, 'utf8'), cert: servedChain(chainPem, caPem), caPem };
  } catch (e) {
    return { ok: false, detail: `cannot read the central identity in ${dir}: ${(e as Error).message}; run ${INIT(dir)} --force (every post joins again)` };
  }
}

/** The central CA's PEM (what enrolment codes pin), or what to do. */
export function centralCaPem(dataDir: string): { ok: true; caPem: string } | { ok: false; detail: string } {
  const file = join(resolve(dataDir), CENTRAL_CA_CERT);
  if (!existsSync(file)) return { ok: false, detail: `no central identity in ${resolve(dataDir)}: run ${INIT(resolve(dataDir))} first` };
  return { ok: true, caPem: readFileSync(file, 'utf8') };
}
