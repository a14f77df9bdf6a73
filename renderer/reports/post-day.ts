// The post's business day on the hub (issue 15): which kiosks closed their day, each one's fees, and what
// keeps the post's day from being complete (each refusal names the kiosk and what to do).
import { moneyText } from '../../shared/money';
import { h } from '../lib/dom';
import { api } from '../lib/api';
import type { KioskDay, PostDayAnswer } from '../../shared/reports-api';

const STATUS: Record<NonNullable<KioskDay['dayClose']>, string> = {
  closed: 'closed',
  differences: 'closed with differences',
  'not-closed': 'not closed',
  'nothing-to-close': 'no payments',
};

function view(d: PostDayAnswer): HTMLElement {
  const fees = (k: KioskDay) => k.totals.map((t) => `${moneyText(t.totalMinor, t.currency)} (${t.payments})`).join(', ') || '—';
  const link = (k: KioskDay) =>
    k.nothingReceived
      ? `nothing received${k.enrolment?.revokedAt ? ' (revoked)' : ''}`
      : k.link
        ? k.link.fork
          ? `forked at event ${k.link.fork.atId}`
          : `${k.link.lag} unshipped`
        : 'this hub';
  const lastContact = (k: KioskDay) => k.link?.lastContact ?? k.enrolment?.lastSeenAt ?? (k.local ? '—' : 'never');
  const corrections = (k: KioskDay) => {
    const items = (k.closes ?? []).flatMap((c) =>
      c.corrections.map((x) =>
        h(
          'li',
          {},
          `${c.terminalId}: ${x.note}`,
          x.amountMinor !== null ? ` (${moneyText(x.amountMinor, c.currency)})` : '',
          x.paymentId ? ` — payment ${x.paymentId}` : '',
          ` — ${x.by}, ${x.at}`,
        ),
      ),
    );
    return items.length ? h('ul', { class: 'corrections', 'aria-label': `Corrections of ${k.kioskId}` }, ...items) : '—';
  };
  const rows = d.kiosks.map((k) =>
    h(
      'tr',
      { 'data-kiosk': k.kioskId, 'data-nothing-received': String(k.nothingReceived) },
      h('td', {}, k.kioskId),
      h('td', {}, fees(k)),
      h('td', {}, String(k.pending.length)),
      h('td', {}, k.dayClose ? STATUS[k.dayClose] : '—'),
      h('td', {}, corrections(k)),
      h('td', {}, link(k)),
      h('td', {}, lastContact(k)),
    ),
  );
  return h(
    'div',
    { id: 'post-day', 'data-complete': String(d.complete) },
    h('h3', {}, `The post's day ${d.day}: ${d.complete ? 'complete' : 'not complete'}`),
    h('p', {}, 'Fees post-wide: ', d.totals.map((t) => `${moneyText(t.totalMinor, t.currency)} (${t.payments} payments)`).join(', ') || 'none'),
    h(
      'table',
      { 'aria-label': 'Kiosks of the post' },
      h(
        'thead',
        {},
        h('tr', {}, ...['Kiosk', 'Fees', 'Open payments', 'Day close', 'Corrections', 'Journal', 'Last contact'].map((c) => h('th', { scope: 'col' }, c))),
      ),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'no kiosk has reported to this hub'))])),
    ),
    d.refusals.length ? h('ul', { class: 'refusals', 'aria-label': 'Why the day is not complete' }, ...d.refusals.map((r) => h('li', {}, r.text))) : '',
  );
}

/** Loads the post's day into `box`; answers the error text, or null. */
export async function loadPostDay(box: HTMLElement, day: string): Promise<string | null> {
  const r = await api('postDay', { query: { day } });
  if (!r.ok) return r.reason;
  box.replaceChildren(view(r.body));
  return null;
}
