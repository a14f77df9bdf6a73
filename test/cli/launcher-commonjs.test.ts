// The kiosk command runs no ES module (issue 14): an ES module as the main script made Node load and run its ES
// module machinery (some 40 more of its own modules: resolution, translators, module jobs) before anything ran,
// though the compiled daemon and tools are CommonJS. bin/kiosk.js and the scripts it takes are CommonJS; only the
// fallback to the sources imports ES modules.
// Node's own list of the modules it loaded is read when each process exits, through a preload given in NODE_OPTIONS.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIOSK_BIN, ROOT, runKiosk } from '../support/daemon';
import { tempDir } from '../support/tmp';

// Loaded to run an ES module (node:module's own API, which the build requires, loads only the loader itself).
const ESM_RUN = 'NativeModule internal/modules/esm/module_job';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Environment that makes a Node process write the modules it loaded to `list` as it exits. */
function recording(): { env: NodeJS.ProcessEnv; loaded: () => string[] } {
  const t = tempDir('kiosk-launcher-');
  cleanups.push(t.cleanup);
  const preload = join(t.dir, 'record.cjs');
  const list = join(t.dir, 'loaded.txt');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
  const { NODE_OPTIONS: _, ...env } = process.env;
  return {
    env: { ...env, NODE_OPTIONS: `--require ${preload}`, KIOSK_CODE_CACHE_DIR: join(t.dir, 'cache') },
    loaded: () => readFileSync(list, 'utf8').split('\n'),
  };
}

describe('kiosk command', () => {
  it('checks a config without running an ES module', () => {
    const r = recording();
    execFileSync(process.execPath, [KIOSK_BIN, 'config', 'check', 'fixtures/config/paris.json'], { cwd: ROOT, env: r.env, stdio: 'ignore' });
    expect(r.loaded()).toContain('NativeModule internal/modules/cjs/loader');
    expect(r.loaded()).not.toContain(ESM_RUN);
  });

  it('starts the daemon, serves health and stops without running an ES module', async () => {
    const r = recording();
    const data = tempDir('kiosk-launcher-data-');
    cleanups.push(data.cleanup);
    const k = runKiosk(['start', '--config', 'fixtures/config/paris.json', '--data', data.dir, '--port', '0'], r.env);
    // A failed expectation must not leave the daemon running.
    cleanups.push(() => k.child.kill('SIGKILL'));
    const url = await k.ready;
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    k.child.kill('SIGTERM');
    expect(await k.exited).toBe(0);
    expect(r.loaded()).not.toContain(ESM_RUN);
  });
});
