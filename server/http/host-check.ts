// DNS rebinding defence: a page on evil.example that resolves to 127.0.0.1 still sends its own Host and
// Origin, so both must name this daemon. Requests without Origin (curl, a plain navigation) are fine.

export interface HostPolicy {
  /** Exact `host:port` values accepted in the Host header. */
  hosts: Set<string>;
}

export function hostPolicy(port: number, opts: { lan: boolean; allowedHosts: string[]; bindHost: string }): HostPolicy {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (opts.bindHost !== '0.0.0.0' && opts.bindHost !== '::') hosts.add(opts.bindHost.includes(':') ? `[${opts.bindHost}]:${port}` : `${opts.bindHost}:${port}`);
  if (opts.lan) for (const h of opts.allowedHosts) hosts.add(h.includes(':') && !h.endsWith(']') ? h : `${h}:${port}`);
  return { hosts };
}

/** Returns null when the request may proceed, or the reason it is refused. */
export function checkRequest(policy: HostPolicy, host: string | undefined, origin: string | undefined): string | null {
  if (!host) return 'missing Host header';
  if (!policy.hosts.has(host.toLowerCase()))
    return `Host "${host}" is not this kiosk's address; add it to server.allowedHosts (with server.lan: true) to allow it`;
  if (origin === undefined || origin === '') return null;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `Origin "${origin}" is not a valid origin`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Origin "${origin}" is not an http origin`;
  if (!policy.hosts.has(url.host.toLowerCase())) return `Origin "${origin}" is a foreign site; only pages served by this kiosk may call it`;
  return null;
}
