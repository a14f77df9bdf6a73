// What a post (its hub, or a standalone daemon) runs toward the central service once `kiosk central join` left its link
// (<dataDir>/central/central-link.json, ./link-file.ts): the shipper of its chains (./shipper.ts: a standalone daemon
// its journal, a hub its journal and its kiosks' chains) and the puller of signed bundles (./bundles.ts). Loaded by
// the daemon only when that file exists: a post without a central service starts as before.
// A broken or unreachable link never stops the post: visitors are served, events wait in the journal, the bundle in
// force stays.
import { existsSync } from 'node:fs';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import { startBundlePuller, type BundlePuller } from './bundles';
import { sendCentralStatus } from './join';
import { createCentralLink } from './link';
import { centralLinkFile, loadCentralLink } from './link-file';
import { startCentralShipping, type CentralShipping } from './shipper';

/** Test and slow-link bounds (milliseconds), from the environment; the defaults otherwise. */
const envMs = (name: string) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
};

export interface CentralParts {
  shipping: CentralShipping;
  bundles: BundlePuller;
  close(): Promise<void>;
}

export type CentralPartsStart = { ok: true; parts: CentralParts } | { ok: false; detail: string };

export const hasCentralLink = (dataDir: string): boolean => existsSync(centralLinkFile(dataDir));

export function startCentralParts(o: { dataDir: string; db: Db; role: 'hub' | 'standalone'; log: Logger; timeZone?: string }): CentralPartsStart {
  const loaded = loadCentralLink(o.dataDir);
  if (!loaded.ok) return loaded;
  const link = createCentralLink(loaded.options);
  // The post's zone decides its "today" on the ministry's pages; the config may have changed it since the join. Said
  // once per start, when the central service first answers (at start, or when shipping resumes after an outage).
  let zoneSaid = o.timeZone === undefined;
  let saying = false;
  const sayZone = () => {
    if (zoneSaid || saying || o.timeZone === undefined) return;
    saying = true;
    void sendCentralStatus(link, o.timeZone).then((a) => {
      saying = false;
      if (a.ok) zoneSaid = true;
      else o.log.warn(`central service: the post's time zone was not taken (${a.detail}); said again when shipping resumes`);
    });
  };
  const shipping = startCentralShipping({
    db: o.db,
    link,
    relayKiosks: o.role === 'hub',
    heartbeatMs: envMs('KIOSK_CENTRAL_HEARTBEAT_MS'),
    pollMs: envMs('KIOSK_CENTRAL_POLL_MS'),
    maxBackoffMs: envMs('KIOSK_CENTRAL_MAX_BACKOFF_MS'),
    onChange: (st) => {
      if (st.lastError) o.log.warn({ central: st }, `central shipping: ${st.lastError.detail}`);
      else {
        o.log.info({ central: st }, 'central shipping resumed');
        sayZone();
      }
    },
  });
  sayZone();
  const bundles = startBundlePuller({ db: o.db, link, log: o.log, everyMs: envMs('KIOSK_CENTRAL_BUNDLE_PULL_MS') });
  return {
    ok: true,
    parts: {
      shipping,
      bundles,
      close: async () => {
        bundles.stop();
        await shipping.stop();
        link.close();
      },
    },
  };
}
