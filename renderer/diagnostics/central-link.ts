// The "Central service" section of the technician's page (issue 16, item 4), on a hub or a standalone daemon: its link
// to the ministry's central service (last pull, the bundle applied and since when, the next one, the last refusal and
// why) and, on a hub, the bundle version each kiosk reports it applies.
import { h } from '../lib/dom';
import { dateTime } from '../lib/time';
import type { PostBundlesStatus } from '../../shared/post-bundles-api';

const when = (iso: string | null | undefined) => (iso ? dateTime(iso) : 'never');
const fact = (term: string, value: string, attrs: Record<string, string> = {}) => [h('dt', {}, term), h('dd', attrs, value)];

export function renderCentralLink(s: PostBundlesStatus): Node[] {
  const c = s.central;
  const link = c
    ? h(
        'dl',
        { class: 'facts' },
        ...fact('Last pull', c.lastPull ? `${when(c.lastPull.at)}: ${c.lastPull.ok ? 'ok' : `failed — ${c.lastPull.detail ?? ''}`}` : 'not yet', {
          'data-central-pull': c.lastPull ? (c.lastPull.ok ? 'ok' : 'failed') : 'none',
        }),
        ...fact('Bundle applied', c.applied === 0 ? "none: this post's own config" : `version ${c.applied}, in force since ${when(c.appliedEffectiveAt)}`, {
          'data-central-applied': String(c.applied),
        }),
        ...fact('Next bundle', c.pending ? `version ${c.pending.version} at ${when(c.pending.effectiveAt)}` : 'none published'),
        ...fact('Last refusal', c.lastRefusal ? `${when(c.lastRefusal.at)}: version ${c.lastRefusal.version ?? '?'} — ${c.lastRefusal.reason}` : 'none', {
          'data-central-refusal': c.lastRefusal ? String(c.lastRefusal.version ?? '') : 'none',
        }),
      )
    : h('p', { class: 'muted', 'data-central-pull': 'off' }, 'No link to the central service (kiosk central join --url … --code … on this PC).');
  if (s.kiosks.length === 0) return [link];
  return [
    link,
    h(
      'table',
      { 'aria-label': 'Bundle applied at each kiosk' },
      h('thead', {}, h('tr', {}, ...['Kiosk', 'Version applied', 'Reported', 'Last refusal'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...s.kiosks.map((k) =>
          h(
            'tr',
            { 'data-kiosk': k.kioskId },
            h('td', {}, k.kioskId),
            h('td', {}, k.version === 0 ? 'none (its config)' : String(k.version)),
            h('td', {}, when(k.reportedAt)),
            h('td', {}, k.lastRefusal ? `version ${k.lastRefusal.version ?? '?'}: ${k.lastRefusal.reason}` : 'none'),
          ),
        ),
      ),
    ),
  ];
}
