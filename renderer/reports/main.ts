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
import { pageLanguage, pageTranslator } from '../lib/catalogues';
import { applyLanguage } from '../lib/i18n';

type User = NonNullable<ReportsMe['user']>;
type Me = ReportsMe;
type Close = DayClose;

const app = byId('app');
// ?lang=fr or ?lang=ar (i18n/<lang>/reports.json); English, the page's language before the catalogues, without it.
const lang = pageLanguage('reports', null, 'en');
const { t } = pageTranslator('reports', lang, 'en');
applyLanguage(document.documentElement, lang);
document.title = t('title');
let me: Me | null = null;
const money = (minor: number, cur = me?.currency ?? '') => moneyText(minor, cur);
const mins = (v: number | null) => (v === null ? '—' : t('minutes', { minutes: v }));
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
        : [h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, t('none')))]),
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
    'aria-label': t('pin'),
    required: true,
    minlength: 4,
    maxlength: 12,
  });
  const msg = h('p', { role: 'alert', class: 'error' }, message);
  app.replaceChildren(
    h('h1', {}, t('title')),
    h(
      'form',
      {
        'aria-label': t('signInForm'),
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
              msg.textContent = t('notSupervisor', { role: r.body.user.role });
              return;
            }
            await start();
          })();
        },
      },
      h('label', { for: 'pin' }, t('pin')),
      pin,
      h('button', { type: 'submit', class: 'primary' }, t('signIn')),
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

const dayInput = h('input', { id: 'day', type: 'date', 'aria-label': t('businessDay'), required: true });
const dayBox = h('div', { id: 'day-close' });
const postBox = h('div', { id: 'post-day-box' });
const fromInput = h('input', { id: 'from', type: 'date', 'aria-label': t('from'), required: true });
const toInput = h('input', { id: 'to', type: 'date', 'aria-label': t('to'), required: true });
const statsBox = h('div', { id: 'stats' });

function buildPage(user: User): void {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: me!.timeZone });
  dayInput.value = today;
  toInput.value = today;
  fromInput.value = new Date(Date.now() - 6 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: me!.timeZone });
  const sessions = sessionsSection({ timeZone: me!.timeZone, say, t });
  const refunds = refundsSection({ timeZone: me!.timeZone, today });
  app.replaceChildren(
    h('h1', {}, t('title')),
    h(
      'p',
      {},
      t('signedInAs', { consulate: me!.consulate, name: user.name }),
      h('button', { type: 'button', onclick: () => void api('logout').then(() => showSignIn()) }, t('signOut')),
    ),
    status,
    h(
      'section',
      { 'aria-labelledby': 'close-title' },
      h('h2', { id: 'close-title' }, t('dayClose')),
      h(
        'form',
        {
          class: 'row',
          'aria-label': t('chooseDay'),
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            void loadDay();
          },
        },
        h('label', { for: 'day' }, t('day')),
        dayInput,
        h('button', { type: 'submit' }, t('showDay')),
      ),
      dayBox,
      postBox,
    ),
    refunds.section,
    h(
      'section',
      { 'aria-labelledby': 'stats-title' },
      h('h2', { id: 'stats-title' }, t('activity')),
      h(
        'form',
        {
          class: 'row',
          'aria-label': t('choosePeriod'),
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            void loadStats();
          },
        },
        h('label', { for: 'from' }, t('from')),
        fromInput,
        h('label', { for: 'to' }, t('to')),
        toInput,
        h('button', { type: 'submit' }, t('showFigures')),
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
  const postError = await loadPostDay(postBox, r.body.day, t);
  if (postError) say(false, postError);
}

function terminalCard(day: string, term: TerminalDay): HTMLElement {
  const j = term.journal;
  const card = h(
    'article',
    { class: 'card', 'data-terminal': term.terminalId, 'aria-label': t('terminal', { terminal: term.terminalId }) },
    h('h3', {}, term.protocol ? t('terminalProtocol', { terminal: term.terminalId, protocol: term.protocol }) : t('terminal', { terminal: term.terminalId })),
    h(
      'p',
      { class: 'facts' },
      t('journalFacts', { total: money(j.totalMinor), count: j.count, tests: j.testCount, testTotal: money(j.testTotalMinor), declined: j.declined }),
    ),
  );
  if (term.pending.length) card.append(h('p', { class: 'banner', role: 'alert' }, t('pending', { payments: term.pending.join(', ') })));
  card.append(
    table(
      t('paymentsOf', { terminal: term.terminalId }),
      [t('col.time'), t('col.payment'), t('col.state'), t('col.auth'), t('col.amount'), t('col.counted')],
      term.payments.map((p) => [
        new Date(p.createdAt).toLocaleTimeString('fr-FR', { timeZone: me!.timeZone }),
        p.id,
        t('paymentState', { state: p.state }),
        p.authCode ?? '',
        money(p.amountMinor, p.currency),
        p.counted ? (p.isTest ? t('counted.test') : t('counted.yes')) : t('counted.no'),
      ]),
    ),
  );
  card.append(term.close ? closedView(term.close, term.corrections) : closeForm(day, term));
  return card;
}

function closeForm(day: string, term: TerminalDay): HTMLElement {
  const source = h(
    'select',
    { id: `source-${term.terminalId}`, 'aria-label': t('figuresFrom') },
    ...term.sources.map((s) => h('option', { value: s }, s === 'entered' ? t('source.entered') : s === 'zvt-end-of-day' ? t('source.zvt') : t('source.sim'))),
  );
  source.value = 'entered';
  const total = h('input', { id: `total-${term.terminalId}`, inputmode: 'decimal', 'aria-label': t('terminalTotal'), placeholder: '0.00' });
  const count = h('input', { id: `count-${term.terminalId}`, inputmode: 'numeric', 'aria-label': t('terminalCount'), placeholder: '0' });
  const lines = h('textarea', {
    id: `lines-${term.terminalId}`,
    rows: 4,
    'aria-label': t('terminalLines'),
    placeholder: t('linesPlaceholder'),
  });
  const entered = h(
    'div',
    { class: 'entered' },
    h('label', { for: total.id }, t('terminalTotalIn', { currency: me!.currency })),
    total,
    h('label', { for: count.id }, t('payments')),
    count,
    h('label', { for: lines.id }, t('linesHint')),
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
      'aria-label': t('closeFor', { day, terminal: term.terminalId }),
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void (async () => {
          let body: CloseBody = { day, terminalId: term.terminalId, source: source.value as 'zvt-end-of-day' | 'simulator-log' };
          if (source.value === 'entered') {
            // In the consulate currency's own unit (4235 XAF, 1.500 TND), exactly: shared/money.ts.
            const amount = parseMinor(total.value, me?.currency ?? '');
            if (!amount.ok || !/^\d+$/.test(count.value.trim())) {
              msg.textContent = amount.ok ? t('enterTotal') : t('enterTotalBecause', { reason: amount.reason });
              return;
            }
            body = { day, terminalId: term.terminalId, source: 'entered', totalMinor: amount.minor, count: Number(count.value), lines: lines.value };
          }
          if (!confirm(t('confirmClose', { day, terminal: term.terminalId }))) return;
          const r = await api('closeDay', { body });
          if (!r.ok) {
            msg.textContent = r.reason;
            return;
          }
          say(
            r.body.close.status === 'balanced',
            t('closed', { day, terminal: term.terminalId, status: r.body.close.status === 'balanced' ? t('status.balanced') : t('status.differences') }) +
              (r.body.printed ? ' ' + r.body.printed.message : ''),
          );
          await loadDay();
        })();
      },
    },
    h('h4', {}, t('closeTheDay')),
    h('label', { for: source.id }, t('figuresFrom')),
    source,
    entered,
    h('button', { type: 'submit', class: 'primary' }, t('closeTheDay')),
    msg,
  );
}

function closedView(c: Close, corrections: Correction[]): HTMLElement {
  const detail = CloseDetail.safeParse(c.detail);
  const diffs = detail.success ? detail.data.reconciliation.differences : [];
  const note = h('input', { id: `note-${c.id}`, 'aria-label': t('correctionNote'), placeholder: t('correctionHint') });
  const pay = h('input', { id: `cpay-${c.id}`, 'aria-label': t('correctionPayment') });
  return h(
    'div',
    { class: 'closed', 'data-status': c.status },
    h(
      'p',
      { class: 'verdict', 'data-status': c.status },
      c.status === 'balanced' ? t('verdict.balanced') : t('verdict.differences'),
      t('closedBy', { by: c.closedBy, at: new Date(c.closedAt).toLocaleString('fr-FR', { timeZone: me!.timeZone }) }),
    ),
    h(
      'p',
      {},
      t('closeFacts', {
        terminalTotal: money(c.terminalTotalMinor),
        terminalCount: c.terminalCount,
        journalTotal: money(c.journalTotalMinor),
        journalCount: c.journalCount,
        difference: money(c.terminalTotalMinor - c.journalTotalMinor),
      }),
    ),
    table(
      t('differences'),
      [t('col.kind'), t('col.amount'), t('col.explanation')],
      diffs.map((d) => [d.kind, money(d.amountMinor), d.text]),
      { id: `differences-${c.id}` },
    ),
    h(
      'p',
      { class: 'row' },
      h('a', { href: linkTo('closePdf', { params: { id: c.id } }), download: '', id: `pdf-${c.id}` }, t('downloadPdf')),
      h('a', { href: linkTo('closeCsv', { params: { id: c.id } }), download: '', id: `csv-${c.id}` }, t('downloadCsv')),
      h(
        'button',
        {
          type: 'button',
          onclick: () => void api('printClose', { params: { id: c.id } }).then((r) => say(r.ok, r.ok ? r.body.message : r.reason)),
        },
        t('printClose'),
      ),
    ),
    h('h4', {}, t('corrections')),
    table(
      t('corrections'),
      [t('col.when'), t('col.by'), t('col.payment'), t('col.note')],
      corrections.map((x) => [new Date(x.at).toLocaleString('fr-FR', { timeZone: me!.timeZone }), x.by, x.paymentId ?? '', x.note]),
    ),
    h(
      'form',
      {
        class: 'row',
        'aria-label': t('addCorrectionForm'),
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          void api('correction', {
            params: { id: c.id },
            body: { note: note.value, ...(pay.value.trim() ? { paymentId: pay.value.trim() } : {}) },
          }).then(async (r) => {
            say(r.ok, r.ok ? t('correctionAdded') : r.reason);
            if (r.ok) await loadDay();
          });
        },
      },
      note,
      pay,
      h('button', { type: 'submit' }, t('addCorrection')),
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
    [t('allServices'), all.count, mins(all.medianMinutes), mins(all.p90Minutes)],
  ];
  const hours = Array.from({ length: 24 }, (_, hr) => ({ label: String(hr), value: s.visitors.byHour.find((x) => x.hour === hr)?.tickets ?? 0 })).filter(
    (x, i, a) => x.value > 0 || (i >= 7 && i <= 18) || (a.slice(0, i).some((y) => y.value > 0) && a.slice(i).some((y) => y.value > 0)),
  );
  statsBox.replaceChildren(
    h(
      'p',
      {},
      t('periodFacts', { tickets: s.visitors.total.tickets, persons: s.visitors.total.persons, noShows: s.noShows.total }),
      h('a', { href: linkTo('statsCsv', { query: { from: fromInput.value, to: toInput.value } }), download: '', id: 'stats-csv' }, t('downloadCsv')),
    ),
    h('h3', {}, t('visitorsPerHour')),
    barChart(hours, { title: t('chart.perHour'), unit: t('unit.tickets'), noData: t('chart.noData'), empty: t('chart.empty') }),
    h('h3', {}, t('visitorsPerService')),
    barChart(
      s.visitors.byService.map((x) => ({ label: x.service, value: x.tickets })),
      { title: t('chart.perService'), unit: t('unit.tickets'), noData: t('chart.noData'), empty: t('chart.empty') },
    ),
    table(
      t('visitorsPerService'),
      [t('col.service'), t('col.tickets'), t('col.persons')],
      s.visitors.byService.map((x) => [x.service, x.tickets, x.persons]),
    ),
    h('h3', {}, t('waitingTimes')),
    table(t('waitingTimes'), [t('col.service'), t('col.called'), t('col.median'), t('col.p90')], spreadRows(s.waits.byService, s.waits.all)),
    h('h3', {}, t('serviceTimes')),
    table(t('serviceTimes'), [t('col.service'), t('col.served'), t('col.median'), t('col.p90')], spreadRows(s.serviceTimes.byService, s.serviceTimes.all)),
    h('h3', {}, t('noShows')),
    table(
      t('noShows'),
      [t('col.service'), t('noShows')],
      s.noShows.byService.map((x) => [x.service, x.noShows]),
    ),
    h('h3', {}, t('counters')),
    table(
      t('counters'),
      [t('col.counter'), t('col.calls'), t('col.recalls'), t('col.served'), t('noShows'), t('col.transfers'), t('col.medianService'), t('col.p90')],
      s.counters.map((c) => [c.counter, c.calls, c.recalls, c.served, c.noShows, c.transfers, mins(c.service.medianMinutes), mins(c.service.p90Minutes)]),
    ),
    h('h3', {}, t('agents')),
    table(
      t('agents'),
      [
        t('col.agent'),
        t('col.calls'),
        t('col.recalls'),
        t('col.served'),
        t('noShows'),
        t('col.transfers'),
        t('col.cancelled'),
        t('col.medianService'),
        t('col.p90'),
      ],
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
    h('h3', {}, t('priority')),
    table(
      t('priority'),
      [
        t('col.requested'),
        t('col.selfDeclared'),
        t('col.issuedByStaff'),
        t('col.confirmed'),
        t('col.declined'),
        t('col.flagged'),
        t('col.removed'),
        t('col.byClass'),
      ],
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
    h('h3', {}, t('outcomes')),
    table(
      t('outcomes'),
      [t('col.service'), t('col.tickets'), t('col.served'), t('col.noShow'), t('col.cancelled'), t('col.expired'), t('col.open'), t('col.transfers')],
      s.outcomes.map((o) => [o.service, o.tickets, o.served, o.noShows, o.cancelled, o.expired, o.open, o.transfers]),
    ),
    h('h3', {}, t('fees')),
    barChart(
      s.fees.map((f) => ({ label: `${f.service} (${f.currency})`, value: Number(minorToText(f.totalMinor, f.currency)) })),
      { title: t('chart.feesPerService'), unit: me!.currency, noData: t('chart.noData'), empty: t('chart.empty') },
    ),
    table(
      t('fees'),
      [t('col.service'), t('col.currency'), t('col.payments'), t('col.total')],
      [
        ...s.fees.map((f) => [f.service, f.currency, f.payments, money(f.totalMinor, f.currency)]),
        [t('testPayments'), '', s.tests.payments, money(s.tests.totalMinor)],
      ],
      { id: 'fees' },
    ),
    // Issue 18 item 5: taken on a counter's own terminal or waived at reception; not in the kiosks' card takings above.
    h('h3', {}, t('counterFees')),
    table(
      t('counterFees'),
      [t('col.service'), t('col.currency'), t('col.settled'), t('col.visits'), t('col.total')],
      s.counterFees.map((f) => [f.service, f.currency, t(`counterFee.${f.kind}`), f.visits, money(f.totalMinor, f.currency)]),
      { id: 'counter-fees' },
    ),
    h('h3', {}, t('feesPerKiosk')),
    barChart(
      s.kiosks.map((k) => ({ label: `${k.kioskId} (${k.currency})`, value: Number(minorToText(k.totalMinor, k.currency)) })),
      { title: t('chart.feesPerKiosk'), unit: me!.currency, noData: t('chart.noData'), empty: t('chart.empty') },
    ),
    table(
      t('feesPerKiosk'),
      [t('col.kiosk'), t('col.currency'), t('col.payments'), t('col.total'), t('col.testPayments'), t('col.openPayments'), t('col.dayClose')],
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
