// The post's business day on the hub (issue 15): which kiosks closed their day, each one's fees, and what
// keeps the post's day from being complete (each refusal names the kiosk and what to do).
import { moneyText } from '../../shared/money';
import { h } from '../lib/dom';
import { api } from '../lib/api';
import type { KioskDay, PostDayAnswer } from '../../shared/reports-api';
import type { DomainKeys, Translator } from '../../shared/i18n/catalogue';

type T = Translator<DomainKeys['reports']>['t'];

const STATUS = {
  closed: 'post.status.closed',
  differences: 'post.status.differences',
  'not-closed': 'post.status.notClosed',
  'nothing-to-close': 'post.status.nothing',
} as const satisfies Record<NonNullable<KioskDay['dayClose']>, DomainKeys['reports']>;

function view(d: PostDayAnswer, t: T): HTMLElement {
  const fees = (k: KioskDay) => k.totals.map((x) => `${moneyText(x.totalMinor, x.currency)} (${x.payments})`).join(', ') || '—';
  const link = (k: KioskDay) =>
    k.nothingReceived
      ? t(k.enrolment?.revokedAt ? 'post.nothingReceivedRevoked' : 'post.nothingReceived')
      : k.link
        ? k.link.fork
          ? t('post.forked', { event: k.link.fork.atId })
          : t('post.unshipped', { count: k.link.lag })
        : t('post.thisHub');
  const lastContact = (k: KioskDay) => k.link?.lastContact ?? k.enrolment?.lastSeenAt ?? (k.local ? '—' : t('post.never'));
  const corrections = (k: KioskDay) => {
    const items = (k.closes ?? []).flatMap((c) =>
      c.corrections.map((x) =>
        h(
          'li',
          {},
          `${c.terminalId}: ${x.note}`,
          x.amountMinor !== null ? ` (${moneyText(x.amountMinor, c.currency)})` : '',
          x.paymentId ? t('post.correctionPayment', { payment: x.paymentId }) : '',
          ` — ${x.by}, ${x.at}`,
        ),
      ),
    );
    return items.length ? h('ul', { class: 'corrections', 'aria-label': t('post.correctionsOf', { kiosk: k.kioskId }) }, ...items) : '—';
  };
  const rows = d.kiosks.map((k) =>
    h(
      'tr',
      { 'data-kiosk': k.kioskId, 'data-nothing-received': String(k.nothingReceived) },
      h('td', {}, k.kioskId),
      h('td', {}, fees(k)),
      h('td', {}, String(k.pending.length)),
      h('td', {}, k.dayClose ? t(STATUS[k.dayClose]) : '—'),
      h('td', {}, corrections(k)),
      h('td', {}, link(k)),
      h('td', {}, lastContact(k)),
    ),
  );
  return h(
    'div',
    { id: 'post-day', 'data-complete': String(d.complete) },
    h('h3', {}, t('post.title', { day: d.day, complete: d.complete ? 'yes' : 'no' })),
    h(
      'p',
      {},
      t('post.feesWide'),
      d.totals.map((x) => t('post.feeTotal', { total: moneyText(x.totalMinor, x.currency), payments: x.payments })).join(', ') || t('none'),
    ),
    h(
      'table',
      { 'aria-label': t('post.kiosks') },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[
            t('col.kiosk'),
            t('post.col.fees'),
            t('col.openPayments'),
            t('col.dayClose'),
            t('corrections'),
            t('post.col.journal'),
            t('post.col.lastContact'),
          ].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 7, class: 'muted' }, t('post.noKiosk')))])),
    ),
    d.refusals.length ? h('ul', { class: 'refusals', 'aria-label': t('post.refusals') }, ...d.refusals.map((r) => h('li', {}, r.text))) : '',
  );
}

/** Loads the post's day into `box`; answers the error text, or null. */
export async function loadPostDay(box: HTMLElement, day: string, t: T): Promise<string | null> {
  const r = await api('postDay', { query: { day } });
  if (!r.ok) return r.reason;
  box.replaceChildren(view(r.body, t));
  return null;
}
