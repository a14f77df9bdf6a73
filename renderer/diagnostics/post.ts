// The "Post" section of the technician's page (issue 15, item 7): on a kiosk its link to the hub, on a hub its kiosks.
import { h } from '../lib/dom';
import { dateTime } from '../lib/time';
import type { HubKioskView, KioskPostView, PostDiagnostics } from '../../shared/diagnostics-api';
import { t } from './i18n';

/** What a kiosk or the hub wrote (attention lines, failures, chain state): shown as the daemon gives it. */
const DAEMON = { 'data-daemon-text': '' };

const when = (iso: string | null) => (iso ? dateTime(iso) : t('never'));
const ago = (iso: string) => {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? t('secondsAgo', { seconds: s }) : s < 7200 ? t('minutesAgo', { minutes: Math.round(s / 60) }) : t('atTime', { time: when(iso) });
};
const fact = (term: string, value: Node | string, attrs: Record<string, string> = {}) => [h('dt', {}, term), h('dd', attrs, value)];

export function renderPost(d: PostDiagnostics): Node[] {
  return d.role === 'kiosk' ? kioskPost(d.kiosk) : hubPost(d.businessDay, d.kiosks);
}

function attentionList(items: string[]): Node[] {
  if (items.length === 0) return [h('p', { class: 'muted', 'data-post-attention': 'none' }, t('nothingNeeds'))];
  return [h('ul', { class: 'banner', 'aria-label': t('needsTechnician') }, ...items.map((a) => h('li', DAEMON, a)))];
}

function kioskPost(k: KioskPostView): Node[] {
  const skew = k.clock.skewMs === null ? t('skewNotMeasured') : t('skew', { skew: (k.clock.skewMs / 1000).toFixed(1), max: k.clock.maxSkewSeconds });
  // The failure's reason and detail are the daemon's words; "not reachable" is the page's.
  const link = k.reachable
    ? t('reachable')
    : k.failure
      ? h('span', DAEMON, t('notReachableWhy', { reason: k.failure.reason, detail: k.failure.detail }))
      : t('notReachable');
  const shippingError = k.shipping.lastError ? t('shippingError', { detail: k.shipping.lastError.detail }) : '';
  return [
    ...attentionList(k.attention),
    h(
      'dl',
      { class: 'facts' },
      ...fact(t('hub'), k.hubUrl, DAEMON),
      ...fact(t('hubLink'), link, { 'data-post-link': k.reachable ? 'reachable' : (k.failure?.reason ?? 'unknown') }),
      ...fact(t('lastContact'), when(k.lastContact)),
      ...fact(t('clockSkew'), skew),
      ...fact(t('uploadsPending'), String(k.pendingUploads)),
      ...fact(t('claimsPending'), String(k.pendingClaims)),
      ...fact(t('shipping'), h('span', DAEMON, t('shippingValue', { state: k.shipping.state, lag: k.shipping.lag }) + shippingError)),
    ),
    h(
      'table',
      { 'aria-label': t('blocksOf', { day: k.businessDay }) },
      h(
        'thead',
        {},
        h('tr', {}, ...[t('col.prefix'), t('col.left'), t('col.usedBlocks'), t('col.usedFallback'), t('col.state')].map((c) => h('th', { scope: 'col' }, c))),
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
            h('td', {}, b.fallbackInUse ? t('blockFallback') : b.blockUsedUp ? t('blockUsedUp') : t('ok')),
          ),
        ),
      ),
    ),
  ];
}

function hubPost(day: string, kiosks: HubKioskView[]): Node[] {
  if (kiosks.length === 0) return [h('p', { class: 'muted' }, t('noKiosk'))];
  const blocks = (k: HubKioskView) => (k.blocks.length ? k.blocks.map((b) => `${b.prefix} ${b.first}–${b.last}`).join(', ') : t('none'));
  return [
    h(
      'table',
      { 'aria-label': t('kiosksOf', { day }) },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[
            t('col.kiosk'),
            t('col.lastContact'),
            t('col.shipped'),
            t('col.chain'),
            t('col.alert'),
            t('col.devices'),
            t('col.blocks'),
            t('col.attention'),
          ].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        ...kiosks.map((k) =>
          h(
            'tr',
            { 'data-kiosk': k.kioskId, 'data-revoked': String(k.revokedAt !== null) },
            h('td', {}, k.revokedAt ? t('revoked', { kiosk: k.kioskId }) : k.kioskId),
            h('td', {}, when(k.lastContact)),
            h('td', {}, k.shippedThrough === null ? t('nothingShipped') : t('shippedLag', { through: k.shippedThrough, lag: k.lag ?? 0 })),
            h('td', DAEMON, k.chain),
            k.alert?.needsStaff ? h('td', DAEMON, t('needsStaff', { reason: k.alert.reason ?? k.alert.screen })) : h('td', {}, t('none')),
            h('td', {}, devicesSummary(k)),
            h('td', {}, blocks(k)),
            h('td', DAEMON, k.attention ?? ''),
          ),
        ),
      ),
    ),
    ...kiosks.flatMap(kioskDevices),
  ];
}

function devicesSummary(k: HubKioskView): string {
  if (!k.devices) return t('notReported');
  const bad = k.devices.list.filter((d) => d.status !== 'ok' || (d.paper && d.paper !== 'ok' && d.paper !== 'unknown'));
  const state = bad.length
    ? bad.map((d) => t('deviceState', { device: d.id, state: d.paper === 'out' ? t('paperOut') : t('kioskDeviceStatus', { status: d.status }) })).join(', ')
    : t('allOk');
  return k.devices.stale ? t('stale', { state }) : state;
}

/** The printer's paper as a kiosk reported it; ICU select keys cannot hold a hyphen, hence near_end. */
const paperWord = (paper: string) => t('paper', { paper: paper.replace(/-/g, '_') });

/** One table per kiosk that reported its devices; a silent kiosk's last known devices are marked stale, not shown as live. */
function kioskDevices(k: HubKioskView): Node[] {
  const d = k.devices;
  if (!d) return [];
  const age = d.stale ? t('devicesStale', { kiosk: k.kioskId, ago: ago(d.reportedAt) }) : t('devicesFresh', { kiosk: k.kioskId, ago: ago(d.reportedAt) });
  return [
    h('h3', { 'data-devices-of': k.kioskId, 'data-stale': String(d.stale) }, age),
    h(
      'table',
      { 'aria-label': t('devicesOf', { kiosk: k.kioskId }), class: d.stale ? 'stale' : '' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[t('col.device'), t('col.model'), t('col.state'), t('col.detail'), t('col.paper'), t('col.since'), t('col.lastError')].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...d.list.map((x) =>
          h(
            'tr',
            { 'data-device': x.id, 'data-status': x.status },
            h('th', { scope: 'row' }, x.id),
            h('td', DAEMON, x.simulated ? t('simulatedDriver', { driver: x.driver }) : x.driver),
            h('td', {}, t('kioskDeviceStatus', { status: x.status })),
            h('td', DAEMON, x.detail ?? ''),
            h('td', {}, x.paper ? paperWord(x.paper) : ''),
            h('td', {}, when(x.since)),
            x.lastError ? h('td', DAEMON, t('lastErrorValue', { at: when(x.lastError.at), detail: x.lastError.detail })) : h('td', {}, t('none')),
          ),
        ),
      ),
    ),
  ];
}
