// This machine's floor under part 4 of bench/post.bench.ts (issue 14, post scale): a server that answers
// POST /api/post/tickets at once, over the hub's own TLS (its certificate and key, the post CA trusted), in a process of
// its own, asked by five processes through the kiosk's link (server/http/peer-link.ts) at the day's arrival times. No
// Fastify, no journal, no number: what a round trip over HTTPS between processes costs here, with the same arrivals,
// the same processes and the same client code as the goal's replay. A hub cannot answer faster than that; the goal line
// prints it beside the hub's answer, so a run on a slower machine says what the hub adds, not only what the machine does.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUB_CERT, HUB_KEY, postDir } from '../server/post/trust/paths';

const ENV = 'KIOSK_BENCH_FLOOR_SERVER';

/** An answer about the size of the hub's (server/post/numbers/hub-routes.ts: IssuedTicket); its fields are made up. */
export const FLOOR_ANSWER = JSON.stringify({
  ticket: {
    number: 'A-0421',
    prefix: 'A',
    seq: 421,
    service: 'passport',
    kind: 'walk-in',
    businessDay: '2026-12-03',
    issuedAt: '2026-12-03T09:41:07.512Z',
    persons: 1,
    lang: 'fr',
    requestKey: 'day-p-P1-0000',
  },
  ahead: 12,
  estimatedWaitMinutes: 18,
});

function serve(hubDir: string): void {
  const dir = postDir(hubDir);
  const server = createServer({ cert: readFileSync(join(dir, HUB_CERT)), key: readFileSync(join(dir, HUB_KEY)), keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Read and parsed as the hub reads a request; answered at once.
      JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(FLOOR_ANSWER) });
      res.end(FLOOR_ANSWER);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.send!({ port: typeof a === 'object' && a ? a.port : 0 });
  });
  process.on('disconnect', () => process.exit(0));
}

/** Starts the floor's server in a process of its own, with the TLS identity of the hub whose data folder is `hubDir`. */
export async function startFloorServer(hubDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, [ENV]: hubDir } });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    void exited.then(() => reject(new Error("the floor's server ended before it listened")));
  });
  return {
    url: `https://127.0.0.1:${port}`,
    async close() {
      child.disconnect();
      await exited;
    },
  };
}

const hubDir = process.env[ENV];
if (hubDir) serve(hubDir);
