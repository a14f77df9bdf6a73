// Pure decisions of the kiosk shell, kept apart from Electron so they are unit-tested without it.

/** Only the daemon's own origin may be shown; everything else (links, redirects, window.open) is refused. */
export function isAllowedNavigation(target: string, daemonUrl: string): boolean {
  try {
    return new URL(target).origin === new URL(daemonUrl).origin;
  } catch {
    return false;
  }
}

/** The daemon's URL from the environment, refusing anything that is not plain local HTTP. */
export function daemonUrlFrom(env: Record<string, string | undefined>): string {
  const raw = env.KIOSK_URL ?? `http://127.0.0.1:${env.PORT ?? '8080'}`;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`KIOSK_URL must be an http(s) URL, got ${raw}`);
  return url.origin + '/';
}

/** Backoff before reloading after the daemon was unreachable or the renderer died: 1 s doubling to 30 s. */
export function retryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}
