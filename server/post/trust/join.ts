// `kiosk join`: the kiosk's first contact with its hub. The code carries a pin of the post CA (shared/enrolment-code.ts): the
// kiosk first looks at the certificates the server shows in a bare TLS handshake, finds the CA whose
// fingerprint matches, and only then sends the code, over HTTPS that trusts that CA alone. A server that is not
// this post's hub never sees the code.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { JoinAnswer } from '../../../shared/post-trust-api';
import { createHubLink, type HubFailureReason } from '../link';
import { parseEnrolmentCode, pinMatches } from '../../../shared/enrolment-code';
import { derFingerprint } from './fingerprint';
import { saveHubLink } from './hub-link';

export interface JoinOptions {
  hubUrl: string;
  code: string;
  dataDir: string;
  /** Allow an http:// hub (insecureLan on the hub): nothing is checked, the code crosses the LAN in clear. */
  insecureLan?: boolean;
  timeoutMs?: number;
}

export type JoinResult = { ok: true; kioskId: string; file: string } | { ok: false; reason: HubFailureReason | 'code' | 'address'; detail: string };

type Served = { ok: true; certificates: Buffer[] } | { ok: false; reason: 'unreachable' | 'timeout'; detail: string };

/** The certificates the server at `url` shows in its TLS handshake (leaf first), verifying nothing; no request is sent. */
function servedCertificates(url: URL, timeoutMs: number): Promise<Served> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, reason: 'timeout', detail: `the hub at ${url.origin} did not answer within ${timeoutMs} ms` });
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
        detail: `cannot reach the hub at ${url.origin} (${e.code ?? e.message}): check the address and that the hub runs`,
      });
    });
  });
}

export async function joinHub(o: JoinOptions): Promise<JoinResult> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const parsed = parseEnrolmentCode(o.code);
  if (!parsed.ok) return { ok: false, reason: 'code', detail: parsed.detail };
  let url: URL;
  try {
    url = new URL(o.hubUrl);
  } catch {
    return { ok: false, reason: 'address', detail: `--hub ${o.hubUrl} is not an address: give https://HOST:PORT` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && o.insecureLan))
    return { ok: false, reason: 'address', detail: `--hub ${o.hubUrl}: give https://HOST:PORT (http:// only with --insecure-lan, for a hub with insecureLan)` };

  let caPem: string | null = null;
  if (url.protocol === 'https:') {
    const served = await servedCertificates(url, timeoutMs);
    if (!served.ok) return served;
    const ca = served.certificates.find((der) => pinMatches(parsed.code, derFingerprint(der)));
    if (!ca)
      return {
        ok: false,
        reason: 'certificate',
        detail:
          `the server at ${url.origin} is not this post's hub: none of the certificates it shows is the post CA this code names. ` +
          'Check the address; if the hub was re-initialised since the code was made, ask for a new code (kiosk hub enrol). The code was not sent',
      };
    caPem = new X509Certificate(ca).toString();
  }

  const link = createHubLink({ url: url.origin, kioskId: '', credential: '', ...(caPem ? { caPem } : {}), timeoutMs });
  const r = await link.request('POST', '/api/post/join', { code: o.code });
  if (!r.ok) return { ok: false, reason: r.reason, detail: r.detail };
  const answer = JoinAnswer.safeParse(r.body);
  if (!answer.success)
    return { ok: false, reason: 'http', detail: `the hub's answer to join is not right (${answer.error.issues[0]?.message}): is it this version?` };
  const a = answer.data;
  const file = saveHubLink(o.dataDir, { url: url.origin, kioskId: a.kioskId, credential: a.credential, caPem });
  return { ok: true, kioskId: a.kioskId, file };
}
