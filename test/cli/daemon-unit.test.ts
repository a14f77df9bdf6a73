// deploy/kiosk-daemon.service against what the daemon needs to write (issue 14, start-up): systemd's sandbox as
// man systemd.exec describes it. ProtectSystem=strict makes the whole file system read-only except the paths the unit
// names (ReadWritePaths=, and StateDirectory=/CacheDirectory= below /var/lib and /var/cache); ProtectHome=yes makes
// /home, /root and /run/user inaccessible; CacheDirectory= sets $CACHE_DIRECTORY.
import { expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/daemon';

function unit(file: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line.trim());
    if (m) keys.set(m[1]!, [...(keys.get(m[1]!) ?? []), m[2]!]);
  }
  return keys;
}

it('the daemon unit gives the V8 code cache a folder it can write: /opt is read-only and the home hidden there', () => {
  const u = unit(join(ROOT, 'deploy/kiosk-daemon.service'));
  const one = (key: string) => u.get(key)?.[0];
  expect([one('ProtectSystem'), one('ProtectHome')]).toEqual(['strict', 'yes']);
  const writable = [
    ...(u.get('ReadWritePaths') ?? []).flatMap((v) => v.split(/\s+/)),
    ...(u.get('StateDirectory') ?? []).map((d) => `/var/lib/${d}`),
    ...(u.get('CacheDirectory') ?? []).map((d) => `/var/cache/${d}`),
  ];
  // The environment systemd gives ExecStart: Environment= lines, the user's home, $CACHE_DIRECTORY.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: `/home/${one('User')}` };
  for (const e of u.get('Environment') ?? []) env[e.slice(0, e.indexOf('='))] = e.slice(e.indexOf('=') + 1);
  const caches = u.get('CacheDirectory');
  if (caches) env.CACHE_DIRECTORY = caches.map((d) => `/var/cache/${d}`).join(':');
  const distDir = `${one('WorkingDirectory')}/dist/server/`;
  const loader = pathToFileURL(join(ROOT, 'scripts/code-cache.cjs')).href;
  const script = `import { cacheDirs } from ${JSON.stringify(loader)}; console.log(JSON.stringify(cacheDirs(${JSON.stringify(distDir)})));`;
  const dirs = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString()) as string[];
  const usable = dirs.filter((d) => writable.some((w) => d === w || d.startsWith(`${w}/`)) && !/^\/(home|root|run\/user)(\/|$)/.test(d));
  expect(usable).toEqual(['/var/cache/consulate-kiosk/code-cache']);
});
