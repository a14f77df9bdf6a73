// Helpers for the diagnostics tests: a technician session against a running test daemon.
import type { RunningDaemon } from '../../server/daemon';
import { startPayments, type Payments } from '../../server/payments/index';

export const TECH_PIN = '4444';

export interface Client {
  get(path: string): Promise<{ status: number; body: unknown; headers: Headers; raw: Buffer }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export async function signIn(d: RunningDaemon, pin = TECH_PIN): Promise<Client> {
  const res = await fetch(`${d.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return client(d, cookie);
}

export function client(d: RunningDaemon, cookie = ''): Client {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  return {
    async get(path) {
      const res = await fetch(`${d.url}/api/${path}`, { headers });
      const raw = Buffer.from(await res.arrayBuffer());
      let body: unknown = raw.toString('utf8');
      if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(raw.toString('utf8'));
      return { status: res.status, body, headers: res.headers, raw };
    },
    async post(path, body = {}) {
      const res = await fetch(`${d.url}/api/${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}

/**
 * Wires the payment service the way the daemon will (ctx.payments), on the stable terminal object, so a
 * device switch underneath does not strand it.
 */
export async function attachPayments(d: RunningDaemon): Promise<Payments> {
  const payments = startPayments({ db: d.ctx.db, terminal: d.ctx.hardware.terminal, kioskId: d.ctx.config.kioskId });
  (d.ctx as typeof d.ctx & { payments?: Payments }).payments = payments;
  await payments.ready;
  return payments;
}

export async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
