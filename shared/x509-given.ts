// A certificate chain and key an organisation brings from its own CA, instead of a CA the software makes:
// `kiosk hub init --cert --key` (the consulate's) and `kiosk central init --cert --key` (the ministry's). Checked
// before anything is written, each mistake named with what to do: PEM that parses, the key of the first certificate,
// each certificate signed by the next up to a self-signed root (the one joiners pin through their code), every
// certificate valid now, and the names the server is reached by (--host) in the first one's subjectAltName.
import { createPrivateKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './private-file';
import { isIP } from 'node:net';
import { certificatesOf } from './x509';

export type GivenIdentity = { ok: true; root: X509Certificate; chainPem: string; keyPem: string; hosts: string[] } | { ok: false; detail: string };

export interface GivenOptions {
  certFile: string;
  keyFile: string;
  now: Date;
  /** Names and addresses the server must be reachable by: each must be in the certificate (none: not checked). */
  hosts: readonly string[];
  /** Who pins the root and when, for the message on a chain without its root ("kiosks pin at kiosk join"). */
  pinnedBy: string;
  /** Who issues a new certificate, for the message on an expired one ("the consulate's CA"). */
  issuer: string;
}

const subjectOf = (c: X509Certificate) => c.subject.replace(/\n/g, ', ');
const day = (d: Date) => d.toISOString().slice(0, 10);

function keyMatches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    // A key of another algorithm (an EC key for an RSA certificate): not this certificate's.
    return false;
  }
}

export function readGivenIdentity(o: GivenOptions): GivenIdentity {
  const bad = (detail: string) => ({ ok: false as const, detail });
  const read = (f: string): string | Error => {
    try {
      return readFileSync(f, 'utf8');
    } catch (e) {
      return e as Error;
    }
  };
  const certText = read(o.certFile);
  if (certText instanceof Error) return bad(`cannot read ${o.certFile}: ${certText.message}`);
  const keyText = read(o.keyFile);
  if (keyText instanceof Error) return bad(`cannot read ${o.keyFile}: ${keyText.message}`);

  let chain: X509Certificate[];
  try {
    chain = certificatesOf(certText);
  } catch (e) {
    return bad(`${o.certFile} has a PEM certificate block that does not parse (${(e as Error).message}): give the chain as the CA delivered it, in PEM`);
  }
  if (chain.length === 0)
    return bad(
      `${o.certFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the certificate chain in PEM, leaf first ` +
        `(a DER file converts with openssl x509 -inform der -in ${o.certFile} -out cert.pem)`,
    );
  let key: KeyObject;
  try {
    key = createPrivateKey(keyText);
  } catch (e) {
    return bad(`${o.keyFile} is not a PEM private key (${(e as Error).message}): give the certificate's key in PEM (-----BEGIN PRIVATE KEY-----), unencrypted`);
  }
  const leaf = chain[0]!;
  if (!keyMatches(leaf, key)) return bad(`${o.keyFile} is not the key of the first certificate in ${o.certFile}: give the key that goes with that certificate`);
  for (let i = 0; i + 1 < chain.length; i++)
    if (!chain[i]!.verify(chain[i + 1]!.publicKey))
      return bad(`certificate ${i + 1} of ${o.certFile} is not signed by certificate ${i + 2}: give the chain in order, leaf first`);
  const root = chain.at(-1)!;
  if (root.subject !== root.issuer || !root.verify(root.publicKey))
    return bad(
      `${o.certFile} ends at "${subjectOf(root)}", which is not a root (self-signed) certificate: append the issuing ` +
        `CA's certificates up to the root, which ${o.pinnedBy}`,
    );
  for (const c of chain) {
    const from = new Date(c.validFrom);
    const to = new Date(c.validTo);
    if (o.now > to) return bad(`the certificate "${subjectOf(c)}" in ${o.certFile} expired on ${day(to)}: ask ${o.issuer} for a new one`);
    if (o.now < from)
      return bad(`the certificate "${subjectOf(c)}" in ${o.certFile} is valid only from ${from.toISOString()}: check this machine's clock, or wait until then`);
  }
  const names = (leaf.subjectAltName ?? '')
    .split(', ')
    .filter((s) => /^(DNS|IP Address):/.test(s))
    .map((s) => s.replace(/^(DNS|IP Address):/, ''));
  const missing = o.hosts.filter((h) => (isIP(h) ? leaf.checkIP(h) : leaf.checkHost(h)) === undefined);
  if (missing.length)
    return bad(
      `the certificate in ${o.certFile} does not name ${missing.join(', ')} (it names ${names.join(', ') || 'nothing in its subjectAltName'}): ` +
        `clients reaching the service by that name would refuse it; ask ${o.issuer} for a certificate naming it, or leave out that --host`,
    );
  return { ok: true, root, chainPem: chain.map((c) => c.toString()).join(''), keyPem: keyText, hosts: names };
}

/**
 * Installs a checked identity in `dir` under the caller's file names: the root (what the other side pins), the chain
 * served, the key (0600); a CA key made earlier by `init` is removed, as it no longer signs this identity.
 */
export function installGivenIdentity(
  dir: string,
  given: Extract<GivenIdentity, { ok: true }>,
  files: { caKey: string; caCert: string; key: string; cert: string },
): void {
  rmSync(join(dir, files.caKey), { force: true });
  writeFileAtomic(join(dir, files.caCert), given.root.toString(), 0o644);
  writeFileAtomic(join(dir, files.key), given.keyPem, 0o600);
  writeFileAtomic(join(dir, files.cert), given.chainPem, 0o644);
}
