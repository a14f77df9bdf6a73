// A post on this machine: the hub as its own process (`kiosk start`, HTTPS with the post's certificate,
// its own data dir), so a test can SIGKILL it; kiosk daemons of role kiosk in this process, each with its
// own data dir, joined to the hub with one-time codes, simulated devices answering at once.
import { request } from 'node:https';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { runKiosk, sampleConfig, writeConfig, type KioskProcess } from '../support/daemon';
import { startVisitDaemon } from '../../bench/visit-driver';
import { initPostIdentity } from '../../server/post/trust/identity';
import { enrolKiosk } from '../../server/post/trust/enrol';
import { joinHub } from '../../server/post/trust/join';
import { openJournal } from '../../store/db';
import type { RunningDaemon } from '../../server/daemon';
import { freePort } from '../support/ports';
import type { KioskConfig } from '../../server/config/schema';

export { freePort };

export interface Hub {
  dir: string;
  url: string;
  port: number;
  caPem: string;
  process: KioskProcess;
  /** Starts the hub process again on the same data dir and port (after a kill). */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  /** A JSON request to the hub over HTTPS trusting the post CA only. */
  fetch(
    method: 'GET' | 'POST',
    path: string,
    o?: { body?: unknown; cookie?: string; app?: string },
  ): Promise<{ status: number; body: unknown; cookie?: string }>;
  /** The hub's journal, read-only, for checks. */
  read<T>(fn: (db: Database.Database) => T): T;
}

export async function startHub(dir: string, overrides: Record<string, unknown> = {}): Promise<Hub> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await freePort();
  const base = sampleConfig();
  const cfg = {
    ...base,
    role: 'hub',
    dataDir: dir,
    server: { ...base.server, host: '127.0.0.1', port },
    log: { level: 'warn', maxSize: '10m', keep: 2 },
    ...overrides,
  };
  const file = writeConfig(dir, cfg, 'hub.json');
  const init = await initPostIdentity({ dataDir: dir, hosts: [] });
  if (!init.ok) throw new Error(init.detail);
  const caPem = readFileSync(join(dir, 'post', 'ca.pem'), 'utf8');
  const start = async () => {
    const p = runKiosk(['start', '-c', file]);
    await p.ready;
    return p;
  };
  const hub: Hub = {
    dir,
    url: `https://127.0.0.1:${port}`,
    port,
    caPem,
    process: await start(),
    async restart() {
      hub.process = await start();
    },
    async kill(signal = 'SIGKILL') {
      hub.process.child.kill(signal);
      await hub.process.exited;
    },
    async stop() {
      if (hub.process.child.exitCode === null && hub.process.child.signalCode === null) {
        hub.process.child.kill('SIGTERM');
        await hub.process.exited;
      }
    },
    fetch(method, path, o = {}) {
      return new Promise((resolve, reject) => {
        const data = o.body === undefined ? undefined : JSON.stringify(o.body);
        const headers: Record<string, string> = { accept: 'application/json' };
        if (data) headers['content-type'] = 'application/json';
        if (o.cookie) headers['cookie'] = o.cookie;
        if (o.app) headers['x-kiosk-app'] = o.app;
        const req = request(new URL(path, hub.url), { method, headers, ca: caPem, agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => {
            const setCookie = res.headers['set-cookie']?.[0]?.split(';')[0];
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, ...(setCookie ? { cookie: setCookie } : {}) });
          });
        });
        req.on('error', reject);
        if (data) req.write(data);
        req.end();
      });
    },
    read(fn) {
      const db = new Database(join(dir, 'journal.sqlite'), { readonly: true });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
  };
  return hub;
}

/** Enrols `kioskId` at the hub (on the hub's journal, as `kiosk hub enrol` does) and joins from `dir`. */
export async function joinKiosk(hub: Hub, kioskId: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = openJournal(join(hub.dir, 'journal.sqlite'));
  let code: string;
  try {
    const e = enrolKiosk(db, hub.dir, { kioskId, validMinutes: 10 });
    if (!e.ok) throw new Error(e.detail);
    code = e.code;
  } finally {
    db.close();
  }
  const j = await joinHub({ hubUrl: hub.url, code, dataDir: dir });
  if (!j.ok) throw new Error(j.detail);
}

/** A kiosk daemon of role kiosk in this process, joined to `hub`, with simulated devices that answer at once. */
export async function startPostKiosk(
  hub: Hub,
  kioskId: string,
  dir: string,
  post: Partial<KioskConfig['post']> = {},
  overrides: Partial<KioskConfig> = {},
): Promise<RunningDaemon> {
  await joinKiosk(hub, kioskId, dir);
  const base = sampleConfig();
  return startVisitDaemon(dir, { role: 'kiosk', kioskId, post: { ...base.post, ...post }, ...overrides });
}

/** Waits for a condition (checked every 100 ms): tests wait on what they need, never on a fixed delay. */
export async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a kiosk still owes its hub, read from its journal: offline tickets to upload, claims to settle, events to ship. */
export function kioskBacklog(k: RunningDaemon): { tickets: number; claims: number; lastEventId: number } {
  const db = k.ctx.db;
  const tickets = (db.prepare('SELECT count(*) AS n FROM kiosk_offline_tickets WHERE uploaded_at IS NULL').get() as { n: number }).n;
  const claims = (db.prepare("SELECT count(*) AS n FROM post_token_claims WHERE state IN ('claiming', 'provisional', 'releasing')").get() as { n: number }).n;
  const lastEventId = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM events').get() as { id: number }).id;
  return { tickets, claims, lastEventId };
}

/** Waits until every kiosk has uploaded its offline tickets and claims and the hub holds every event of its journal. */
export async function drained(hub: Hub, kiosks: Array<{ id: string; daemon: RunningDaemon }>, ms = 120_000): Promise<void> {
  await until(
    'every kiosk backlog drained to the hub',
    () => {
      const owed = kiosks.map((k) => ({ id: k.id, ...kioskBacklog(k.daemon) }));
      if (owed.some((o) => o.tickets > 0 || o.claims > 0)) return false;
      return hub.read((db) =>
        owed.every((o) => {
          const row = db.prepare('SELECT last_id FROM post_kiosk_heads WHERE kiosk_id = ?').get(o.id) as { last_id: number } | undefined;
          return (row?.last_id ?? 0) >= o.lastEventId;
        }),
      );
    },
    ms,
  );
}
