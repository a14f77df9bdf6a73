// The pages' one way to the daemon's JSON API, typed from the route declarations in shared/routes/: the
// page names a route, gives its params/query/body (checked by the compiler), and gets the answer parsed
// with the declared schema. Failures are values carrying the daemon's own sentence, ready to show.
// Every call names its page (X-Kiosk-App): the daemon uses that page's session and no other.
import type { z } from 'zod';
import { APP_HEADER, PageApp } from '../../shared/page-app';
import { Routes, type RouteDecl, type RouteName, type ResponseOut } from '../../shared/routes/index';

/** The page this script runs in: '/' is the kiosk; an unknown page gets no staff session. */
function pageOf(pathname: string): string {
  const first = pathname.split('/')[1] ?? '';
  if (first === '') return 'kiosk';
  const page = PageApp.safeParse(first);
  return page.success ? page.data : 'unknown';
}
export const PAGE_HEADERS: Record<string, string> = { [APP_HEADER]: pageOf(location.pathname) };

/** A failure's `reason` is the sentence to show (the daemon's own, else ours); the daemon's whole answer is in `body`. */
export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; reason: string; body?: unknown };

type Part<K extends string, S> = S extends z.ZodType ? { [P in K]: z.input<S> } : { [P in K]?: never };
export type CallInput<D extends RouteDecl> = Part<'params', D['params']> & Part<'query', D['query']> & Part<'body', D['body']> & { signal?: AbortSignal };
type Args<D extends RouteDecl> = Record<string, never> extends CallInput<D> ? [input?: CallInput<D>] : [input: CallInput<D>];

/** Status 0: the daemon did not answer at all (stopped, restarting, network down). */
export const UNREACHABLE = 0;

const sentenceOf = (body: unknown, fallback: string): string => {
  const o = (body && typeof body === 'object' ? body : {}) as { message?: unknown; error?: unknown };
  return typeof o.message === 'string' ? o.message : typeof o.error === 'string' ? o.error : fallback;
};

/** The URL of a declared route: `:name` filled from params, query appended (absent values left out). */
export function urlOf(d: RouteDecl, params: Record<string, unknown> = {}, query: Record<string, unknown> = {}): string {
  const path = d.path.replace(/:([A-Za-z_]\w*)/g, (_m, name: string) => encodeURIComponent(String(params[name] ?? '')));
  const q = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
  return q.size ? `${path}?${q}` : path;
}

/** The address of a declared route, for a link or a download (the browser sends the cookie, no header). */
export function linkTo<N extends RouteName>(name: N, ...[input]: Args<Routes[N]>): string {
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown> };
  return urlOf(Routes[name], i.params, i.query);
}

export async function api<N extends RouteName>(name: N, ...[input]: Args<Routes[N]>): Promise<Answer<ResponseOut<Routes[N]>>> {
  const d: RouteDecl = Routes[name];
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal };
  const url = urlOf(d, i.params, i.query);
  const post = d.method === 'POST';
  let res: Response;
  try {
    res = await fetch(url, {
      method: d.method,
      headers: { accept: 'application/json', ...PAGE_HEADERS, ...(post ? { 'content-type': 'application/json' } : {}) },
      ...(post ? { body: JSON.stringify(i.body ?? {}) } : {}),
      ...(i.signal ? { signal: i.signal } : {}),
      credentials: 'same-origin',
    });
  } catch (err) {
    return { ok: false, status: UNREACHABLE, reason: `The kiosk daemon cannot be reached (${(err as Error).message}). Check the network; then try again.` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) return { ok: false, status: res.status, reason: sentenceOf(body, res.statusText), body };
  const schema = d.responses[res.status];
  if (!schema || 'binary' in schema) return { ok: false, status: res.status, reason: `unexpected answer from ${url}: status ${res.status}`, body };
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      status: res.status,
      reason: `unexpected answer from ${url}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad shape'}; reload the page after an update`,
      body,
    };
  }
  return { ok: true, status: res.status, body: parsed.data as ResponseOut<Routes[N]> };
}

/** A declared route whose answer is binary (audio, a PDF): the bytes as a Blob, or the refusal as api() words it. */
export async function apiBlob<N extends RouteName>(name: N, ...[input]: Args<Routes[N]>): Promise<Answer<Blob>> {
  const d: RouteDecl = Routes[name];
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown> };
  const url = urlOf(d, i.params, i.query);
  let res: Response;
  try {
    res = await fetch(url, { headers: PAGE_HEADERS, credentials: 'same-origin' });
  } catch (err) {
    return { ok: false, status: UNREACHABLE, reason: `The kiosk daemon cannot be reached (${(err as Error).message}).` };
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    return { ok: false, status: res.status, reason: sentenceOf(body, res.statusText), body };
  }
  return { ok: true, status: res.status, body: await res.blob() };
}
