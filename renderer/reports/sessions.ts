// The supervisor's list of open staff sessions (who, where, since when, last seen, which page) and ending one:
// the staff member's next request is refused with the supervisor's reason, and the revocation is journaled.
import { h } from '../lib/dom';
import { api } from '../lib/api';
import type { StaffSessionView } from '../../shared/sessions-api';

export interface SessionsDeps {
  timeZone: string;
  say: (ok: boolean, text: string) => void;
}

const COLUMNS = ['Who', 'Role', 'Counter', 'Page', 'Since', 'Last seen', 'Ends', ''];

export function sessionsSection(deps: SessionsDeps): { section: HTMLElement; load: () => Promise<void> } {
  const time = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { timeZone: deps.timeZone, hour: '2-digit', minute: '2-digit' });
  const box = h('div', { id: 'sessions' });

  const row = (s: StaffSessionView) =>
    h(
      'tr',
      { 'data-session': s.id },
      ...[s.user.name, s.user.role, s.counter ?? '—', s.app, time(s.createdAt), time(s.lastSeenAt), time(s.expiresAt)].map((c) => h('td', {}, c)),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            'aria-label': `End the session of ${s.user.name}${s.counter ? ` at counter ${s.counter}` : ''}`,
            onclick: () => void end(s),
          },
          'End session',
        ),
      ),
    );

  async function end(s: StaffSessionView): Promise<void> {
    const reason = prompt(`End the session of ${s.user.name}? They are signed out at their next action. Reason (shown to them):`, '');
    if (reason === null) return;
    const r = await api('revokeSession', { params: { id: s.id }, body: reason.trim() ? { reason: reason.trim() } : {} });
    deps.say(r.ok, r.ok ? `The session of ${s.user.name} is ended.` : r.reason);
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
        { 'aria-label': 'Open staff sessions' },
        h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...(r.body.sessions.length ? r.body.sessions.map(row) : [h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, 'none'))])),
      ),
    );
  }

  const section = h(
    'section',
    { 'aria-labelledby': 'sessions-title' },
    h('h2', { id: 'sessions-title' }, 'Staff sessions'),
    h('button', { type: 'button', onclick: () => void load() }, 'Refresh sessions'),
    box,
  );
  return { section, load };
}
