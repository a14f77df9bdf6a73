// Certificates for the trust of both levels (DESIGN.md "Three levels"): a CA (the post CA of `kiosk hub init`, the
// central CA of `kiosk central init`) and a TLS server certificate it signs, their fingerprints (the pin an
// enrolment code carries), and reading a PEM chain. Keys come from node:crypto (RSA 2048: node-forge signs only
// RSA); node-forge (pure JavaScript X.509) builds and signs the certificates. It is imported lazily, only when a
// certificate is made: neither the daemon's cold start (issue 14) nor the central service's loads it.
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface Pem {
  certPem: string;
  keyPem: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** A CA outlives many server certificates; a server's is re-made with its CA by `init --force` (everyone joins again). */
const CA_YEARS = 20;
const SERVER_YEARS = 10;

function rsaKeys(): { publicPem: string; privatePem: string } {
  const k = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicPem: k.publicKey, privatePem: k.privateKey };
}

/**
 * A serial from 16 random octets (RFC 5280 4.1.2.2: positive, at most 20 octets), in the hex node-forge takes.
 * node-forge writes the hex's octets as they are, dropping one leading zero octet at most, and OpenSSL refuses an
 * INTEGER with a needless leading zero ("illegal padding"). So the first octet is 0x40–0x7f: positive, never zero, and
 * the serial keeps 126 random bits (CA/Browser Forum: at least 64). A serial of '0' + 31 random hex digits failed
 * once in 8,192 certificates (four leading zero digits then an octet under 0x80).
 */
export function serialFrom(random: Buffer): string {
  const octets = Buffer.from(random.subarray(0, 16));
  octets[0] = 0x40 | ((octets[0] ?? 0) & 0x3f);
  return octets.toString('hex');
}
const serial = () => serialFrom(randomBytes(16));

const validity = (now: Date, years: number) => ({
  // An hour back: a client whose clock is a little behind still accepts a certificate made just now.
  notBefore: new Date(now.getTime() - 3600_000),
  notAfter: new Date(now.getTime() + years * YEAR_MS),
});

/** A self-signed CA that may sign server certificates only (pathLenConstraint 0). */
export async function makeCa(o: { name: string; now: Date }): Promise<Pem> {
  const { pki, md } = (await import('node-forge')).default;
  const keys = rsaKeys();
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  Object.assign(cert.validity, validity(o.now, CA_YEARS));
  const subject = [{ name: 'commonName', value: o.name }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(pki.privateKeyFromPem(keys.privatePem), md.sha256.create());
  return { certPem: pki.certificateToPem(cert).replace(/\r\n/g, '\n'), keyPem: keys.privatePem };
}

/** A TLS server certificate for `hosts` (names and IP addresses), signed by `ca`. */
export async function makeServerCert(o: { ca: Pem; hosts: readonly string[]; now: Date; commonName?: string }): Promise<Pem> {
  const { pki, md } = (await import('node-forge')).default;
  const ca = pki.certificateFromPem(o.ca.certPem);
  const keys = rsaKeys();
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  Object.assign(cert.validity, validity(o.now, SERVER_YEARS));
  cert.setSubject([{ name: 'commonName', value: o.hosts[0] ?? o.commonName ?? 'server' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // Browsers and Node check only the subjectAltName (RFC 6125): every name and address the server is reached by.
    { name: 'subjectAltName', altNames: o.hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(pki.privateKeyFromPem(o.ca.keyPem), md.sha256.create());
  return { certPem: pki.certificateToPem(cert).replace(/\r\n/g, '\n'), keyPem: keys.privatePem };
}

// A CA's fingerprint: SHA-256 of its DER encoding (as kubeadm's discovery-token-ca-cert-hash, which hashes the CA's
// public key info; the whole certificate is as good a pin here and Node gives its DER directly).
export function derFingerprint(der: Buffer): Buffer {
  return createHash('sha256').update(der).digest();
}

export function pemFingerprint(pem: string): Buffer {
  return derFingerprint(new X509Certificate(pem).raw);
}

/** "ab:cd:…", as operators compare it by eye. */
export const colonHex = (b: Buffer): string => b.toString('hex').replace(/(..)(?!$)/g, '$1:');

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM file, in order. */
export function certificatesOf(pem: string): X509Certificate[] {
  return (pem.match(PEM_BLOCK) ?? []).map((b) => new X509Certificate(b));
}

/** The chain a server presents: its certificate then the CA clients pin, so a joiner can check the CA against its code. */
export function servedChain(chainPem: string, caPem: string): string {
  const ca = new X509Certificate(caPem);
  return certificatesOf(chainPem).some((c) => c.fingerprint256 === ca.fingerprint256) ? chainPem : chainPem.trimEnd() + '\n' + ca.toString();
}
