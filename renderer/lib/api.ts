// The pages' only way to the daemon's JSON API, typed and checked by the schemas in shared/api.ts.
import { Routes, type RouteName, type RouteResponse } from '../../shared/api';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function get<N extends RouteName>(name: N, init: RequestInit = {}): Promise<RouteResponse<N>> {
  const route = Routes[name];
  const res = await fetch(route.path, { ...init, method: route.method, headers: { accept: 'application/json', ...init.headers } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : res.statusText;
    throw new ApiFailure(res.status, msg);
  }
  return route.response.parse(body) as RouteResponse<N>;
}
