// `kiosk` runs the compiled daemon and CLI (dist/server/, `npm run build:server`) when they are as new as
// their sources, else the sources through tsx with a notice (issue 14, start-up). Each test works in a copy
// of the checkout so touching a source or removing the build never disturbs a test running beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';
import { tempDir } from '../support/tmp';

const COPIED = ['bin', 'scripts', 'server', 'store', 'domain', 'state', 'drivers', 'shared', 'fixtures', 'package.json'];
let tmp: { dir: string; cleanup: () => void };
let repo: string;
let hook: string;

/**
 * A module-resolution hook, loaded with --import before bin/kiosk.js, that records every bare package the
 * process imports: the way to see that tsx (or fastify) was never loaded, whoever would have loaded it.
 */
const HOOK = `
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
const hooks = 'data:text/javascript,' + encodeURIComponent(\`
  import { appendFileSync } from 'node:fs';
  export async function resolve(specifier, context, next) {
    if (/^[@a-z]/.test(specifier) && !specifier.startsWith('node:')) appendFileSync(process.env.KIOSK_TEST_IMPORTS, specifier + '\\\\n');
    return next(specifier, context);
  }\`);
register(hooks);
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Bare package specifiers the process resolved (its own and its dependencies'). */
  imports: string[];
}

function kiosk(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const log = join(tmp.dir, `imports-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const child = spawn(process.execPath, ['--import', hook, join(repo, 'bin/kiosk.js'), ...args], {
    cwd: repo,
    env: { ...process.env, KIOSK_FROM_SOURCE: '', ...env, KIOSK_TEST_IMPORTS: log },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) =>
    child.on('close', (code) => done({ code, stdout, stderr, imports: [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] })),
  );
}

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const usesTsx = (r: Run) => r.imports.some((s) => s === 'tsx' || s.startsWith('tsx/'));

beforeAll(() => {
  tmp = tempDir('kiosk-compiled-');
  repo = join(tmp.dir, 'repo');
  for (const p of COPIED) cpSync(join(ROOT, p), join(repo, p), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  hook = join(tmp.dir, 'hook.mjs');
  writeFileSync(hook, HOOK);
  execFileSync('npm', ['run', '-s', 'build:server'], { cwd: repo, stdio: 'pipe' });
}, 120_000);
afterAll(() => tmp.cleanup());

describe('kiosk from the compiled build', () => {
  it('npm run build:server writes dist/server/cli.js, and kiosk --version runs it without loading tsx', async () => {
    const r = await kiosk(['--version']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(r.imports).toContain('commander');
    expect(usesTsx(r)).toBe(false);
  });

  it('kiosk config check loads neither the HTTP server, the database nor the devices', async () => {
    const r = await kiosk(['config', 'check', 'fixtures/config/paris.json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Config .*paris\.json is valid: FR-PAR/);
    for (const heavy of ['tsx/esm/api', 'fastify', 'better-sqlite3', 'serialport', 'node-hid', '@napi-rs/canvas', 'pino'])
      expect(r.imports).not.toContain(heavy);
  });

  it('a tool command loads its own module and still works (token keygen)', async () => {
    const out = join(tmp.dir, 'keys');
    const r = await kiosk(['token', 'keygen', '--out', out]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(usesTsx(r)).toBe(false);
    expect(r.imports).not.toContain('fastify');
  });

  it('kiosk --help still lists every command', async () => {
    const r = await kiosk(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'start',
      'config',
      'db',
      'token',
      'print',
      'sim',
      'staff',
      'pay',
      'payments',
      'diag',
      'support-bundle',
      'journal',
      'backup',
      'restore',
      'report',
    ])
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(usesTsx(r)).toBe(false);
  });

  it('KIOSK_FROM_SOURCE=1 runs the TypeScript sources through tsx (the old way, for the benchmark baseline)', async () => {
    const r = await kiosk(['--version'], { KIOSK_FROM_SOURCE: '1' });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(usesTsx(r)).toBe(true);
  });
});

describe('kiosk with a stale or missing build', () => {
  it('a source newer than the build: runs the sources through tsx and says, on one line, to rebuild', async () => {
    // Edited just after the build (not in the future: the rebuild below must count as newer).
    const { builtAt } = JSON.parse(readFileSync(join(repo, 'dist/server/stamp.json'), 'utf8')) as { builtAt: number };
    const edited = new Date(builtAt + 1);
    utimesSync(join(repo, 'server/config/load.ts'), edited, edited);
    const r = await kiosk(['config', 'check', 'fixtures/config/paris.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid: FR-PAR/);
    expect(r.stderr).toMatch(/^kiosk: [^\n]*run npm run build:server[^\n]*\n$/);
    expect(usesTsx(r)).toBe(true);
    // Rebuilt: the compiled output again, no notice.
    execFileSync('npm', ['run', '-s', 'build:server'], { cwd: repo, stdio: 'pipe' });
    const again = await kiosk(['--version']);
    expect({ stderr: again.stderr, tsx: usesTsx(again) }).toEqual({ stderr: '', tsx: false });
  }, 60_000);

  it('no build at all: the same fallback and notice', async () => {
    rmSync(join(repo, 'dist/server'), { recursive: true, force: true });
    const r = await kiosk(['--version']);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: `${VERSION}\n` });
    expect(r.stderr).toMatch(/^kiosk: [^\n]*run npm run build:server[^\n]*\n$/);
    expect(usesTsx(r)).toBe(true);
  });
});
