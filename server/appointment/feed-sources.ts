// Where day feeds come from (issue 18 item 6): a folder the booking system's export drops `*.rdvfeed` files into
// (a share, a USB stick's copy), and/or an HTTPS address polled with If-None-Match. Both are read at start and then
// every pollSeconds; a file or an answer already seen is not verified again. A source that fails says so once
// per distinct problem in the log, never stops the daemon, and the feeds already applied stay in force.
import { readdir, readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { FEED_MAX_LENGTH } from '../../domain/appointment/day-feed';
import type { FeedSourceConfig } from './config-schema';
import type { DayFeeds } from './day-feed';

export interface FeedSources {
  /** One round over every source now (tests, and the supervisor's "check now"). */
  poll(): Promise<void>;
  stop(): Promise<void>;
  describe(): string[];
}

const FETCH_TIMEOUT_MS = 20_000;

export function describeSources(c: FeedSourceConfig | undefined): string[] {
  return [...(c?.folder ? [`folder ${c.folder}`] : []), ...(c?.url ? [c.url] : [])];
}

export function startFeedSources(c: FeedSourceConfig | undefined, feeds: DayFeeds, log: Logger): FeedSources {
  const folderPoll = c?.folder ? folderSource(c.folder, feeds, log) : null;
  const urlPoll = c?.url ? urlSource(c.url, c.caFile, feeds, log) : null;
  let round: Promise<void> | null = null;
  let stopped = false;
  const poll = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    // Rounds never overlap: a slow address must not have two fetches of the same feed in flight.
    round ??= Promise.all([folderPoll?.(), urlPoll?.()])
      .then(() => undefined)
      .finally(() => (round = null));
    return round;
  };
  const seconds = c?.pollSeconds ?? (c?.url ? 300 : 15);
  const timer = folderPoll || urlPoll ? setInterval(() => void poll(), seconds * 1000).unref() : null;
  if (timer) void poll();
  return {
    poll,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await round;
    },
    describe: () => describeSources(c),
  };
}

/** Logs a source's problem once until it changes, so a share that stays unreachable does not fill the log. */
function onceEach(log: Logger, what: string): (problem: string | null) => void {
  let last: string | null = null;
  return (problem) => {
    if (problem === last) return;
    if (problem) log.warn({ source: what, problem }, `appointment day feed: ${problem}`);
    else if (last) log.info({ source: what }, 'appointment day feed: the source answers again');
    last = problem;
  };
}

function folderSource(folder: string, feeds: DayFeeds, log: Logger): () => Promise<void> {
  const report = onceEach(log, folder);
  /** name → size:mtime of the files already offered: an unchanged file is not read again. */
  const offered = new Map<string, string>();
  return async () => {
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.endsWith('.rdvfeed')).sort();
    } catch (e) {
      return report(`cannot read the folder ${folder} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): check appointments.feed.folder`);
    }
    report(null);
    for (const name of names) {
      const file = join(folder, name);
      try {
        const s = await stat(file);
        const key = `${s.size}:${s.mtimeMs}`;
        if (offered.get(name) === key) continue;
        if (s.size > FEED_MAX_LENGTH) {
          log.warn({ file, bytes: s.size }, 'appointment day feed: file too large, not read');
          offered.set(name, key);
          continue;
        }
        const text = await readFile(file, 'utf8');
        // A file still being copied is offered again once its size or time changes; a refusal is journaled once.
        offered.set(name, key);
        logOutcome(log, file, await feeds.offer(text, `folder:${name}`));
      } catch (e) {
        log.warn({ file, err: (e as Error).message }, 'appointment day feed: cannot read a file of the folder');
      }
    }
  };
}

function urlSource(url: string, caFile: string | undefined, feeds: DayFeeds, log: Logger): () => Promise<void> {
  const report = onceEach(log, url);
  let etag: string | null = null;
  let ca: string | undefined;
  return async () => {
    try {
      ca ??= caFile ? readFileSync(caFile, 'utf8') : undefined;
    } catch (e) {
      return report(`cannot read appointments.feed.caFile ${caFile}: ${(e as Error).message}`);
    }
    const got = await fetchFeed(url, ca, etag);
    if (!got.ok) return report(got.detail);
    report(null);
    if (got.status === 304) return;
    logOutcome(log, url, await feeds.offer(got.body, url));
    etag = got.etag;
  };
}

type Fetched = { ok: true; status: 200; body: string; etag: string | null } | { ok: true; status: 304 } | { ok: false; detail: string };

function fetchFeed(url: string, ca: string | undefined, etag: string | null): Promise<Fetched> {
  return new Promise((resolve) => {
    // node:https (and TLS) on first use: only a feed served over HTTPS needs them, and every daemon start loads this module.
    const req = process
      .getBuiltinModule('node:https')
      .request(
        url,
        { method: 'GET', ...(ca ? { ca } : {}), headers: { accept: 'text/plain', ...(etag ? { 'if-none-match': etag } : {}) }, timeout: FETCH_TIMEOUT_MS },
        (res) => {
          if (res.statusCode === 304) {
            res.resume();
            return resolve({ ok: true, status: 304 });
          }
          if (res.statusCode !== 200) {
            res.resume();
            return resolve({ ok: false, detail: `${url} answered HTTP ${res.statusCode}` });
          }
          let size = 0;
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => {
            size += d.length;
            if (size > FEED_MAX_LENGTH) {
              res.destroy();
              resolve({ ok: false, detail: `${url} sent more than ${FEED_MAX_LENGTH} bytes: not a day feed` });
            } else chunks.push(d);
          });
          const etag = (res.headers.etag as string | undefined) ?? null;
          res.on('end', () => resolve({ ok: true, status: 200, body: Buffer.concat(chunks).toString('utf8'), etag }));
          res.on('error', (e) => resolve({ ok: false, detail: `${url}: ${e.message}` }));
        },
      );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${FETCH_TIMEOUT_MS / 1000} s`)));
    req.on('error', (e) => resolve({ ok: false, detail: `cannot fetch ${url}: ${e.message}` }));
    req.end();
  });
}

function logOutcome(log: Logger, where: string, r: Awaited<ReturnType<DayFeeds['offer']>>): void {
  if (!r.ok) log.warn({ source: where, reason: r.reason, detail: r.detail }, `appointment day feed refused: ${r.detail}`);
  else if (r.outcome === 'applied') log.info({ source: where, day: r.day, sequence: r.sequence, tokens: r.tokens }, 'appointment day feed applied');
  else if (r.outcome === 'older') log.warn({ source: where, sequence: r.sequence }, 'appointment day feed older than the one applied: ignored');
}
