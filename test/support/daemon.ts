import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon, type RunningDaemon } from '../../server/daemon';
import { loadConfig } from '../../server/config/load';
import type { KioskConfig } from '../../server/config/schema';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const KIOSK_BIN = join(ROOT, 'bin/kiosk.js');

export function sampleConfig(overrides: Partial<KioskConfig> = {}): KioskConfig {
  const r = loadConfig();
  if (!r.ok) throw new Error('the Paris sample config is invalid');
  return { ...r.config, ...overrides };
}

/** The real daemon, in this process, on a free port, with its journal in `dataDir`. */
export function startTestDaemon(dataDir: string, overrides: Partial<KioskConfig> = {}): Promise<RunningDaemon> {
  const base = sampleConfig({ log: { level: 'warn', maxSize: '10m', keep: 2 }, ...overrides });
  return startDaemon({ config: { ...base, dataDir, server: { ...base.server, port: 0 } }, quietFileLog: true });
}

export function writeConfig(dir: string, cfg: unknown, name = 'kiosk.json'): string {
  const file = join(dir, name);
  writeFileSync(file, typeof cfg === 'string' ? cfg : JSON.stringify(cfg, null, 2));
  return file;
}

export interface KioskProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the URL once the daemon says it is ready. */
  ready: Promise<string>;
}

/** `kiosk <args>` as a child process, the way an operator or systemd runs it. */
export function runKiosk(args: string[], env: NodeJS.ProcessEnv = {}, o: { ready?: RegExp } = {}): KioskProcess {
  const readyLine = o.ready ?? /Kiosk ready: (https?:\/\/\S+)/;
  const child = spawn(process.execPath, [KIOSK_BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const ready = new Promise<string>((res, rej) => {
    child.stdout.on('data', () => {
      const m = readyLine.exec(out);
      if (m) res(m[1]!);
    });
    void exited.then((code) => rej(new Error(`kiosk exited with ${code} before it was ready:\n${err}`)));
  });
  ready.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, exited, ready };
}
