// The daemon's start of central shipping (issue 16): when `kiosk central join` left <dataDir>/central/central-link.json,
// a standalone daemon ships its journal, a hub its journal and its kiosks' chains. Loaded lazily by the daemon
// (only when that file exists): the cold start of a post without a central service is unchanged.
// The link is createHubLink's (JSON over HTTP(S), bearer credential, CA pinned when caPem is given) until the
// trust helper's createCentralLink (server/central/link.ts: gzip, pinning) replaces it here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import { createHubLink } from '../post/link';
import { startCentralShipping, type CentralShipping } from './shipper';

export const centralLinkFile = (dataDir: string) => join(dataDir, 'central', 'central-link.json');

const CentralLinkFile = z.object({ url: z.string().url(), postId: z.string(), credential: z.string().min(1), caPem: z.string().optional() });

/** Test and slow-link bounds (milliseconds), from the environment; the shipper's defaults otherwise. */
const envMs = (name: string) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
};

export type CentralShippingStart = { ok: true; shipping: CentralShipping; close(): Promise<void> } | { ok: false; detail: string };

export function startCentralShippingFor(o: { dataDir: string; db: Db; role: 'hub' | 'standalone'; log: Logger }): CentralShippingStart {
  const file = centralLinkFile(o.dataDir);
  let parsed: ReturnType<typeof CentralLinkFile.safeParse>;
  try {
    parsed = CentralLinkFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    return { ok: false, detail: `cannot read ${file} (${(e as Error).message}): run kiosk central join again` };
  }
  if (!parsed.success) return { ok: false, detail: `${file} is not a central link (${parsed.error.issues[0]?.message}): run kiosk central join again` };
  const l = parsed.data;
  const link = createHubLink({ url: l.url, kioskId: l.postId, credential: l.credential, ...(l.caPem ? { caPem: l.caPem } : {}) });
  const shipping = startCentralShipping({
    db: o.db,
    link,
    relayKiosks: o.role === 'hub',
    heartbeatMs: envMs('KIOSK_CENTRAL_HEARTBEAT_MS'),
    pollMs: envMs('KIOSK_CENTRAL_POLL_MS'),
    maxBackoffMs: envMs('KIOSK_CENTRAL_MAX_BACKOFF_MS'),
    onChange: (st) => {
      if (st.lastError) o.log.warn({ central: st }, `central shipping: ${st.lastError.detail}`);
      else o.log.info({ central: st }, 'central shipping resumed');
    },
  });
  return {
    ok: true,
    shipping,
    close: async () => {
      await shipping.stop();
      link.close();
    },
  };
}
