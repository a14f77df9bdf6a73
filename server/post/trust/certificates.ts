// The post CA and the hub's TLS certificate. Keys come from node:crypto (RSA 2048: node-forge signs only
// RSA); node-forge (pure JavaScript X.509) builds and signs the certificates. It is imported here only, when
// `kiosk hub init` runs: the daemon's cold start never loads it (issue 14).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export interface Pem {
  certPem: string;
  keyPem: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** The CA outlives many hub certificates; the hub's is re-made by `kiosk hub init --force` (every kiosk joins again). */
const CA_YEARS = 20;
const HUB_YEARS = 10;

function rsaKeys(): { publicPem: string; privatePem: string } {
  const k = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicPem: k.publicKey, privatePem: k.privateKey };
}

/** A positive 128-bit serial (RFC 5280 4.1.2.2: at most 20 octets, positive). */
const serial = () => '0' + randomBytes(16).toString('hex').slice(1);

const validity = (now: Date, years: number) => ({
  // An hour back: a kiosk whose clock is a little behind still accepts a certificate made just now.
  notBefore: new Date(now.getTime() - 3600_000),
  notAfter: new Date(now.getTime() + years * YEAR_MS),
});

export async function makePostCa(o: { name: string; now: Date }): Promise<Pem> {
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

/** The hub's server certificate for `hosts` (names and IP addresses), signed by the post CA. */
export async function makeHubCert(o: { ca: Pem; hosts: readonly string[]; now: Date }): Promise<Pem> {
  const { pki, md } = (await import('node-forge')).default;
  const ca = pki.certificateFromPem(o.ca.certPem);
  const keys = rsaKeys();
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  Object.assign(cert.validity, validity(o.now, HUB_YEARS));
  cert.setSubject([{ name: 'commonName', value: o.hosts[0] ?? 'post hub' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // Browsers and Node check only the subjectAltName (RFC 6125): every name and address the hub is reached by.
    { name: 'subjectAltName', altNames: o.hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(pki.privateKeyFromPem(o.ca.keyPem), md.sha256.create());
  return { certPem: pki.certificateToPem(cert).replace(/\r\n/g, '\n'), keyPem: keys.privatePem };
}
