import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { makeCa, makeServerCert, serialFrom } from './x509';

const NOW = new Date('2026-12-04T12:00:00Z');

// The same signing path as makeCa, with the serial chosen: OpenSSL must read every certificate node-forge writes.
async function selfSignedWithSerial(serialHex: string): Promise<X509Certificate> {
  const { certPem, keyPem } = await makeCa({ name: 'serial test', now: NOW });
  const { pki, md } = forge;
  const cert = pki.certificateFromPem(certPem);
  cert.serialNumber = serialHex;
  cert.sign(pki.privateKeyFromPem(keyPem), md.sha256.create());
  return new X509Certificate(pki.certificateToPem(cert));
}

describe('certificate serial numbers', () => {
  it('are positive, 16 octets, minimally encoded, whatever the random octets', () => {
    for (const fill of [0x00, 0x7f, 0x80, 0xff]) {
      const hex = serialFrom(Buffer.alloc(16, fill));
      expect(hex).toHaveLength(32);
      const first = parseInt(hex.slice(0, 2), 16);
      expect(first).toBeGreaterThanOrEqual(0x40);
      expect(first).toBeLessThan(0x80);
      expect(hex.slice(2)).toBe(Buffer.alloc(15, fill).toString('hex'));
    }
  });

  it('keep the random octets apart from the first two bits', () => {
    const random = Buffer.from('c3' + '5a'.repeat(15), 'hex');
    expect(serialFrom(random)).toBe('43' + '5a'.repeat(15));
  });

  it('give certificates OpenSSL reads when the random octets start with zeros (once in 8,192 before: "illegal padding")', async () => {
    for (const random of ['00000012', '00000000', '0000ff00', 'ffffffff']) {
      const serial = serialFrom(Buffer.from(random.padEnd(32, '0'), 'hex'));
      const cert = await selfSignedWithSerial(serial);
      expect(cert.serialNumber.toLowerCase()).toBe(serial);
    }
  });

  it('make a CA and a server certificate that Node reads and that chain', async () => {
    const ca = await makeCa({ name: 'chain test', now: NOW });
    const server = await makeServerCert({ ca, hosts: ['localhost', '127.0.0.1'], now: NOW });
    const caCert = new X509Certificate(ca.certPem);
    const serverCert = new X509Certificate(server.certPem);
    expect(serverCert.verify(caCert.publicKey)).toBe(true);
    expect(serverCert.checkIssued(caCert)).toBe(true);
    expect(serverCert.subjectAltName).toContain('DNS:localhost');
  });
});
