// Who sends a request, as far as staff sessions care: a staff page naming itself (X-Kiosk-App), the kiosk
// or board page, a page's script that did not say, or anything else (a program: CLI, scripts, tests; or
// the browser itself loading a staff page's image, link or download, which cannot carry a header).
// Browsers add Sec-Fetch-* on their own and a script cannot set or remove them. None of this is a wall
// between pages of one origin (a script can claim any page); the wall is that a staff session opened on
// the kiosk's screen ends when the kiosk shows its attract screen. This keeps the kiosk page's own calls,
// and any plain fetch, away from staff sessions.
import type { IncomingHttpHeaders } from 'node:http';
import { APP_HEADER, StaffApp } from '../../shared/page-app';

export type Caller = { kind: 'staff-page'; app: StaffApp } | { kind: 'public-page' } | { kind: 'unmarked-page' } | { kind: 'program' };

/** Requests the browser makes for a page's markup (img, a href, download): no header can be added. */
const MARKUP_MODES = new Set(['navigate', 'no-cors']);

export function callerOf(req: { method: string; headers: IncomingHttpHeaders }): Caller {
  const { headers } = req;
  const marker = headers[APP_HEADER];
  const value = Array.isArray(marker) ? marker[0] : marker;
  if (value !== undefined) {
    const app = StaffApp.safeParse(value.trim().toLowerCase());
    return app.success ? { kind: 'staff-page', app: app.data } : { kind: 'public-page' };
  }
  if (headers['sec-fetch-site'] === undefined) return { kind: 'program' };
  const mode = headers['sec-fetch-mode'];
  return req.method === 'GET' && typeof mode === 'string' && MARKUP_MODES.has(mode) ? { kind: 'program' } : { kind: 'unmarked-page' };
}
