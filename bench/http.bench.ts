// /api/health through the whole daemon (host/origin check, CSP headers, zod validation of the answer)
// beside a bare node:http server answering the same JSON, in the same run.
import { createServer } from 'node:http';
import { startTestDaemon } from '../test/support/daemon';
import { benchTempDir, measureAsync, table } from './support';

const tmp = benchTempDir();
const daemon = await startTestDaemon(tmp.dir);
const body = await (await fetch(`${daemon.url}/api/health`)).text();
const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/api/health`;

const rows: Array<Record<string, string | number>> = [];
for (const [name, url] of [
  ['daemon /api/health (ours)', `${daemon.url}/api/health`],
  ['bare node:http (baseline)', bareUrl],
] as const) {
  const r = await measureAsync(
    async () => {
      await (await fetch(url)).arrayBuffer();
    },
    { warmup: 200, iterations: 3000 },
  );
  rows.push({ server: name, 'req/s': r.opsPerSec, 'p50 µs': r.p50Us, 'p99 µs': r.p99Us });
}
table(rows);
console.log(`\nRSS after the run: ${(process.memoryUsage().rss / 1048576).toFixed(1)} MiB (daemon and client in one process)`);
bare.close();
await daemon.close();
tmp.cleanup();
