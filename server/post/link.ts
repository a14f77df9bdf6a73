// A kiosk's link to its post hub: JSON requests over HTTPS that trust only the post's CA (pinned at
// `kiosk join`) and carry the kiosk's credential. Every failure is a value that says what to do; the
// callers decide what offline means for them (issue from the block, claim provisionally, retry later).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type HubFailureReason =
  /** No answer within the bound: the hub may still have acted; callers must be idempotent. */
  | 'timeout'
  /** Connection refused, reset, host unreachable, DNS. */
  | 'unreachable'
  /** The hub's certificate is not the post's (another server, or a hub re-initialised). */
  | 'certificate'
  /** 401/403: no credential, an unknown one, or a revoked kiosk. */
  | 'refused'
  /** Any other non-2xx answer, or a body that is not JSON. */
  | 'http';

/** A refusal's `body` is the hub's parsed answer (a 409 says what the hub holds: event shipping reads it). */
export type HubAnswer = { ok: true; status: number; body: unknown } | { ok: false; reason: HubFailureReason; status?: number; detail: string; body?: unknown };

export interface HubLink {
  readonly url: string;
  readonly kioskId: string;
  request(method: 'GET' | 'POST', path: string, body?: unknown, o?: { timeoutMs?: number }): Promise<HubAnswer>;
  /** Closes the kept-alive connections (the daemon stopping). */
  close(): void;
}

export interface HubLinkOptions {
  /** "https://hub.consulat.local:8443" (or http:// with insecureLan on the hub). */
  url: string;
  kioskId: string;
  /** The secret from `kiosk join`; sent as "Authorization: Bearer …". */
  credential: string;
  /** PEM of the post CA: the only authority trusted for the hub (https only). */
  caPem?: string;
  /** Default bound for a request without its own. */
  timeoutMs?: number;
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

export function createHubLink(o: HubLinkOptions): HubLink {
  const base = new URL(o.url);
  const secure = base.protocol === 'https:';
  if (!secure && base.protocol !== 'http:') throw new Error(`hub url ${o.url} must start with https:// (or http:// on an insecure LAN)`);
  // Kept-alive connections: a new TLS handshake per ticket tripled the hub's answer time (bench/post.bench.ts).
  // Idle sockets close before the hub's keep-alive timeout (Fastify: 72 s), so a reused one is rarely stale,
  // and a request that meets a stale one is sent again once on a fresh connection: every post request is
  // idempotent (request keys, claim keys, event ids).
  const agentOptions = { keepAlive: true, maxSockets: 8, timeout: 30_000 };
  const agent = secure ? new HttpsAgent({ ...agentOptions, ...(o.caPem ? { ca: o.caPem } : {}) }) : new HttpAgent(agentOptions);
  return {
    url: o.url,
    kioskId: o.kioskId,
    close: () => agent.destroy(),
    request(method, path, body, ro = {}) {
      const timeoutMs = ro.timeoutMs ?? o.timeoutMs ?? 5000;
      const target = new URL(path, base);
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise<HubAnswer>((resolve) => {
        let settled = false;
        const done = (a: HubAnswer) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(a);
        };
        const headers: Record<string, string> = { authorization: `Bearer ${o.credential}`, accept: 'application/json' };
        if (data) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = String(data.length);
        }
        const onResponse = (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => done({ ok: false, reason: 'unreachable', detail: `the hub's answer broke off: ${e.message}` }));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              return done({ ok: false, reason: 'http', status, detail: `the hub answered ${status} with a body that is not JSON` });
            }
            const said = typeof parsed === 'object' && parsed && 'error' in parsed ? String((parsed as { error: unknown }).error) : `HTTP ${status}`;
            if (status === 401 || status === 403) return done({ ok: false, reason: 'refused', status, detail: `the hub refused this kiosk: ${said}` });
            if (status < 200 || status >= 300) return done({ ok: false, reason: 'http', status, detail: `the hub answered ${status}: ${said}`, body: parsed });
            done({ ok: true, status, body: parsed });
          });
        };
        let req = send(false);
        const timer = setTimeout(() => {
          done({ ok: false, reason: 'timeout', detail: `the hub at ${o.url} did not answer within ${timeoutMs} ms` });
          req.destroy();
        }, timeoutMs);
        function send(again: boolean) {
          const r = secure
            ? httpsRequest(target, { method, headers, ...(o.caPem ? { ca: o.caPem } : {}), agent }, onResponse)
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
              detail:
                `the server at ${o.url} is not this post's hub (${e.code}): ` +
                'check the address, or join again with a new code if the hub was re-initialised',
            });
          done({
            ok: false,
            reason: 'unreachable',
            detail: `cannot reach the hub at ${o.url} (${e.code ?? e.message}): check the network and that the hub runs`,
          });
        }
      });
    },
  };
}
