// Every route is declared once in shared/routes/ (issue 13, item 6): the daemon answers every declared
// route, refuses to start with an undeclared one, and /api/openapi.json documents each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { Routes } from '../../shared/routes/index';
import { buildApp } from '../../server/http/app';
import { hostPolicy } from '../../server/http/host-check';
import { openApiPath } from '../../server/http/openapi';
import type { RunningDaemon } from '../../server/daemon';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';

let daemon: RunningDaemon;
let cleanup: () => void;
beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
}, 60_000);
afterAll(async () => {
  await daemon?.close();
  cleanup?.();
});

const declared = Object.entries(Routes);

describe('routes declared in shared/routes/', () => {
  it('the daemon answers every declared route (none falls through to "nothing at …")', async () => {
    const missing: string[] = [];
    for (const [name, d] of declared) {
      if ('websocket' in d) continue; // an upgrade, not a request: the push tests cover /api/ws
      const path = d.path.replace(/:[A-Za-z_]\w*/g, 'x1');
      const res = await fetch(daemon.url + path, {
        method: d.method,
        ...(d.method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
      });
      const text = await res.text();
      if (res.status === 404 && text.includes('nothing at')) missing.push(`${name}: ${d.method} ${d.path}`);
    }
    expect(missing).toEqual([]);
  });

  it('an undeclared /api route stops the app from being built, naming it', async () => {
    const probe: FastifyPluginAsync = async (app) => {
      app.get('/probe/undeclared', async () => ({ ok: true }));
    };
    const policy = hostPolicy(0, { lan: false, allowedHosts: [], bindHost: '127.0.0.1' });
    await expect(buildApp(daemon.ctx, policy, undefined, [probe])).rejects.toThrow(/routes without a declaration.*GET \/api\/probe\/undeclared/);
  });

  it('/api/openapi.json lists every declared route, with its method, and nothing else', async () => {
    const doc = (await (await fetch(`${daemon.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    for (const [name, d] of declared) expect(doc.paths[openApiPath(d.path)]?.[d.method.toLowerCase()]?.operationId, `${d.method} ${d.path}`).toBe(name);
    const operations = Object.values(doc.paths).flatMap((p) => Object.keys(p));
    expect(operations).toHaveLength(declared.length);
  });
});
