// `kiosk diag` on a kiosk of a post (role kiosk): the link to the hub, the hub's certificate (pinned at
// `kiosk join`) and the clock difference, each a check that fails with what to do. Asked directly from this PC,
// not through the daemon: the technician runs it precisely when the daemon says the hub is away.
import type { KioskConfig } from '../config/schema';
import { loadHubLink } from '../post/trust/hub-link';
import { createHubLink } from '../post/link';
import { measureSkew, skewText } from '../post/clock';
import type { CheckResult } from './checks';

export async function checkHubLink(cfg: KioskConfig, timeoutMs = 3000): Promise<CheckResult[]> {
  if (cfg.role !== 'kiosk') return [];
  const loaded = loadHubLink(cfg.dataDir);
  if (!loaded.ok) return [{ name: 'hub link', ok: false, detail: loaded.detail }];
  const link = createHubLink(loaded.options);
  const m = await measureSkew(link, () => new Date(), timeoutMs);
  if (!m.ok) {
    const certificate = m.reason === 'certificate';
    return [
      {
        name: 'hub link',
        ok: certificate,
        warning: certificate,
        detail: certificate ? `${link.url} reached, but it is not the post's hub (see hub certificate)` : `${link.url}: ${m.reason}: ${m.detail}`,
      },
      certificate
        ? { name: 'hub certificate', ok: false, detail: m.detail }
        : { name: 'hub certificate', ok: true, warning: true, detail: 'not checked: the hub was not reached' },
      { name: 'clock', ok: true, warning: true, detail: 'not checked: the hub was not reached' },
    ];
  }
  const max = cfg.post.maxClockSkewSeconds;
  const off = Math.abs(m.skewMs) > max * 1000;
  return [
    { name: 'hub link', ok: true, detail: `${link.url} answers as kiosk ${cfg.kioskId}'s hub (${m.roundTripMs} ms)` },
    { name: 'hub certificate', ok: true, detail: "the post's certificate, as pinned at kiosk join" },
    {
      name: 'clock',
      ok: !off,
      detail: off
        ? `${skewText(m.skewMs)} (${max} s allowed): the kiosk refuses ticket numbers; set the time (timedatectl, NTP to the hub or the consulate's server)`
        : `${Math.round(m.skewMs / 1000)} s from the hub's (${max} s allowed)`,
    },
  ];
}
