// Central service benchmark (issue 16): `npm run bench -- central` (`--quick`: 2 posts × 2 days), or alone with a size:
// `node --import tsx bench/central.bench.ts --posts 60 --days 365` (the year, ≈ 3.2 M visits; or CENTRAL_BENCH_POSTS /
// CENTRAL_BENCH_DAYS, which `npm run bench` passes through). Default 4 posts × 7 days. In one throwaway database:
//  1. ingest events/s, side by side on the same generated journal: the real ingestBatch (chain checks + one set-based
//     INSERT per batch of 1000), a row-by-row INSERT (one round trip per event, batches of 1000 per transaction) and COPY,
//     the last two on a sample of the same journal; and the projections that follow each batch, as the ingest route runs them;
//  2. storage bytes per visit: events partitions and the projection tables (pg_total_relation_size) ÷ visits;
//  3. the dashboard's queries p50/p95 at that size (networkDay, postDrillDown, trends), with EXPLAIN (ANALYZE, BUFFERS)
//     of the network query. Goal: the network page under 300 ms p95; baseline: the same page with the projections'
//     day indexes (proj_tickets_day, proj_payments_day, proj_day_closes_day) dropped. The trends (visitors and fees)
//     read the per-day totals (day_totals); baseline: the former queries counting the projected rows of every bucket.
import { constants } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { openCentralDb, type CentralDb } from '../central/db/db';
import { migrateCentral } from '../central/db/migrations';
import { ensureEventPartitions, monthsOf } from '../central/db/events';
import { projectPending } from '../central/db/projections';
import { NETWORK_TICKETS_SQL, networkDay, postDrillDown, trends } from '../central/db/dashboard';
import { trendFees } from '../central/db/trends-fees';
import { ingestBatch } from '../central/ingest/ingest';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { daysUntil, newChain, postDay, postIdOf, type ChainedEvent, type PostChain } from './central-journal';
import { goal, table } from './support';

const BATCH = 1000;
const LAST_DAY = '2026-11-30';
const DAY_INDEXES = ['proj_tickets_day', 'proj_payments_day', 'proj_day_closes_day'];
const PROJ_TABLES = [
  'proj_tickets',
  'proj_calls',
  'proj_visits',
  'proj_payments',
  'proj_payment_quotes',
  'proj_day_closes',
  'proj_day_corrections',
  'proj_devices',
  'day_totals',
];

/** The former trends(): each bucket's projected tickets counted (baseline of the per-day totals). */
const FORMER_TRENDS_SQL = `
  WITH b AS (SELECT generate_series(date_trunc($1, $2::date) - ($3::int - 1) * ('1 ' || $1)::interval, date_trunc($1, $2::date),
                                    ('1 ' || $1)::interval)::date AS bucket)
  SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, t.visitors, t.served, t."noShows"
  FROM b CROSS JOIN LATERAL (
    SELECT count(*) AS visitors, coalesce(sum(t.served), 0) AS served, coalesce(sum(t.no_shows), 0) AS "noShows" FROM proj_tickets t
    WHERE t.business_day >= b.bucket AND t.business_day < (b.bucket + ('1 ' || $1)::interval)::date AND ($4::text IS NULL OR t.post_id = $4)
  ) t
  ORDER BY b.bucket`;

/** The former trendFees(): each bucket's taken payments and their quotes summed (baseline of the per-day totals). */
const FORMER_TREND_FEES_SQL = `
  WITH b AS (SELECT generate_series(date_trunc($1, $2::date) - ($3::int - 1) * ('1 ' || $1)::interval, date_trunc($1, $2::date),
                                    ('1 ' || $1)::interval)::date AS bucket)
  SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, p.currency, coalesce(sum(p.amount_minor), 0)::text AS "totalMinor",
         (coalesce(sum(sum(q.fee_mad)) OVER (PARTITION BY b.bucket), 0))::text AS "feesMad"
  FROM b LEFT JOIN proj_payments p ON p.business_day >= b.bucket AND p.business_day < (b.bucket + ('1 ' || $1)::interval)::date
    AND p.state IN ('approved', 'settled_approved') AND NOT p.is_test AND ($4::text IS NULL OR p.post_id = $4)
  LEFT JOIN proj_payment_quotes q ON q.post_id = p.post_id AND q.origin = p.origin AND q.payment_id = p.payment_id
  GROUP BY b.bucket, p.currency ORDER BY b.bucket, p.currency`;

function size(): { posts: number; days: number; quick: boolean } {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const quick = process.argv.includes('--quick') || process.env.KIOSK_BENCH_VISITS !== undefined;
  const whole = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`${name} must be a whole number of at least 1, got "${raw}": CENTRAL_BENCH_POSTS=60 CENTRAL_BENCH_DAYS=365 npm run bench -- central`);
      process.exit(2);
    }
    return n;
  };
  return {
    posts: whole('posts', arg('posts') ?? process.env.CENTRAL_BENCH_POSTS, quick ? 2 : 4),
    days: whole('days', arg('days') ?? process.env.CENTRAL_BENCH_DAYS, quick ? 2 : 7),
    quick,
  };
}

function stats(xs: number[]): { p50: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up: plans and caches
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return stats(xs);
}

/** Two ways of one query timed in alternation (a, b, a, b …), so that the machine's load falls on both alike. */
async function timedPair(
  n: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[{ p50: number; p95: number }, { p50: number; p95: number }]> {
  await a();
  await b();
  const xs: number[][] = [[], []];
  for (let i = 0; i < n; i++)
    for (const [k, fn] of [a, b].entries()) {
      const t = performance.now();
      await fn();
      xs[k]!.push(performance.now() - t);
    }
  return [stats(xs[0]!), stats(xs[1]!)];
}

const chunks = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** The baseline the set-based insert replaced: one INSERT (one round trip) per event, BATCH events per transaction. */
async function insertRowByRow(db: CentralDb, postId: string, events: readonly ChainedEvent[]): Promise<void> {
  const c = await db.connect();
  try {
    for (const batch of chunks(events, BATCH)) {
      await c.query('BEGIN');
      for (const e of batch)
        await c.query(`INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash) VALUES ($1, 'post', $2, $3, $4, $5, $6, decode($7, 'hex'))`, [
          postId,
          e.id,
          e.at,
          e.kind,
          e.subject,
          e.payload,
          e.hash,
        ]);
      await c.query('COMMIT');
    }
  } finally {
    c.release();
  }
}

// COPY's text format: backslash, tab, newline and carriage return escaped; \N is NULL.
const copyText = (v: string | null) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));

/** The same events through COPY … FROM STDIN, BATCH events per COPY. */
async function insertCopy(db: CentralDb, postId: string, events: readonly ChainedEvent[]): Promise<void> {
  const c = await db.connect();
  try {
    for (const batch of chunks(events, BATCH)) {
      const lines = batch.map(
        (e) => [postId, 'post', String(e.id), e.at, e.kind, copyText(e.subject), copyText(e.payload), `\\\\x${e.hash}`].join('\t') + '\n',
      );
      await pipeline(Readable.from(lines), c.query(copyFrom('COPY events (post_id, origin, id, at, kind, subject, payload, hash) FROM STDIN')));
    }
  } finally {
    c.release();
  }
}

/** Lines of COPY text from any number of generated events (streamed: a post's year does not sit in memory). */
async function copyLines(db: CentralDb, lines: Iterable<string>): Promise<void> {
  const c = await db.connect();
  try {
    await pipeline(Readable.from(lines), c.query(copyFrom('COPY events (post_id, origin, id, at, kind, subject, payload, hash) FROM STDIN')));
  } finally {
    c.release();
  }
}

/** A post's journal over `days`, as COPY lines; counts visits and events into `counted`. */
function* bulkLines(chain: PostChain, days: readonly string[], counted: { visits: number; events: number }): Generator<string> {
  for (const [i, day] of days.entries()) {
    const g = postDay(chain, day, { openDay: i === days.length - 1 });
    counted.visits += g.visits;
    counted.events += g.events.length;
    // One string per day: fewer, larger chunks through the stream.
    yield g.events
      .map((e) => [chain.postId, 'post', String(e.id), e.at, e.kind, copyText(e.subject), copyText(e.payload), `\\\\x${e.hash}`].join('\t') + '\n')
      .join('');
  }
}

async function bytesOf(db: CentralDb): Promise<{ events: number; projections: number; eventRows: number }> {
  const r = await db.query<{ events: string; projections: string; rows: string }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'events'::regclass) AS events,
            (SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'proj\\_%') AS projections,
            (SELECT count(*) FROM events) AS rows`,
  );
  return { events: Number(r.rows[0]!.events), projections: Number(r.rows[0]!.projections), eventRows: Number(r.rows[0]!.rows) };
}

async function explainNetwork(db: CentralDb, day: string, now: Date, title: string, sql = NETWORK_TICKETS_SQL): Promise<void> {
  const ids = (await db.query<{ post_id: string }>('SELECT post_id FROM posts ORDER BY 1')).rows.map((r) => r.post_id);
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [ids, ids.map(() => day), now]);
  console.log(`\n${title}`);
  for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
}

async function run(tdb: TestDatabase): Promise<void> {
  const { posts, days, quick } = size();
  const opened = await openCentralDb({ url: tdb.url, connectTimeoutMs: 120_000 });
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  try {
    await migrateCentral(db);
    const ids = Array.from({ length: posts }, (_, i) => postIdOf(i));
    for (const id of ids) await db.query('INSERT INTO posts (post_id, name, last_contact) VALUES ($1, $1, now())', [id]);
    const dayList = daysUntil(LAST_DAY, days);
    const now = new Date(`${LAST_DAY}T16:00:00Z`);
    console.log(`central bench: ${posts} posts × ${days} days (${dayList[0]} … ${LAST_DAY}), ~146 visits a post a day`);

    // 1a. Baselines on a sample: the first posts' journals, row by row then COPY, each into an empty events table.
    const sampleSize = quick ? 3000 : 20_000;
    const sample: ChainedEvent[] = [];
    const sampleChain = newChain('ZZ-ZZZ', 99);
    for (let d = 0; sample.length < sampleSize; d++) sample.push(...postDay(sampleChain, daysUntil(LAST_DAY, 400)[d % 400]!).events);
    await ensureEventPartitions(db, monthsOf(sample));
    const rowSample = sample.slice(0, Math.min(sample.length, quick ? 2000 : 5000));
    let t = performance.now();
    await insertRowByRow(db, 'ZZ-ZZZ', rowSample);
    const rowRate = rowSample.length / ((performance.now() - t) / 1000);
    await db.query('TRUNCATE events');
    t = performance.now();
    await insertCopy(db, 'ZZ-ZZZ', sample);
    const copyRate = sample.length / ((performance.now() - t) / 1000);
    // The projections of the same sample, the former way (a statement per operation) then set-based, chunks of 1000.
    await db.query(`INSERT INTO posts (post_id) VALUES ('ZZ-ZZZ')`);
    await db.query(`INSERT INTO streams (post_id, origin, accepted_through) VALUES ('ZZ-ZZZ', 'post', $1)`, [sample.length]);
    const projRate: Record<'row' | 'set', number> = { row: 0, set: 0 };
    for (const mode of ['row', 'set'] as const) {
      await db.query(`TRUNCATE ${PROJ_TABLES.join(', ')}, projection_cursors`);
      t = performance.now();
      const r = await projectPending(db, { mode, max: sample.length });
      projRate[mode] = r.events / ((performance.now() - t) / 1000);
    }
    await db.query(`TRUNCATE events, ${PROJ_TABLES.join(', ')}, projection_cursors`);
    await db.query(`DELETE FROM streams WHERE post_id = 'ZZ-ZZZ'`);
    await db.query(`DELETE FROM posts WHERE post_id = 'ZZ-ZZZ'`);

    // 1b. The real ingest over the whole generated network, day by day, post by post, each batch projected after it.
    const chains = ids.map((id, i) => newChain(id, i + 1));
    let visits = 0;
    let events = 0;
    let ingestMs = 0;
    let projectMs = 0;
    const cpu0 = process.cpuUsage();
    // At the year's size the HTTP-free ingest of every event would still take hours: the first `ingestDays` days go
    // through ingestBatch + projections after each batch (the rates below), the rest is loaded in bulk (step 1c).
    const ingestDays = posts * days <= 840 ? days : Math.max(1, Math.floor(840 / posts / 4));
    for (const [d, day] of dayList.slice(0, ingestDays).entries()) {
      for (const chain of chains) {
        const g = postDay(chain, day, { openDay: d === dayList.length - 1 });
        visits += g.visits;
        events += g.events.length;
        for (const batch of chunks(g.events, BATCH)) {
          const last = batch.at(-1)!;
          let s = performance.now();
          const r = await ingestBatch(db, chain.postId, { origin: 'post', head: { id: last.id, hash: last.hash }, keyedFrom: null, events: batch }, now);
          ingestMs += performance.now() - s;
          if (!r.ok || r.inserted !== batch.length) throw new Error(`the ingest refused a generated batch: ${JSON.stringify(r)}`);
          s = performance.now();
          await projectPending(db, { postId: chain.postId, max: 10_000 });
          projectMs += performance.now() - s;
        }
      }
      if (days > 30 && (d + 1) % 30 === 0) console.log(`  … day ${d + 1}/${days}: ${visits} visits, ${events} events`);
    }
    const cpu = process.cpuUsage(cpu0);
    const ingested = events;

    // 1c. The rest of the year in bulk: each post's journal generated and COPYed (one COPY per post), its stream moved
    // as the ingest would, then the set-based projections in chunks of 20 000 events.
    let bulk = { events: 0, copyMs: 0, projectMs: 0, wallMs: 0 };
    if (ingestDays < days) {
      const rest = dayList.slice(ingestDays);
      await ensureEventPartitions(db, [...new Set(rest.map((d) => `${d.slice(0, 7)}-01`))]);
      console.log(`  bulk load of the other ${rest.length} days: COPY of generated events, then set-based projections`);
      // Two posts at a time: one's events are generated and folded in this process while PostgreSQL writes the
      // other's, so both cores work (one post at a time left one idle: the year took ~100 min on 2 cores).
      let done = 0;
      const bulkStart = performance.now();
      const loadPost = async (chain: PostChain) => {
        const s0 = performance.now();
        const counted = { visits: 0, events: 0 };
        await copyLines(db, bulkLines(chain, rest, counted));
        await db.query(`UPDATE streams SET accepted_through = $3, accepted_hash = $4, reported_head = $3 WHERE post_id = $1 AND origin = $2`, [
          chain.postId,
          'post',
          chain.nextId - 1,
          chain.lastHash,
        ]);
        const s1 = performance.now();
        await projectPending(db, { postId: chain.postId, max: Number.MAX_SAFE_INTEGER, chunk: 20_000 });
        const s2 = performance.now();
        bulk = { ...bulk, events: bulk.events + counted.events, copyMs: bulk.copyMs + s1 - s0, projectMs: bulk.projectMs + s2 - s1 };
        visits += counted.visits;
        events += counted.events;
        done++;
        if (done % 5 === 0 || done === chains.length)
          console.log(
            `  … post ${done}/${posts} (${((performance.now() - bulkStart) / 60_000).toFixed(1)} min): ${visits} visits, ${events} events; ` +
              `per stream COPY ${(bulk.events / (bulk.copyMs / 1000)).toFixed(0)} ev/s, projections ${(bulk.events / (bulk.projectMs / 1000)).toFixed(0)} ev/s`,
          );
      };
      const queue = [...chains];
      await Promise.all(
        [0, 1].map(async () => {
          for (let c = queue.shift(); c; c = queue.shift()) await loadPost(c);
        }),
      );
      bulk.wallMs = performance.now() - bulkStart;
    }
    // Index-only scans need the visibility map: vacuum the projections; the events only need their statistics.
    for (const tname of PROJ_TABLES) await db.query(`VACUUM ANALYZE ${tname}`);
    await db.query('ANALYZE events');

    console.log('\ningest (events per second; row-by-row and COPY on a sample of the same journal, each into an empty table)');
    table([
      { way: 'row-by-row INSERT (baseline)', events: rowSample.length, 'events/s': rowRate },
      { way: 'COPY FROM STDIN', events: sample.length, 'events/s': copyRate },
      { way: 'projections, a statement per event (former, baseline)', events: sample.length, 'events/s': projRate.row },
      { way: 'projections, set-based (a statement per table per chunk)', events: sample.length, 'events/s': projRate.set },
      { way: `ingestBatch (chain checks + set-based INSERT), ${ingestDays} days`, events: ingested, 'events/s': ingested / (ingestMs / 1000) },
      { way: 'set-based projections after each batch', events: ingested, 'events/s': ingested / (projectMs / 1000) },
      { way: 'ingest + projections', events: ingested, 'events/s': ingested / ((ingestMs + projectMs) / 1000) },
      ...(bulk.events
        ? [
            { way: 'bulk: COPY of generated events (incl. generation)', events: bulk.events, 'events/s': bulk.events / (bulk.copyMs / 1000) },
            { way: 'bulk: set-based projections, chunks of 20 000', events: bulk.events, 'events/s': bulk.events / (bulk.projectMs / 1000) },
            { way: 'bulk: both, two posts at once (wall)', events: bulk.events, 'events/s': bulk.events / (bulk.wallMs / 1000) },
          ]
        : []),
    ]);
    console.log(`(bench process CPU during ingest: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of ${(ingestMs + projectMs).toFixed(0)} ms wall)`);

    const bytes = await bytesOf(db);
    if (bytes.eventRows !== events) throw new Error(`events table holds ${bytes.eventRows} rows, ${events} were ingested`);
    console.log(`\nstorage (${visits} visits, ${events} events, ${(events / visits).toFixed(1)} events a visit)`);
    table([
      { what: 'events partitions (with indexes)', MB: bytes.events / 1e6, 'bytes/visit': bytes.events / visits },
      { what: 'projections (proj_*, with indexes)', MB: bytes.projections / 1e6, 'bytes/visit': bytes.projections / visits },
      { what: 'total', MB: (bytes.events + bytes.projections) / 1e6, 'bytes/visit': (bytes.events + bytes.projections) / visits },
    ]);

    // 3. The dashboard's queries at this size (the last day is today: tickets still waiting).
    const n = quick ? 10 : events > 5_000_000 ? 20 : 40;
    const network = await timed(n, () => networkDay(db, { now, day: LAST_DAY }));
    const drill = await timed(n, () => postDrillDown(db, { postId: ids[0]!, now, day: LAST_DAY }));
    const trendDays = await timed(n, () => trends(db, { period: 'day', until: LAST_DAY, buckets: 30 }));
    const trendMonths = await timed(n, () => trends(db, { period: 'month', until: LAST_DAY, buckets: 12 }));
    // The 12-month trends from the per-day totals and, alternated with them, the former queries over the projected rows.
    const year = ['month', LAST_DAY, 12, null];
    const [trendYear, trendYearFormer] = await timedPair(
      n,
      () => trends(db, { period: 'month', until: LAST_DAY, buckets: 12 }),
      () => db.query(FORMER_TRENDS_SQL, year),
    );
    const [feesYear, feesYearFormer] = await timedPair(
      n,
      () => trendFees(db, { period: 'month', until: LAST_DAY, buckets: 12 }),
      () => db.query(FORMER_TREND_FEES_SQL, year),
    );
    const formerVisitors = (await db.query<{ visitors: string }>(FORMER_TRENDS_SQL, year)).rows.map((r) => Number(r.visitors));
    const totalsVisitors = (await trends(db, { period: 'month', until: LAST_DAY, buckets: 12 })).map((p) => p.visitors);
    if (formerVisitors.join() !== totalsVisitors.join())
      throw new Error(`trends from day_totals ${totalsVisitors.join()} ≠ former ${formerVisitors.join()}: the per-day totals are not kept`);
    // For scale: the day's tickets counted from the raw events (events_kind_at), what the page would read without projections.
    // The network query alone (a LATERAL range of proj_tickets_day per post and day), and with its days also given as a
    // plain predicate (business_day = ANY), the variant that first showed the planner could avoid the whole-table scan.
    const netArgs = [ids, ids.map(() => LAST_DAY), now];
    const hinted = NETWORK_TICKETS_SQL.replace('AND t.post_id = d.post_id', 'AND t.post_id = d.post_id AND t.business_day = ANY($2::date[])');
    if (hinted === NETWORK_TICKETS_SQL) throw new Error('NETWORK_TICKETS_SQL changed: update the suggested variant');
    const ticketsAsIs = await timed(n, () => db.query(NETWORK_TICKETS_SQL, netArgs));
    const ticketsHinted = await timed(n, () => db.query(hinted, netArgs));
    await explainNetwork(db, LAST_DAY, now, 'EXPLAIN (ANALYZE, BUFFERS) of the variant with business_day = ANY($2):', hinted);
    const raw = await timed(n, () =>
      db.query(`SELECT post_id, count(*) FROM events WHERE kind = 'queue.ticket.issued' AND at >= $1::date AND at < $1::date + 1 GROUP BY post_id`, [LAST_DAY]),
    );
    const net = await networkDay(db, { now, day: LAST_DAY });
    const seen = net.posts.reduce((a, p) => a + p.visitors, 0);
    if (seen === 0) throw new Error('the network page shows no visitors for the last day: the projections did not run');
    await explainNetwork(db, LAST_DAY, now, 'EXPLAIN (ANALYZE, BUFFERS) of the network query (NETWORK_TICKETS_SQL), with the day index:');

    const defs = (await db.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE indexname = ANY($1)', [DAY_INDEXES])).rows.map((r) => r.indexdef);
    for (const ix of DAY_INDEXES) await db.query(`DROP INDEX ${ix}`);
    const without = await timed(n, () => networkDay(db, { now, day: LAST_DAY }));
    await explainNetwork(db, LAST_DAY, now, 'the same without proj_tickets_day (the baseline):');
    for (const def of defs) await db.query(def);

    console.log(`\ndashboard queries (ms, ${n} runs each after a warm-up; network day ${LAST_DAY}: ${seen} visitors at ${posts} posts)`);
    table([
      { query: 'networkDay (network page)', p50: network.p50, p95: network.p95 },
      { query: 'networkDay without the day indexes (baseline)', p50: without.p50, p95: without.p95 },
      { query: `postDrillDown (${ids[0]})`, p50: drill.p50, p95: drill.p95 },
      { query: 'NETWORK_TICKETS_SQL alone', p50: ticketsAsIs.p50, p95: ticketsAsIs.p95 },
      { query: 'NETWORK_TICKETS_SQL + business_day = ANY($2)', p50: ticketsHinted.p50, p95: ticketsHinted.p95 },
      { query: 'trends: 30 days', p50: trendDays.p50, p95: trendDays.p95 },
      { query: 'trends: 12 months', p50: trendMonths.p50, p95: trendMonths.p95 },
      { query: 'trends 12 months, per-day totals (alternated with the next)', p50: trendYear.p50, p95: trendYear.p95 },
      { query: 'trends 12 months from the projection rows (former)', p50: trendYearFormer.p50, p95: trendYearFormer.p95 },
      { query: 'fee trends 12 months, per-day totals (alternated with the next)', p50: feesYear.p50, p95: feesYear.p95 },
      { query: 'fee trends 12 months from the projection rows (former)', p50: feesYearFormer.p50, p95: feesYearFormer.p95 },
      { query: "raw events: the day's tickets per post (no projection)", p50: raw.p50, p95: raw.p95 },
    ]);
    goal(`network page p95 at ${posts} posts × ${days} days (baseline: the projections' day indexes dropped)`, without.p95, network.p95, { atMost: 300 }, 'ms');
    goal(`ingest events/s, ingestBatch vs row-by-row INSERT (${posts}×${days})`, rowRate, ingested / (ingestMs / 1000), { ratioAtLeast: 1 }, 'events/s');
    goal(`trends 12 months p95, per-day totals vs the projection rows (${posts}×${days})`, trendYearFormer.p95, trendYear.p95, { ratioAtMost: 1 }, 'ms');
    goal(`fee trends 12 months p95, per-day totals vs the projection rows (${posts}×${days})`, feesYearFormer.p95, feesYear.p95, { ratioAtMost: 1 }, 'ms');
    goal(`projections events/s, set-based vs a statement per event (${posts}×${days})`, projRate.row, projRate.set, { ratioAtLeast: 1 }, 'events/s');
  } finally {
    await db.end();
  }
}

const tdb = await createTestDatabase('central_bench');
// The database goes whatever happens: an error (finally), Ctrl-C or a kill (dropped, then exit).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.once(signal, () => {
    // Dropping WITH (FORCE) ends the bench's own connections: their 'Connection terminated' errors are expected now.
    process.on('uncaughtException', () => {});
    void tdb.drop().finally(() => process.exit(128 + constants.signals[signal]));
  });
try {
  await run(tdb);
} finally {
  await tdb.drop();
  console.log(`(database ${tdb.name} dropped)`);
}
