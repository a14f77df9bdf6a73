// Calls to the daemon's JSON API for the staff pages: JSON in and out, errors as values with the daemon's words.
// Each call names its page (/diagnostics, /reports): the daemon uses that page's session and no other.
import type { z } from 'zod';
import { APP_HEADER, StaffApp } from '../../shared/page-app';

const page = StaffApp.safeParse(location.pathname.split('/')[1]);
/** The marker of the page this script runs in ("unknown" gets no staff session). */
export const PAGE_HEADERS: Record<string, string> = { [APP_HEADER]: page.success ? page.data : 'unknown' };

export type Call<T> = { ok: true; status: number; body: T } | { ok: false; status: number; reason: string; body?: unknown };

const messageOf = (body: unknown, fallback: string): string => {
  if (body && typeof body === 'object') {
    const o = body as { message?: unknown; error?: unknown };
    if (typeof o.message === 'string') return o.message;
    if (typeof o.error === 'string') return o.error;
  }
  return fallback;
};

export async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  opts: { body?: unknown; schema?: z.ZodType<T>; signal?: AbortSignal } = {},
): Promise<Call<T>> {
  let res: Response;
  try {
    res = await fetch(`/api/${path}`, {
      method,
      headers: { accept: 'application/json', ...PAGE_HEADERS, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      credentials: 'same-origin',
    });
  } catch (err) {
    return { ok: false, status: 0, reason: `the daemon did not answer: ${(err as Error).message}` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) return { ok: false, status: res.status, reason: messageOf(body, res.statusText), body };
  if (opts.schema) {
    const parsed = opts.schema.safeParse(body);
    if (!parsed.success) return { ok: false, status: res.status, reason: `unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? 'bad shape'}` };
    return { ok: true, status: res.status, body: parsed.data };
  }
  return { ok: true, status: res.status, body: body as T };
}
