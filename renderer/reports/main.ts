// The supervisor's page: close a business day per terminal (journal against the terminal's totals, the
// differences payment by payment, PDF/CSV/printed report, corrections afterwards), refunds of card payments
// (refunds.ts), and the figures of a period with charts and CSV. Plain DOM; every control has an accessible name.
import { minorToText, moneyText, parseMinor } from '../../shared/money';
import './reports.css';
import { byId, h } from '../lib/dom';
import { api, linkTo } from '../lib/api';
import { CloseDetail, type CloseBody, type Correction, type DayClose, type ReportsMe, type Spread, type TerminalDay } from '../../shared/reports-api';
import { barChart } from './chart';
import { sessionsSection } from './sessions';
import { loadPostDay } from './post-day';
import { refundsSection } from './refunds';

type User = NonNullable<ReportsMe['user']>;
type Me = ReportsMe;
type Close = DayClose;

const app = byId('app');
let me: Me | null = null;
const money = (minor: number, cur = me?.currency ?? '') => moneyText(minor, cur);
const mins = (v: number | null) => (v === null ? '—' : `${v} min`);
const status = h('p', { id: 'status', role: 'status', class: 'result' });
const say = (ok: boolean, text: string) => {
  status.dataset.ok = String(ok);
  status.textContent = text;
};

function table(label: string, head: string[], rows: Array<Array<string | number | Node>>, attrs: Record<string, string> = {}): HTMLTableElement {
  return h(
    'table',
    { 'aria-label': label, ...attrs },
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...(rows.length
        ? rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, typeof c === 'number' ? String(c) : c))))
        : [h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, 'none'))]),
    ),
  );
}

// ── sign-in ─────────────────────────────────────────────────────────────

function showSignIn(message = ''): void {
  const pin = h('input', {
    id: 'pin',
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    'aria-label': 'Supervisor PIN',
    required: true,
    minlength: 4,
    maxlength: 12,
  });
  const msg = h('p', { role: 'alert', class: 'error' }, message);
  app.replaceChildren(
    h('h1', {}, 'Reports'),
    h(
      'form',
      {
        'aria-label': 'Supervisor sign-in',
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          void (async () => {
            const r = await api('login', { body: { pin: pin.value } });
            pin.value = '';
            if (!r.ok) {
              msg.textContent = r.reason;
              return;
            }
            if (r.body.user.role !== 'supervisor') {
              await api('logout');
              msg.textContent = `this PIN signs in a ${r.body.user.role}; reports need a supervisor PIN`;
              return;
            }
            await start();
          })();
        },
      },
      h('label', { for: 'pin' }, 'Supervisor PIN'),
      pin,
      h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
      msg,
    ),
  );
}

async function start(): Promise<void> {
  const r = await api('reportsMe');
  if (!r.ok || !r.body.user) {
    showSignIn(r.ok ? '' : r.reason);
    return;
  }
  me = r.body;
  buildPage(r.body.user);
}

// ── day close ───────────────────────────────────────────────────────────

const dayInput = h('input', { id: 'day', type: 'date', 'aria-label': 'Business day', required: true });
const dayBox = h('div', { id: 'day-close' });
const postBox = h('div', { id: 'post-day-box' });
const fromInput = h('input', { id: 'from', type: 'date', 'aria-label': 'From', required: true });
const toInput = h('input', { id: 'to', type: 'date', 'aria-label': 'To', required: true });
const statsBox = h('div', { id: 'stats' });

function buildPage(user: User): void {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: me!.timeZone });
  dayInput.value = today;
  toInput.value = today;
  fromInput.value = new Date(Date.now() - 6 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: me!.timeZone });
  const sessions = sessionsSection({ timeZone: me!.timeZone, say });
  const refunds = refundsSection({ timeZone: me!.timeZone, today });
  app.replaceChildren(
    h('h1', {}, 'Reports'),
    h(
      'p',
      {},
      `${me!.consulate} — signed in as ${user.name} `,
      h('button', { type: 'button', onclick: () => void api('logout').then(() => showSignIn()) }, 'Sign out'),
    ),
    status,
    h(
      'section',
      { 'aria-labelledby': 'close-title' },
      h('h2', { id: 'close-title' }, 'Day close'),
      h(
        'form',
        {
          class: 'row',
          'aria-label': 'Choose the day',
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            void loadDay();
          },
        },
        h('label', { for: 'day' }, 'Day'),
        dayInput,
        h('button', { type: 'submit' }, 'Show day'),
      ),
      dayBox,
      postBox,
    ),
    refunds.section,
    h(
      'section',
      { 'aria-labelledby': 'stats-title' },
      h('h2', { id: 'stats-title' }, 'Activity'),
      h(
        'form',
        {
          class: 'row',
          'aria-label': 'Choose the period',
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            void loadStats();
          },
        },
        h('label', { for: 'from' }, 'From'),
        fromInput,
        h('label', { for: 'to' }, 'To'),
        toInput,
        h('button', { type: 'submit' }, 'Show figures'),
      ),
      statsBox,
    ),
    sessions.section,
  );
  void loadDay();
  void loadStats();
  void sessions.load();
  void refunds.load();
}

async function loadDay(): Promise<void> {
  const r = await api('day', { query: { day: dayInput.value } });
  if (!r.ok) {
    say(false, r.reason);
    return;
  }
  dayBox.replaceChildren(...r.body.terminals.map((t) => terminalCard(r.body.day, t)));
  const postError = await loadPostDay(postBox, r.body.day);
  if (postError) say(false, postError);
}

function terminalCard(day: string, t: TerminalDay): HTMLElement {
  const j = t.journal;
  const card = h(
    'article',
    { class: 'card', 'data-terminal': t.terminalId, 'aria-label': `Terminal ${t.terminalId}` },
    h('h3', {}, `Terminal ${t.terminalId}${t.protocol ? ` (${t.protocol})` : ''}`),
    h(
      'p',
      { class: 'facts' },
      `Journal: ${money(j.totalMinor)} in ${j.count} approved payment(s), of which ${j.testCount} test (${money(j.testTotalMinor)}); ${j.declined} declined.`,
    ),
  );
  if (t.pending.length)
    card.append(
      h(
        'p',
        { class: 'banner', role: 'alert' },
        `Payments without an outcome: ${t.pending.join(', ')}. Settle them on the diagnostics page before closing the day.`,
      ),
    );
  card.append(
    table(
      `Payments of terminal ${t.terminalId}`,
      ['Time', 'Payment', 'State', 'Auth', 'Amount', 'Counted'],
      t.payments.map((p) => [
        new Date(p.createdAt).toLocaleTimeString('fr-FR', { timeZone: me!.timeZone }),
        p.id,
        p.state,
        p.authCode ?? '',
        money(p.amountMinor, p.currency),
        p.counted ? (p.isTest ? 'yes (test)' : 'yes') : 'no',
      ]),
    ),
  );
  card.append(t.close ? closedView(t.close, t.corrections) : closeForm(day, t));
  return card;
}

function closeForm(day: string, t: TerminalDay): HTMLElement {
  const source = h(
    'select',
    { id: `source-${t.terminalId}`, 'aria-label': "Terminal's figures from" },
    ...t.sources.map((s) =>
      h(
        'option',
        { value: s },
        s === 'entered' ? "typed from the terminal's printed report" : s === 'zvt-end-of-day' ? 'terminal end of day (ZVT)' : "simulated terminal's own log",
      ),
    ),
  );
  source.value = 'entered';
  const total = h('input', { id: `total-${t.terminalId}`, inputmode: 'decimal', 'aria-label': 'Terminal total', placeholder: '0.00' });
  const count = h('input', { id: `count-${t.terminalId}`, inputmode: 'numeric', 'aria-label': 'Number of payments on the terminal', placeholder: '0' });
  const lines = h('textarea', {
    id: `lines-${t.terminalId}`,
    rows: 4,
    'aria-label': 'Payments on the terminal, one a line (optional)',
    placeholder: '12.50 A1B2C3',
  });
  const entered = h(
    'div',
    { class: 'entered' },
    h('label', { for: total.id }, `Terminal total (${me!.currency})`),
    total,
    h('label', { for: count.id }, 'Payments'),
    count,
    h('label', { for: lines.id }, 'Payment by payment, from the printed list (amount, then receipt or authorisation number) — optional'),
    lines,
  );
  source.addEventListener('change', () => {
    entered.hidden = source.value !== 'entered';
  });
  const msg = h('p', { role: 'alert', class: 'error' });
  return h(
    'form',
    {
      class: 'close-form',
      'aria-label': `Close ${day} for terminal ${t.terminalId}`,
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void (async () => {
          let body: CloseBody = { day, terminalId: t.terminalId, source: source.value as 'zvt-end-of-day' | 'simulator-log' };
          if (source.value === 'entered') {
            // In the consulate currency's own unit (4235 XAF, 1.500 TND), exactly: shared/money.ts.
            const amount = parseMinor(total.value, me?.currency ?? '');
            if (!amount.ok || !/^\d+$/.test(count.value.trim())) {
              msg.textContent = `enter the total as on the terminal report (e.g. 123.50) and the number of payments${amount.ok ? '' : `: ${amount.reason}`}`;
              return;
            }
            body = { day, terminalId: t.terminalId, source: 'entered', totalMinor: amount.minor, count: Number(count.value), lines: lines.value };
          }
          if (!confirm(`Close ${day} for terminal ${t.terminalId}? The day is locked afterwards; later findings are added as corrections.`)) return;
          const r = await api('closeDay', { body });
          if (!r.ok) {
            msg.textContent = r.reason;
            return;
          }
          say(
            r.body.close.status === 'balanced',
            `Day ${day} closed for terminal ${t.terminalId}: ${r.body.close.status}.${r.body.printed ? ' ' + r.body.printed.message : ''}`,
          );
          await loadDay();
        })();
      },
    },
    h('h4', {}, 'Close the day'),
    h('label', { for: source.id }, "Terminal's figures from"),
    source,
    entered,
    h('button', { type: 'submit', class: 'primary' }, 'Close the day'),
    msg,
  );
}

function closedView(c: Close, corrections: Correction[]): HTMLElement {
  const detail = CloseDetail.safeParse(c.detail);
  const diffs = detail.success ? detail.data.reconciliation.differences : [];
  const note = h('input', { id: `note-${c.id}`, 'aria-label': 'Correction note', placeholder: 'what was found and done' });
  const pay = h('input', { id: `cpay-${c.id}`, 'aria-label': 'Payment id (optional)' });
  return h(
    'div',
    { class: 'closed', 'data-status': c.status },
    h(
      'p',
      { class: 'verdict', 'data-status': c.status },
      c.status === 'balanced' ? 'Balanced' : 'Differences',
      ` — closed by ${c.closedBy} at ${new Date(c.closedAt).toLocaleString('fr-FR', { timeZone: me!.timeZone })}`,
    ),
    h(
      'p',
      {},
      `Terminal ${money(c.terminalTotalMinor)} in ${c.terminalCount}; journal ${money(c.journalTotalMinor)} in ${c.journalCount}; ` +
        `difference ${money(c.terminalTotalMinor - c.journalTotalMinor)}.`,
    ),
    table(
      'Differences',
      ['Kind', 'Amount', 'Explanation'],
      diffs.map((d) => [d.kind, money(d.amountMinor), d.text]),
      { id: `differences-${c.id}` },
    ),
    h(
      'p',
      { class: 'row' },
      h('a', { href: linkTo('closePdf', { params: { id: c.id } }), download: '', id: `pdf-${c.id}` }, 'Download PDF'),
      h('a', { href: linkTo('closeCsv', { params: { id: c.id } }), download: '', id: `csv-${c.id}` }, 'Download CSV'),
      h(
        'button',
        {
          type: 'button',
          onclick: () => void api('printClose', { params: { id: c.id } }).then((r) => say(r.ok, r.ok ? r.body.message : r.reason)),
        },
        'Print on the ticket printer',
      ),
    ),
    h('h4', {}, 'Corrections'),
    table(
      'Corrections',
      ['When', 'By', 'Payment', 'Note'],
      corrections.map((x) => [new Date(x.at).toLocaleString('fr-FR', { timeZone: me!.timeZone }), x.by, x.paymentId ?? '', x.note]),
    ),
    h(
      'form',
      {
        class: 'row',
        'aria-label': 'Add a correction',
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          void api('correction', {
            params: { id: c.id },
            body: { note: note.value, ...(pay.value.trim() ? { paymentId: pay.value.trim() } : {}) },
          }).then(async (r) => {
            say(r.ok, r.ok ? 'Correction added.' : r.reason);
            if (r.ok) await loadDay();
          });
        },
      },
      note,
      pay,
      h('button', { type: 'submit' }, 'Add correction'),
    ),
  );
}

// ── activity ────────────────────────────────────────────────────────────

async function loadStats(): Promise<void> {
  const r = await api('stats', { query: { from: fromInput.value, to: toInput.value } });
  if (!r.ok) {
    say(false, r.reason);
    return;
  }
  const s = r.body.stats;
  const spreadRows = (rows: Array<{ service: string } & Spread>, all: Spread) => [
    ...rows.map((w) => [w.service, w.count, mins(w.medianMinutes), mins(w.p90Minutes)]),
    ['all services', all.count, mins(all.medianMinutes), mins(all.p90Minutes)],
  ];
  const hours = Array.from({ length: 24 }, (_, hr) => ({ label: String(hr), value: s.visitors.byHour.find((x) => x.hour === hr)?.tickets ?? 0 })).filter(
    (x, i, a) => x.value > 0 || (i >= 7 && i <= 18) || (a.slice(0, i).some((y) => y.value > 0) && a.slice(i).some((y) => y.value > 0)),
  );
  statsBox.replaceChildren(
    h(
      'p',
      {},
      `${s.visitors.total.tickets} tickets, ${s.visitors.total.persons} persons; ${s.noShows.total} no-shows. `,
      h('a', { href: linkTo('statsCsv', { query: { from: fromInput.value, to: toInput.value } }), download: '', id: 'stats-csv' }, 'Download CSV'),
    ),
    h('h3', {}, 'Visitors per hour'),
    barChart(hours, { title: 'Tickets issued per hour of the day', unit: 'tickets' }),
    h('h3', {}, 'Visitors per service'),
    barChart(
      s.visitors.byService.map((x) => ({ label: x.service, value: x.tickets })),
      { title: 'Tickets per service', unit: 'tickets' },
    ),
    table(
      'Visitors per service',
      ['Service', 'Tickets', 'Persons'],
      s.visitors.byService.map((x) => [x.service, x.tickets, x.persons]),
    ),
    h('h3', {}, 'Waiting times'),
    table('Waiting times', ['Service', 'Called', 'Median', '90th percentile'], spreadRows(s.waits.byService, s.waits.all)),
    h('h3', {}, 'Service times'),
    table('Service times', ['Service', 'Served', 'Median', '90th percentile'], spreadRows(s.serviceTimes.byService, s.serviceTimes.all)),
    h('h3', {}, 'No-shows'),
    table(
      'No-shows',
      ['Service', 'No-shows'],
      s.noShows.byService.map((x) => [x.service, x.noShows]),
    ),
    h('h3', {}, 'Counters'),
    table(
      'Counters',
      ['Counter', 'Calls', 'Recalls', 'Served', 'No-shows', 'Transfers', 'Median service', '90th percentile'],
      s.counters.map((c) => [c.counter, c.calls, c.recalls, c.served, c.noShows, c.transfers, mins(c.service.medianMinutes), mins(c.service.p90Minutes)]),
    ),
    h('h3', {}, 'Agents'),
    table(
      'Agents',
      ['Agent', 'Calls', 'Recalls', 'Served', 'No-shows', 'Transfers', 'Cancelled', 'Median service', '90th percentile'],
      s.agents.map((a) => [
        a.agent,
        a.calls,
        a.recalls,
        a.served,
        a.noShows,
        a.transfers,
        a.cancelled,
        mins(a.service.medianMinutes),
        mins(a.service.p90Minutes),
      ]),
    ),
    h('h3', {}, 'Priority visitors'),
    table(
      'Priority visitors',
      ['Asked at the kiosk', 'Self-declared', 'Issued by staff', 'Confirmed', 'Declined', 'Flagged by staff', 'Removed', 'Priority tickets by class'],
      [
        [
          s.priority.requested,
          s.priority.selfDeclared,
          s.priority.issuedByStaff,
          s.priority.confirmed,
          s.priority.declined,
          s.priority.flagged,
          s.priority.removed,
          s.priority.byClass.map((c) => `${c.priority}: ${c.tickets}`).join(', ') || '—',
        ],
      ],
    ),
    h('h3', {}, 'Ticket outcomes'),
    table(
      'Ticket outcomes',
      ['Service', 'Tickets', 'Served', 'No-show', 'Cancelled', 'Expired', 'Still open', 'Transfers'],
      s.outcomes.map((o) => [o.service, o.tickets, o.served, o.noShows, o.cancelled, o.expired, o.open, o.transfers]),
    ),
    h('h3', {}, 'Fees collected'),
    barChart(
      s.fees.map((f) => ({ label: `${f.service} (${f.currency})`, value: Number(minorToText(f.totalMinor, f.currency)) })),
      { title: 'Fees collected per service', unit: me!.currency },
    ),
    table(
      'Fees collected',
      ['Service', 'Currency', 'Payments', 'Total'],
      [
        ...s.fees.map((f) => [f.service, f.currency, f.payments, money(f.totalMinor, f.currency)]),
        ['test payments (not fees)', '', s.tests.payments, money(s.tests.totalMinor)],
      ],
      { id: 'fees' },
    ),
    // Issue 18 item 5: taken on a counter's own terminal or waived at reception; not in the kiosks' card takings above.
    h('h3', {}, 'Fees recorded at the counters (reception)'),
    table(
      'Fees recorded at the counters (reception)',
      ['Service', 'Currency', 'Settled', 'Visits', 'Total'],
      s.counterFees.map((f) => [
        f.service,
        f.currency,
        { paid: 'paid at the counter', exempt: 'exempt (waived)', free: 'no fee' }[f.kind],
        f.visits,
        money(f.totalMinor, f.currency),
      ]),
      { id: 'counter-fees' },
    ),
    h('h3', {}, 'Fees per kiosk'),
    barChart(
      s.kiosks.map((k) => ({ label: `${k.kioskId} (${k.currency})`, value: Number(minorToText(k.totalMinor, k.currency)) })),
      { title: 'Fees collected per kiosk', unit: me!.currency },
    ),
    table(
      'Fees per kiosk',
      ['Kiosk', 'Currency', 'Payments', 'Total', 'Test payments', 'Open payments', 'Day close'],
      s.kiosks.map((k) => [
        k.kioskId,
        k.currency,
        k.payments,
        money(k.totalMinor, k.currency),
        `${k.testPayments} (${money(k.testTotalMinor, k.currency)})`,
        k.pending,
        k.dayClose ?? '—',
      ]),
      { id: 'kiosks' },
    ),
  );
}

void start();
