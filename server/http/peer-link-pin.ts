// First contact with a peer before joining it (`kiosk join`, `kiosk central join`): the enrolment code carries a pin
// of the peer's CA (shared/enrolment-code.ts). The joiner looks at the certificates the server shows in a bare TLS
// handshake, finds the CA whose fingerprint matches the pin, and only then sends the code, over HTTPS that trusts
// that CA alone. A server that is not the peer never sees the code (as kubeadm's CA pinning).
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import { pinMatches, type EnrolmentCode } from '../../shared/enrolment-code';
import { derFingerprint } from '../../shared/x509';

type Served = { ok: true; certificates: Buffer[] } | { ok: false; reason: 'unreachable' | 'timeout'; detail: string };

/** The certificates the server at `url` shows in its TLS handshake (leaf first), verifying nothing; no request is sent. */
export function servedCertificates(url: URL, timeoutMs: number, peer: string): Promise<Served> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    // node:tls on first use: every daemon start loads this module, and only a joiner calls this (issue 14, start-up).
    const socket = process.getBuiltinModule('node:tls').connect({ host, port, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, reason: 'timeout', detail: `${peer} at ${url.origin} did not answer within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const out: Buffer[] = [];
      for (let c: PeerCertificate | undefined = socket.getPeerCertificate(true); c?.raw && !out.some((d) => d.equals(c!.raw));) {
        out.push(c.raw);
        c = (c as { issuerCertificate?: PeerCertificate }).issuerCertificate;
      }
      socket.end();
      resolve({ ok: true, certificates: out });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        reason: 'unreachable',
        detail: `cannot reach ${peer} at ${url.origin} (${e.code ?? e.message}): check the address and that it runs`,
      });
    });
  });
}

export type PinnedCa = { ok: true; caPem: string } | { ok: false; reason: 'unreachable' | 'timeout' | 'certificate'; detail: string };

/** The PEM of the CA the server at `url` shows and the code names; `notPeer` says what to do when there is none. */
export async function pinnedCa(url: URL, code: EnrolmentCode, o: { timeoutMs: number; peer: string; notPeer: string }): Promise<PinnedCa> {
  const served = await servedCertificates(url, o.timeoutMs, o.peer);
  if (!served.ok) return served;
  const ca = served.certificates.find((der) => pinMatches(code, derFingerprint(der)));
  if (!ca) return { ok: false, reason: 'certificate', detail: o.notPeer };
  return { ok: true, caPem: new X509Certificate(ca).toString() };
}
