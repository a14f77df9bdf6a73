// "Today's appointments" on the supervisor page (issue 18 item 6): who is expected, late, missing, arrived or
// cancelled, as a bar (proportions at a glance) and a table, with the booking system's feed in force and its last
// refusal. Statuses change with the clock as much as with check-ins: read again on each queue change and each minute.
import type { AppointmentStatus, DayAppointments } from '../../shared/appointment-feed-api';
import { h } from '../lib/dom';
import { timeOnly } from '../lib/time';
import { appointmentWords } from './appointment-words';

const ORDER: AppointmentStatus[] = ['arrived', 'expected', 'late', 'missing', 'cancelled'];

export interface AppointmentsPart {
  lang: string;
  serviceName: (code: string) => string;
  onCheckNow: () => void;
}

export function appointmentsPart(d: DayAppointments, o: AppointmentsPart): Array<Node | string> {
  const w = appointmentWords(o.lang);
  const total = d.appointments.length;
  const hhmm = (iso: string) => timeOnly(iso).slice(0, 5);
  const bar = h(
    'div',
    { class: 'appointment-bar', role: 'img', 'aria-label': w.summary(d.counts) },
    ...ORDER.filter((s) => d.counts[s] > 0).map((s) =>
      h('span', { class: `seg ${s}`, style: `flex-grow: ${d.counts[s]}`, title: `${w.status[s]} : ${d.counts[s]}` }, `${d.counts[s]}`),
    ),
  );
  const legend = h('ul', { class: 'appointment-legend' }, ...ORDER.map((s) => h('li', { class: s, 'data-status': s }, `${w.status[s]} ${d.counts[s]}`)));
  const feed = d.feed.today;
  const refused = d.feed.lastRefused && (!feed || d.feed.lastRefused.at > feed.receivedAt) ? d.feed.lastRefused : null;
  const nodes: Array<HTMLElement | null> = [
    h('h2', { id: 'appointments-title' }, w.title),
    h(
      'p',
      { id: 'feed-state', class: feed ? '' : 'alert' },
      feed ? w.feed(feed.sequence, hhmm(feed.receivedAt || feed.issuedAt), feed.source, feed.tokens) : w.noFeed,
    ),
    refused ? h('p', { id: 'feed-refused', class: 'alert' }, w.refused(hhmm(refused.at), refused.detail)) : null,
    d.feed.sources.length ? h('button', { type: 'button', onclick: () => o.onCheckNow() }, w.checkNow) : null,
    total ? bar : null,
    total ? legend : null,
    total
      ? h(
          'table',
          { 'aria-label': w.table },
          h('thead', {}, h('tr', {}, ...Object.values(w.cols).map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...d.appointments.map((a) =>
              h(
                'tr',
                { 'data-appointment': a.appointmentId, 'data-status': a.status },
                h('td', {}, hhmm(a.slotStart)),
                h('th', { scope: 'row' }, `${a.appointmentId} (${a.code})`),
                h('td', {}, a.services.map(o.serviceName).join(', ')),
                h('td', {}, String(a.persons)),
                h('td', { class: `status ${a.status}` }, w.status[a.status]),
                h('td', {}, a.arrivedAt ? `${hhmm(a.arrivedAt)}${a.kioskId ? ` · ${a.kioskId}` : ''}` : '—'),
              ),
            ),
          ),
        )
      : h('p', {}, w.none),
  ];
  return nodes.filter((n): n is HTMLElement => n !== null);
}
