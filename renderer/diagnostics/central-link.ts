// The "Central service" section of the technician's page (issue 16, item 4), on a hub or a standalone daemon: its link
// to the ministry's central service (last pull, the bundle applied and since when, the next one, the last refusal and
// why) and, on a hub, the bundle version each kiosk reports it applies.
import { h } from '../lib/dom';
import { dateTime } from '../lib/time';
import type { PostBundlesStatus } from '../../shared/post-bundles-api';
import { t } from './i18n';

/** The daemon's or the central service's own words (a failure, a refusal's reason): shown as they came. */
const DAEMON = { 'data-daemon-text': '' };

const when = (iso: string | null | undefined) => (iso ? dateTime(iso) : t('never'));
const fact = (term: string, value: string, attrs: Record<string, string> = {}) => [h('dt', {}, term), h('dd', attrs, value)];

export function renderCentralLink(s: PostBundlesStatus): Node[] {
  const c = s.central;
  const link = c
    ? h(
        'dl',
        { class: 'facts' },
        ...fact(
          t('lastPull'),
          c.lastPull
            ? c.lastPull.ok
              ? t('pullOk', { at: when(c.lastPull.at) })
              : t('pullFailed', { at: when(c.lastPull.at), detail: c.lastPull.detail ?? '' })
            : t('notYet'),
          { 'data-central-pull': c.lastPull ? (c.lastPull.ok ? 'ok' : 'failed') : 'none', ...(c.lastPull && !c.lastPull.ok ? DAEMON : {}) },
        ),
        ...fact(t('bundleApplied'), c.applied === 0 ? t('ownConfig') : t('appliedVersion', { version: c.applied, at: when(c.appliedEffectiveAt) }), {
          'data-central-applied': String(c.applied),
        }),
        ...fact(t('nextBundle'), c.pending ? t('pendingVersion', { version: c.pending.version, at: when(c.pending.effectiveAt) }) : t('nonePublished')),
        ...fact(
          t('lastRefusal'),
          c.lastRefusal ? t('refusalValue', { at: when(c.lastRefusal.at), version: c.lastRefusal.version ?? '?', reason: c.lastRefusal.reason }) : t('none'),
          { 'data-central-refusal': c.lastRefusal ? String(c.lastRefusal.version ?? '') : 'none', ...(c.lastRefusal ? DAEMON : {}) },
        ),
      )
    : h('p', { class: 'muted', 'data-central-pull': 'off' }, t('noCentral'));
  if (s.kiosks.length === 0) return [link];
  return [
    link,
    h(
      'table',
      { 'aria-label': t('bundleAtKiosks') },
      h('thead', {}, h('tr', {}, ...[t('col.kiosk'), t('col.version'), t('col.reported'), t('col.lastRefusal')].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...s.kiosks.map((k) =>
          h(
            'tr',
            { 'data-kiosk': k.kioskId },
            h('td', {}, k.kioskId),
            h('td', {}, k.version === 0 ? t('noneOwnConfig') : String(k.version)),
            h('td', {}, when(k.reportedAt)),
            k.lastRefusal
              ? h('td', DAEMON, t('kioskRefusal', { version: k.lastRefusal.version ?? '?', reason: k.lastRefusal.reason }))
              : h('td', {}, t('none')),
          ),
        ),
      ),
    ),
  ];
}
