// Fetch helpers of the queue pages, checked against the schemas of shared/queue-api.ts. Failures are
// values with the daemon's own sentence (what happened, what to do), ready to show.
import type { z } from 'zod';
import { APP_HEADER } from '../../shared/page-app';
import type { Fail } from '../../shared/result';

/** Every call of the console names it: the daemon then uses the counter's session and no other. */
export const COUNTER_HEADERS = { [APP_HEADER]: 'counter' } as const;

/** `reason`: the daemon's word for the refusal, else 'unreachable', 'http' or 'unexpected-answer'; `detail`: the sentence to show. */
export type Answer<T> = { ok: true; data: T } | Fail<string, { status: number; detail: string }>;

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
    return { ok: false, status: 0, reason: 'unreachable', detail: 'The kiosk daemon cannot be reached. Check the network; the page retries by itself.' };
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const o = (json ?? {}) as { error?: unknown; reason?: unknown };
    return {
      ok: false,
      status: res.status,
      reason: typeof o.reason === 'string' ? o.reason : 'http',
      detail: typeof o.error === 'string' ? o.error : res.statusText,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      status: res.status,
      reason: 'unexpected-answer',
      detail: 'The daemon answered in an unexpected form; reload the page after an update.',
    };
  return { ok: true, data: parsed.data };
}
