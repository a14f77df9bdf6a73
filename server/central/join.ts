// `kiosk central join`: a post's (hub's or standalone daemon's) first contact with the central service. The code
// pins the central CA: checked in a bare TLS handshake before the code is sent (../http/peer-link-pin.ts).
import { CentralJoinAnswer } from '../../shared/central-api';
import { parseEnrolmentCode } from '../../shared/enrolment-code';
import { pinnedCa } from '../http/peer-link-pin';
import { createCentralLink, type CentralAnswer, type CentralFailureReason, type CentralLink } from './link';
import { saveCentralLink } from './link-file';

export interface CentralJoinOptions {
  url: string;
  code: string;
  /** This post (its config's consulate.code): the central service checks the code was issued for it. */
  postId: string;
  /** This post's consulate.timeZone: the central service's "today" for this post. */
  timeZone?: string;
  dataDir: string;
  /** Allow an http:// central service (--insecure-http there): nothing is checked, the code crosses in clear. */
  insecureHttp?: boolean;
  timeoutMs?: number;
}

export type CentralJoinResult = { ok: true; postId: string; file: string } | { ok: false; reason: CentralFailureReason | 'code' | 'address'; detail: string };

export async function joinCentral(o: CentralJoinOptions): Promise<CentralJoinResult> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const parsed = parseEnrolmentCode(o.code);
  if (!parsed.ok) return { ok: false, reason: 'code', detail: parsed.detail };
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    return { ok: false, reason: 'address', detail: `--url ${o.url} is not an address: give https://HOST:PORT` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && o.insecureHttp))
    return { ok: false, reason: 'address', detail: `--url ${o.url}: give https://HOST:PORT (http:// only with --insecure-http, for a try-out)` };

  let caPem: string | null = null;
  if (url.protocol === 'https:') {
    const pinned = await pinnedCa(url, parsed.code, {
      timeoutMs,
      peer: 'the central service',
      notPeer:
        `the server at ${url.origin} is not the central service: none of the certificates it shows is the central CA this code names. ` +
        'Check the address; if the central service was re-initialised since the code was made, ask for a new code (kiosk central enrol). ' +
        'The code was not sent',
    });
    if (!pinned.ok) return pinned;
    caPem = pinned.caPem;
  }

  const link = createCentralLink({ url: url.origin, postId: o.postId, credential: '', ...(caPem ? { caPem } : {}), timeoutMs });
  try {
    const r = await link.request('POST', '/api/central/join', { code: o.code, postId: o.postId, ...(o.timeZone ? { timeZone: o.timeZone } : {}) });
    if (!r.ok) return { ok: false, reason: r.reason, detail: r.detail };
    const answer = CentralJoinAnswer.safeParse(r.body);
    if (!answer.success)
      return {
        ok: false,
        reason: 'http',
        detail: `the central service's answer to join is not right (${answer.error.issues[0]?.message}): is it this version?`,
      };
    const file = saveCentralLink(o.dataDir, { url: url.origin, postId: answer.data.postId, credential: answer.data.credential, caPem });
    return { ok: true, postId: answer.data.postId, file };
  } finally {
    link.close();
  }
}

/** Tells the central service this post's time zone again (after consulate.timeZone changed): POST /api/central/status. */
export async function sendCentralStatus(link: CentralLink, timeZone: string): Promise<CentralAnswer> {
  return link.request('POST', '/api/central/status', { timeZone });
}
