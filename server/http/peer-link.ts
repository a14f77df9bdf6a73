// A JSON link to a peer over HTTPS that trusts only the peer's CA (pinned when this side joined) and carries this
// side's bearer credential: a kiosk to its post hub, a post to the central service. Every failure is a value that
// says what to do; the callers decide what offline means for them. Request bodies may be gzipped
// (`content-encoding: gzip`, RFC 9110 8.4): event batches are JSON and shrink ~10×.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';

export type PeerFailureReason =
  /** No answer within the bound: the peer may still have acted; callers must be idempotent. */
  | 'timeout'
  /** Connection refused, reset, host unreachable, DNS. */
  | 'unreachable'
  /** The peer's certificate is not from the pinned CA (another server, or a peer re-initialised). */
  | 'certificate'
  /** 401/403: no credential, an unknown one, or a revoked caller. */
  | 'refused'
  /** Any other non-2xx answer, or a body that is not JSON. */
  | 'http';

/** A refusal's `body` is the peer's parsed answer (a 409 says what the peer holds: event shipping reads it). */
export type PeerAnswer =
  { ok: true; status: number; body: unknown } | { ok: false; reason: PeerFailureReason; status?: number; detail: string; body?: unknown };

export interface PeerLink {
  readonly url: string;
  request(method: 'GET' | 'POST', path: string, body?: unknown, o?: { timeoutMs?: number }): Promise<PeerAnswer>;
  /** Closes the kept-alive connections (the process stopping). */
  close(): void;
}

export interface PeerLinkOptions {
  /** "https://central.ministry.ma:8600" (or http:// where the peer runs without TLS, in tests and try-outs). */
  url: string;
  /** The peer in messages: "the central service", "the hub". */
  peer: string;
  /** This side in messages: "post FR-PAR", "kiosk K2". */
  self: string;
  /** Sent as "Authorization: Bearer …" (empty: none, as for a join). */
  credential: string;
  /** PEM of the peer's CA: the only authority trusted (https only). */
  caPem?: string;
  /** Default bound for a request without its own. */
  timeoutMs?: number;
  /** Gzip request bodies (the peer must accept content-encoding gzip, as the central service does). */
  gzip?: boolean;
  /** What to do when the peer's certificate is not the pinned CA's (default: join again with a new code). */
  rejoin?: string;
  /** What the server was expected to be, when its certificate is not the pinned CA's (default: the peer). */
  pinnedAs?: string;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function createPeerLink(o: PeerLinkOptions): PeerLink {
  const base = new URL(o.url);
  const secure = base.protocol === 'https:';
  if (!secure && base.protocol !== 'http:') throw new Error(`${o.peer}'s url ${o.url} must start with https://`);
  // Kept-alive connections: a new TLS handshake per request tripled the hub's answer time (bench/post.bench.ts).
  // Idle sockets close before the peer's keep-alive timeout (Fastify: 72 s), so a reused one is rarely stale,
  // and a request that meets a stale one is sent again once on a fresh connection: callers' requests are
  // idempotent (request keys, claim keys, event ids).
  const agentOptions = { keepAlive: true, maxSockets: 8, timeout: 30_000 };
  // node:https (and TLS) on first use: every daemon start loads this module, and only a link to a peer over HTTPS
  // needs them (issue 14, start-up).
  const https = secure ? process.getBuiltinModule('node:https') : null;
  const agent = https ? new https.Agent({ ...agentOptions, ...(o.caPem ? { ca: o.caPem } : {}) }) : new HttpAgent(agentOptions);
  const rejoin = o.rejoin ?? `join again with a new code if ${o.peer} was re-initialised`;
  return {
    url: o.url,
    close: () => agent.destroy(),
    request(method, path, body, ro = {}) {
      const timeoutMs = ro.timeoutMs ?? o.timeoutMs ?? 5000;
      const target = new URL(path, base);
      const json = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const data = json && o.gzip ? gzipSync(json) : json;
      return new Promise<PeerAnswer>((resolve) => {
        let settled = false;
        const done = (a: PeerAnswer) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(a);
        };
        const headers: Record<string, string> = { accept: 'application/json' };
        if (o.credential) headers.authorization = `Bearer ${o.credential}`;
        if (data) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = String(data.length);
          if (o.gzip) headers['content-encoding'] = 'gzip';
        }
        const onResponse = (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => done({ ok: false, reason: 'unreachable', detail: `${o.peer}'s answer broke off: ${e.message}` }));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              return done({ ok: false, reason: 'http', status, detail: `${o.peer} answered ${status} with a body that is not JSON` });
            }
            const said = typeof parsed === 'object' && parsed && 'error' in parsed ? String((parsed as { error: unknown }).error) : `HTTP ${status}`;
            if (status === 401 || status === 403)
              return done({ ok: false, reason: 'refused', status, detail: `${o.peer} refused ${o.self}: ${said}`, body: parsed });
            if (status < 200 || status >= 300)
              return done({ ok: false, reason: 'http', status, detail: `${o.peer} answered ${status}: ${said}`, body: parsed });
            done({ ok: true, status, body: parsed });
          });
        };
        let req = send(false);
        const timer = setTimeout(() => {
          done({ ok: false, reason: 'timeout', detail: `${o.peer} at ${o.url} did not answer within ${timeoutMs} ms` });
          req.destroy();
        }, timeoutMs);
        function send(again: boolean) {
          const r = https
            ? https.request(target, { method, headers, ...(o.caPem ? { ca: o.caPem } : {}), agent }, onResponse)
            : httpRequest(target, { method, headers, agent }, onResponse);
          r.on('error', (e: NodeJS.ErrnoException) => onError(e, r, again));
          if (data) r.write(data);
          r.end();
          return r;
        }
        function onError(e: NodeJS.ErrnoException, r: ReturnType<typeof send>, again: boolean) {
          if (!again && !settled && r.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
            req = send(true);
            return;
          }
          if (e.code && CERT_CODES.has(e.code))
            return done({
              ok: false,
              reason: 'certificate',
              detail: `the server at ${o.url} is not ${o.pinnedAs ?? o.peer} (${e.code}): check the address, or ${rejoin}`,
            });
          done({ ok: false, reason: 'unreachable', detail: `cannot reach ${o.peer} at ${o.url} (${e.code ?? e.message}): check the network and that it runs` });
        }
      });
    },
  };
}
