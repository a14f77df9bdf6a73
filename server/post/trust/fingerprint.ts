// The post CA's fingerprint: SHA-256 of its DER encoding (as kubeadm's discovery-token-ca-cert-hash, which
// hashes the CA's public key info; the whole certificate is as good a pin here and Node gives its DER directly).
import { createHash, X509Certificate } from 'node:crypto';

export function derFingerprint(der: Buffer): Buffer {
  return createHash('sha256').update(der).digest();
}

export function pemFingerprint(pem: string): Buffer {
  return derFingerprint(new X509Certificate(pem).raw);
}
