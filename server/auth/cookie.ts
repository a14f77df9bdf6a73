// One session cookie per staff page (counter, diagnostics, reports): signing in on one page opens nothing
// on the others, and signing out of one leaves the others. Path=/api: pages themselves never need it.
import { STAFF_APP_NAMES, type StaffApp } from '../../shared/page-app';

export const COOKIE_PATH = '/api';

export function cookieName(app: StaffApp): string {
  return `staff_${app}`;
}

/** The value of one cookie from a Cookie header (no @fastify/cookie needed for three names). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      try {
        return decodeURIComponent(v);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** HttpOnly: pages' scripts never see it. SameSite=Strict: no other site's page can send it. */
export function sessionCookie(app: StaffApp, token: string, maxAgeSeconds: number): string {
  return `${cookieName(app)}=${token}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function clearedCookie(app: StaffApp): string {
  return `${cookieName(app)}=; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`;
}

export const STAFF_APPS: readonly StaffApp[] = STAFF_APP_NAMES;
