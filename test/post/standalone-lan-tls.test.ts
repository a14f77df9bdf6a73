// Issue 15, item 1: counters and the board reach a daemon over the LAN over HTTPS only. A standalone daemon
// with server.lan on is its own post's hub: without the post's certificate it refuses to start and says
// what to do; with it (`kiosk hub init`) it serves HTTPS; plain HTTP only with post.insecureLan.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { initPostIdentity } from '../../server/post/trust/identity';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon | null = null;
let cleanup = () => {};
afterEach(async () => {
  await daemon?.close();
  daemon = null;
  cleanup();
});
const lan = { host: '127.0.0.1', port: 0, lan: true, allowedHosts: [] };

describe('a standalone daemon with server.lan on', () => {
  it('refuses to start without the post certificate, naming kiosk hub init and post.insecureLan', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    await expect(startTestDaemon(t.dir, { server: lan })).rejects.toThrow(/server\.lan is on.*needs HTTPS.*kiosk hub init.*post\.insecureLan/s);
  });

  it('serves HTTPS with the post certificate, trusted through the post CA', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const init = await initPostIdentity({ dataDir: t.dir, hosts: [] });
    expect(init.ok).toBe(true);
    daemon = await startTestDaemon(t.dir, { server: lan });
    expect(daemon.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(join(t.dir, 'post', 'ca.pem'), 'utf8');
    const status = await new Promise<number>((resolve, reject) =>
      request(`${daemon!.url}/api/health`, { ca, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(200);
  });

  it('serves plain HTTP only with post.insecureLan', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    daemon = await startTestDaemon(t.dir, { server: lan, post: { ...sampleConfig().post, insecureLan: true } });
    expect(daemon.url).toMatch(/^http:\/\//);
    expect((await fetch(`${daemon.url}/api/health`)).status).toBe(200);
  });
});
