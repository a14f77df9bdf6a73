// Fetch helpers of the queue pages, checked against the schemas of shared/queue-api.ts. Failures are
// values with the daemon's own sentence (what happened, what to do), ready to show.
import type { z } from 'zod';
import { APP_HEADER } from '../../shared/page-app';

/** Every call of the console names it: the daemon then uses the counter's session and no other. */
export const COUNTER_HEADERS = { [APP_HEADER]: 'counter' } as const;

export type Answer<T> = { ok: true; data: T } | { ok: false; status: number; error: string; reason?: string };

export async function request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<Answer<z.infer<S>>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...COUNTER_HEADERS, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, error: 'The kiosk daemon cannot be reached. Check the network; the page retries by itself.' };
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const o = (json ?? {}) as { error?: unknown; reason?: unknown };
    return {
      ok: false,
      status: res.status,
      error: typeof o.error === 'string' ? o.error : res.statusText,
      ...(typeof o.reason === 'string' ? { reason: o.reason } : {}),
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, status: res.status, error: 'The daemon answered in an unexpected form; reload the page after an update.' };
  return { ok: true, data: parsed.data };
}
