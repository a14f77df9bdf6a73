// Pure decisions of the kiosk shell, kept apart from Electron so they are unit-tested without it.

/** Only the daemon's own origin may be shown; everything else (links, redirects, window.open) is refused. */
export function isAllowedNavigation(target: string, daemonUrl: string): boolean {
  try {
    return new URL(target).origin === new URL(daemonUrl).origin;
  } catch {
    return false;
  }
}

/**
 * This machine only: 127.0.0.0/8, ::1 and localhost. The WHATWG URL parser has already normalised the
 * host (lower case, "127.1" to "127.0.0.1", "[0:…:1]" to "[::1]"), so exact forms suffice.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

export type DaemonUrl = { ok: true; url: string } | { ok: false; reason: string };

/**
 * The daemon's URL from the environment (KIOSK_URL, else http://127.0.0.1:$PORT, else port 8080). The shell
 * shows nothing but the daemon on this machine: a URL elsewhere would hand the kiosk screen to another host.
 */
export function daemonUrlFrom(env: Record<string, string | undefined>): DaemonUrl {
  const raw = env.KIOSK_URL ?? `http://127.0.0.1:${env.PORT ?? '8080'}`;
  const source = env.KIOSK_URL !== undefined ? `KIOSK_URL=${raw}` : `PORT=${env.PORT ?? ''}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `${source} is not a URL: set KIOSK_URL to the daemon's address, e.g. http://127.0.0.1:8080/` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `${source}: KIOSK_URL must be an http(s) URL, e.g. http://127.0.0.1:8080/` };
  if (!isLoopbackHost(url.hostname))
    return { ok: false, reason: `${source}: KIOSK_URL must point at this machine (127.0.0.1, ::1 or localhost), where the kiosk daemon runs` };
  return { ok: true, url: url.origin + '/' };
}

/** Backoff before reloading after the daemon was unreachable or the renderer died: 1 s doubling to 30 s. */
export function retryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}

/** The fields of Electron's `Input` (before-input-event) that the decision reads. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/** Ctrl/Cmd + these letters close, quit, reload, print or minimise the window, or open developer tools. */
const CTRL_LETTERS = new Set(['w', 'q', 'r', 'p', 'm']);
const DEVTOOLS_LETTERS = new Set(['i', 'j', 'c']);
/** Zoom in, out and reset, by character and by physical key (a French AZERTY map moves the characters). */
const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);
const ALWAYS_BLOCKED = new Set([
  'F5',
  'F11',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
]);

/**
 * True for a key the kiosk window must ignore: it would close or reload the window, leave full screen, zoom,
 * navigate back, print or open developer tools. Plain typing (the visitor, a keyboard-wedge scanner) and
 * AltGr characters (reported as Ctrl+Alt) pass. Key-down and key-up get the same answer.
 */
export function isBlockedKey(input: KeyInput, opts: { devTools?: boolean } = {}): boolean {
  if (ALWAYS_BLOCKED.has(input.key)) return true;
  if (input.key === 'F12') return !opts.devTools;
  if (input.alt && (input.key === 'F4' || input.key === 'ArrowLeft' || input.key === 'ArrowRight')) return true;
  const command = (input.control || input.meta) && !(input.control && input.alt);
  if (!command) return false;
  // The letter as the layout types it (AZERTY Ctrl+Z is undo, not Ctrl+W); on a layout without Latin
  // letters (Arabic) Chromium matches shortcuts by the US key at the same place, so the physical key counts.
  const letter = /^[a-z]$/i.test(input.key) ? input.key.toLowerCase() : (/^Key([A-Z])$/.exec(input.code)?.[1]?.toLowerCase() ?? '');
  if (input.shift && DEVTOOLS_LETTERS.has(letter)) return !opts.devTools;
  if (CTRL_LETTERS.has(letter)) return true;
  return ZOOM_KEYS.has(input.key) || ZOOM_CODES.has(input.code);
}
