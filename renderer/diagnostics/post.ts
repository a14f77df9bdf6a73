// The "Post" section of the technician's page (issue 15, item 7): on a kiosk its link to the hub, on a hub its kiosks.
import { h } from '../lib/dom';
import { dateTime } from '../lib/time';
import type { HubKioskView, KioskPostView, PostDiagnostics } from '../../shared/diagnostics-api';

const when = (iso: string | null) => (iso ? dateTime(iso) : 'never');
const ago = (iso: string) => {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `at ${when(iso)}`;
};
const fact = (term: string, value: string, attrs: Record<string, string> = {}) => [h('dt', {}, term), h('dd', attrs, value)];

export function renderPost(d: PostDiagnostics): Node[] {
  return d.role === 'kiosk' ? kioskPost(d.kiosk) : hubPost(d.businessDay, d.kiosks);
}

function attentionList(items: string[]): Node[] {
  if (items.length === 0) return [h('p', { class: 'muted', 'data-post-attention': 'none' }, 'Nothing needs a technician.')];
  return [h('ul', { class: 'banner', 'aria-label': 'Needs a technician' }, ...items.map((a) => h('li', {}, a)))];
}

function kioskPost(k: KioskPostView): Node[] {
  const skew = k.clock.skewMs === null ? 'not measured yet' : `${(k.clock.skewMs / 1000).toFixed(1)} s (${k.clock.maxSkewSeconds} s allowed)`;
  return [
    ...attentionList(k.attention),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Hub', k.hubUrl),
      ...fact('Hub link', k.reachable ? 'reachable' : `not reachable${k.failure ? ` (${k.failure.reason}): ${k.failure.detail}` : ''}`, {
        'data-post-link': k.reachable ? 'reachable' : (k.failure?.reason ?? 'unknown'),
      }),
      ...fact('Last contact', when(k.lastContact)),
      ...fact('Clock difference to the hub', skew),
      ...fact('Ticket uploads pending', String(k.pendingUploads)),
      ...fact('Token claims pending', String(k.pendingClaims)),
      ...fact('Event shipping', `${k.shipping.state}, ${k.shipping.lag} event(s) behind${k.shipping.lastError ? ` — ${k.shipping.lastError.detail}` : ''}`),
    ),
    h(
      'table',
      { 'aria-label': `Offline number blocks, ${k.businessDay}` },
      h(
        'thead',
        {},
        h('tr', {}, ...['Prefix', 'Numbers left', 'Used from blocks', 'Used from the fallback series', 'State'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h(
        'tbody',
        {},
        ...k.blocks.map((b) =>
          h(
            'tr',
            { 'data-prefix': b.prefix },
            h('td', {}, b.prefix),
            h('td', {}, String(b.left)),
            h('td', {}, String(b.usedFromBlocks)),
            h('td', {}, String(b.usedFallback)),
            h('td', {}, b.fallbackInUse ? 'block used up: fallback series in use' : b.blockUsedUp ? 'block used up' : 'ok'),
          ),
        ),
      ),
    ),
  ];
}

function hubPost(day: string, kiosks: HubKioskView[]): Node[] {
  if (kiosks.length === 0) return [h('p', { class: 'muted' }, 'No kiosk has joined this post yet (kiosk hub enrol --kiosk ID).')];
  const blocks = (k: HubKioskView) => (k.blocks.length ? k.blocks.map((b) => `${b.prefix} ${b.first}–${b.last}`).join(', ') : 'none');
  return [
    h(
      'table',
      { 'aria-label': `Kiosks of the post, ${day}` },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Kiosk', 'Last contact', 'Shipped / lag', 'Journal chain', 'Alert', 'Devices', 'Blocks today', 'Attention'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...kiosks.map((k) =>
          h(
            'tr',
            { 'data-kiosk': k.kioskId, 'data-revoked': String(k.revokedAt !== null) },
            h('td', {}, k.revokedAt ? `${k.kioskId} (revoked)` : k.kioskId),
            h('td', {}, when(k.lastContact)),
            h('td', {}, k.shippedThrough === null ? 'nothing shipped' : `${k.shippedThrough} / ${k.lag ?? 0} behind`),
            h('td', {}, k.chain),
            h('td', {}, k.alert?.needsStaff ? `needs staff: ${k.alert.reason ?? k.alert.screen}` : 'none'),
            h('td', {}, devicesSummary(k)),
            h('td', {}, blocks(k)),
            h('td', {}, k.attention ?? ''),
          ),
        ),
      ),
    ),
    ...kiosks.flatMap(kioskDevices),
  ];
}

function devicesSummary(k: HubKioskView): string {
  if (!k.devices) return 'not reported';
  const bad = k.devices.list.filter((d) => d.status !== 'ok' || (d.paper && d.paper !== 'ok' && d.paper !== 'unknown'));
  const state = bad.length ? bad.map((d) => `${d.id}: ${d.paper === 'out' ? 'paper out' : d.status}`).join(', ') : 'all ok';
  return k.devices.stale ? `stale (${state})` : state;
}

const PAPER: Record<string, string> = { ok: 'ok', 'near-end': 'near end', out: 'paper out', unknown: 'cannot tell' };

/** One table per kiosk that reported its devices; a silent kiosk's last known devices are marked stale, not shown as live. */
function kioskDevices(k: HubKioskView): Node[] {
  const d = k.devices;
  if (!d) return [];
  const age = d.stale
    ? `${k.kioskId} devices, STALE: last report ${ago(d.reportedAt)}; the kiosk stopped reporting, this is its last known state`
    : `${k.kioskId} devices, reported ${ago(d.reportedAt)}`;
  return [
    h('h3', { 'data-devices-of': k.kioskId, 'data-stale': String(d.stale) }, age),
    h(
      'table',
      { 'aria-label': `Devices of kiosk ${k.kioskId}`, class: d.stale ? 'stale' : '' },
      h(
        'thead',
        {},
        h('tr', {}, ...['Device', 'Protocol / model', 'State', 'Detail', 'Paper', 'Since', 'Last error'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h(
        'tbody',
        {},
        ...d.list.map((x) =>
          h(
            'tr',
            { 'data-device': x.id, 'data-status': x.status },
            h('th', { scope: 'row' }, x.id),
            h('td', {}, `${x.driver}${x.simulated ? ' (simulated)' : ''}`),
            h('td', {}, x.status),
            h('td', {}, x.detail ?? ''),
            h('td', {}, x.paper ? (PAPER[x.paper] ?? x.paper) : ''),
            h('td', {}, when(x.since)),
            h('td', {}, x.lastError ? `${when(x.lastError.at)}: ${x.lastError.detail}` : 'none'),
          ),
        ),
      ),
    ),
  ];
}
