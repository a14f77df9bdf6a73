// The supervisor's list of open staff sessions (who, where, since when, last seen, which page) and ending one:
// the staff member's next request is refused with the supervisor's reason, and the revocation is journaled.
import { h } from '../lib/dom';
import { api } from '../lib/api';
import type { StaffSessionView } from '../../shared/sessions-api';
import type { DomainKeys, Translator } from '../../shared/i18n/catalogue';

export interface SessionsDeps {
  timeZone: string;
  say: (ok: boolean, text: string) => void;
  /** The reports page's words (i18n/<lang>/reports.json). */
  t: Translator<DomainKeys['reports']>['t'];
}

export function sessionsSection(deps: SessionsDeps): { section: HTMLElement; load: () => Promise<void> } {
  const time = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { timeZone: deps.timeZone, hour: '2-digit', minute: '2-digit' });
  const { t } = deps;
  const COLUMNS = (['who', 'role', 'counter', 'page', 'since', 'lastSeen', 'ends', 'action'] as const).map((c) => t(`sessions.col.${c}`));
  const box = h('div', { id: 'sessions' });

  const row = (s: StaffSessionView) =>
    h(
      'tr',
      { 'data-session': s.id },
      ...[
        s.user.name,
        t('sessions.role', { role: s.user.role }),
        s.counter ?? '—',
        t('sessions.app', { app: s.app }),
        time(s.createdAt),
        time(s.lastSeenAt),
        time(s.expiresAt),
      ].map((c) => h('td', {}, c)),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            'aria-label': s.counter ? t('sessions.endOfAt', { name: s.user.name, counter: s.counter }) : t('sessions.endOf', { name: s.user.name }),
            onclick: () => void end(s),
          },
          t('sessions.end'),
        ),
      ),
    );

  async function end(s: StaffSessionView): Promise<void> {
    const reason = prompt(t('sessions.prompt', { name: s.user.name }), '');
    if (reason === null) return;
    const r = await api('revokeSession', { params: { id: s.id }, body: reason.trim() ? { reason: reason.trim() } : {} });
    deps.say(r.ok, r.ok ? t('sessions.ended', { name: s.user.name }) : r.reason);
    await load();
  }

  async function load(): Promise<void> {
    const r = await api('sessions');
    if (!r.ok) {
      deps.say(false, r.reason);
      return;
    }
    box.replaceChildren(
      h(
        'table',
        { 'aria-label': t('sessions.table') },
        h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...(r.body.sessions.length ? r.body.sessions.map(row) : [h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, t('none')))])),
      ),
    );
  }

  const section = h(
    'section',
    { 'aria-labelledby': 'sessions-title' },
    h('h2', { id: 'sessions-title' }, t('sessions.title')),
    h('button', { type: 'button', onclick: () => void load() }, t('sessions.refresh')),
    box,
  );
  return { section, load };
}
