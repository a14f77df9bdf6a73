// `kiosk join`: the kiosk's first contact with its hub. The code carries a pin of the post CA (shared/enrolment-code.ts): the
// kiosk first looks at the certificates the server shows in a bare TLS handshake, finds the CA whose
// fingerprint matches, and only then sends the code, over HTTPS that trusts that CA alone. A server that is not
// this post's hub never sees the code.
import { JoinAnswer } from '../../../shared/post-trust-api';
import { createHubLink, type HubFailureReason } from '../link';
import { parseEnrolmentCode } from '../../../shared/enrolment-code';
import { pinnedCa } from '../../http/peer-link-pin';
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
    const pinned = await pinnedCa(url, parsed.code, {
      timeoutMs,
      peer: 'the hub',
      notPeer:
        `the server at ${url.origin} is not this post's hub: none of the certificates it shows is the post CA this code names. ` +
        'Check the address; if the hub was re-initialised since the code was made, ask for a new code (kiosk hub enrol). The code was not sent',
    });
    if (!pinned.ok) return pinned;
    caPem = pinned.caPem;
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
