/// <reference types="vite/client" />
// Counter console: sign in with counter + PIN, then call, recall, start, finish, no-show, transfer, hold (and recall a held ticket) and
// pause/resume, each with a keyboard shortcut shown on its button. The daemon pokes "changed" over the
// WebSocket and the console re-reads; every action answers with the fresh view too. Its words come from
// i18n/<lang>/counter.json (./i18n.ts); what the daemon itself wrote (its refusals) is shown as it came, marked
// data-daemon-text.
import './counter.css';
import type { CheckinAlerts } from '../../shared/checkin-api';
import type { CounterView, Priority } from '../../shared/queue-api';
import type { DeviceNeedingStaff } from '../../shared/post-alerts-api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';
import { api, type Answer } from '../lib/api';
import { coalesced } from '../lib/coalesce';
import { createReceptionPanel } from './reception';
import { data, languagePicker, lang, t, type CounterKey } from './i18n';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);
// Outside #app, which every queue change rebuilds: the picker stays where the agent left it, signed in or not.
app.before(languagePicker());
// The reception desk (issue 18 item 5): beside #app, so the console's re-renders leave what the agent types alone.
const reception = createReceptionPanel({ serviceName: (code) => (view ? serviceName(view, code) : code) });
app.after(reception.element);
// The daemon answers in English: marked so, a screen reader on an Arabic page reads it with an English voice.
const DAEMON = { 'data-daemon-text': '', lang: 'en' };

type View = CounterView;
let view: View | null = null;
let signedIn = false;
/** The line under the form or the console: the page's words, then what the daemon said (its refusal, in English). */
let message = { text: '', detail: '' };
// The destination chosen in the transfer list: every re-render rebuilds the list, the choice must survive it.
let transferTo = '';
// The hold reason being typed: kept across re-renders (a queue change re-renders while the agent types).
let holdReason = '';

// Views come from actions and from re-reads, on separate connections: an answer may arrive after a newer
// one. Only an answer to a request started after the one shown may replace it, so a slow re-read asked
// before an action never puts back the state from before the action (the view the keys act on).
let asked = 0;
let shown = 0;
async function readView<T>(ask: () => Promise<T>): Promise<{ answer: T; fresh: boolean }> {
  const seq = ++asked;
  const answer = await ask();
  const fresh = seq > shown;
  if (fresh) shown = seq;
  return { answer, fresh };
}

const LANE: Record<string, CounterKey> = { appointment: 'lane.appointment', 'walk-in': 'lane.walkIn', 'early-appointment': 'lane.early' };
const PRIO: Record<Priority, CounterKey> = {
  elderly: 'priority.elderly',
  disabled: 'priority.disabled',
  pregnant: 'priority.pregnant',
  children: 'priority.children',
};
const laneName = (lane: string) => (LANE[lane] ? t(LANE[lane]) : lane);
const prioName = (p: string) => (p in PRIO ? t(PRIO[p as Priority]) : p);

function messageNodes(): Array<string | HTMLElement> {
  const { text, detail } = message;
  return [text, text && detail ? ' — ' : '', detail ? h('span', DAEMON, detail) : ''];
}

function say(text: string, detail = ''): void {
  message = { text, detail };
  document.getElementById('message')?.replaceChildren(...messageNodes());
}

async function refresh(): Promise<void> {
  const me = await api('me');
  if (!me.ok) {
    signedIn = false;
    view = null;
    if (me.status === 401) {
      // A supervisor ended the session, or someone signed in at this counter: say so above the sign-in form.
      if (endedBySomeone(me.body)) message = { text: '', detail: me.reason };
      return showLogin();
    }
    return say('', me.reason);
  }
  signedIn = true;
  const { answer: v, fresh } = await readView(() => api('counter'));
  if (!fresh) return;
  if (!v.ok) {
    if (v.status === 401) return showLogin();
    return say('', v.reason);
  }
  show(v.body);
  if (alert === null) void refreshAlert();
}

function show(v: View): void {
  if (v.current?.id !== view?.current?.id) {
    transferTo = '';
    holdReason = '';
  }
  view = v;
  render();
  if (reception.element.hidden) {
    reception.element.hidden = false;
    void reception.refresh();
  }
}

function endedBySomeone(body: unknown): boolean {
  const reason = typeof body === 'object' && body !== null ? (body as { reason?: unknown }).reason : undefined;
  return reason === 'revoked' || reason === 'replaced';
}

async function showLogin(): Promise<void> {
  reception.element.hidden = true;
  // Already on screen: keep what the person is typing (a queue change re-reads while signed out too).
  if (document.getElementById('login-pin')) return say(message.text, message.detail);
  const list = await api('counters');
  const counters = list.ok ? list.body.counters : [];
  const select = h(
    'select',
    { id: 'login-counter', name: 'counter', required: true },
    ...counters.map((c) => h('option', { value: c.id }, t('signIn.counterOption', { counter: data(c.name) }))),
  );
  const saved = localStorage.getItem('counter');
  if (saved && counters.some((c) => c.id === saved)) select.value = saved;
  const pin = h('input', {
    id: 'login-pin',
    name: 'pin',
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    pattern: '[0-9]*',
    required: true,
    maxlength: 12,
  });
  const form = h(
    'form',
    { class: 'login', 'aria-label': t('signIn.form') },
    // Labels beside their fields, not around them: the name is the label's words alone, not with the chosen counter.
    h('div', { class: 'field' }, h('label', { for: 'login-counter' }, t('signIn.counter')), select),
    h('div', { class: 'field' }, h('label', { for: 'login-pin' }, t('signIn.pin')), pin),
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')),
    h('p', { id: 'message', class: 'message', role: 'alert' }, ...messageNodes()),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      const r = await api('login', { body: { counter: select.value, pin: pin.value } });
      pin.value = '';
      if (!r.ok) return say(...loginRefusal(r));
      localStorage.setItem('counter', select.value);
      say('');
      await refresh();
    })();
  });
  app.replaceChildren(h('h1', {}, t('signIn.heading')), form);
  pin.focus();
}

/** A right PIN at a counter that is not the agent's says so, apart from a wrong PIN (issue 19, item 15). */
function loginRefusal(r: { reason: string; body?: unknown }): [string, string] {
  const code = typeof r.body === 'object' && r.body !== null ? (r.body as { reason?: unknown }).reason : undefined;
  if (code === 'wrong-counter') return [t('signIn.wrongCounter'), r.reason];
  if (code === 'bad-pin') return [t('signIn.badPin'), r.reason];
  return ['', r.reason];
}

interface Action {
  id: string;
  label: CounterKey;
  key: string;
  enabled: (v: View) => boolean;
  run: (v: View) => Promise<void>;
  why?: (v: View) => string;
}

/** A counter action: every one answers with the fresh counter view. */
const post = async (ask: () => Promise<Answer<View>>) => {
  const { answer: r, fresh } = await readView(ask);
  if (!r.ok) {
    say('', r.reason);
    await refresh();
    return;
  }
  say('');
  if (fresh) show(r.body);
};
const cur = (v: View) => (v.current ? { ticketId: v.current.id } : {});

const noCurrent = () => t('why.noCurrent');
const notCalled = (v: View) => (v.current ? t('why.started') : noCurrent());

const ACTIONS: Action[] = [
  {
    id: 'call-next',
    label: 'act.callNext',
    key: 'N',
    enabled: (v) => !v.current && !v.paused && v.waiting.length > 0,
    why: (v) => t(v.current ? 'why.finishFirst' : v.paused ? 'why.paused' : 'why.nobody'),
    run: () => post(() => api('callNext', { body: {} })),
  },
  {
    id: 'recall',
    label: 'act.recall',
    key: 'R',
    enabled: (v) => v.current?.state === 'called',
    why: notCalled,
    run: (v) => post(() => api('recall', { body: cur(v) })),
  },
  {
    id: 'start',
    label: 'act.start',
    key: 'S',
    enabled: (v) => v.current?.state === 'called',
    why: notCalled,
    run: (v) => post(() => api('start', { body: cur(v) })),
  },
  {
    id: 'finish',
    label: 'act.finish',
    key: 'F',
    enabled: (v) => v.current !== null,
    why: noCurrent,
    run: (v) => post(() => api('finish', { body: cur(v) })),
  },
  {
    id: 'no-show',
    label: 'act.noShow',
    key: 'X',
    enabled: (v) => v.current?.state === 'called' && v.current.recalls >= v.noShowAfterRecalls,
    why: (v) => (v.current?.state === 'called' ? t('why.recalls', { recalls: v.noShowAfterRecalls }) : notCalled(v)),
    run: (v) => post(() => api('noShow', { body: cur(v) })),
  },
  {
    id: 'transfer',
    label: 'act.transfer',
    key: 'T',
    enabled: (v) => v.current !== null,
    why: noCurrent,
    run: async (v) => {
      const sel = document.getElementById('transfer-service') as HTMLSelectElement | null;
      if (!sel || !sel.value) return say(t('transfer.choose'));
      await post(() => api('transfer', { body: { ...cur(v), service: sel.value } }));
      transferTo = '';
    },
  },
  {
    id: 'hold',
    label: 'act.hold',
    key: 'H',
    enabled: (v) => v.current !== null,
    why: noCurrent,
    run: async (v) => {
      const reason = holdReason.trim();
      if (!reason) {
        document.getElementById('hold-reason')?.focus();
        return say(t('hold.say'));
      }
      await post(() => api('hold', { body: { ...cur(v), reason } }));
    },
  },
  {
    id: 'pause',
    label: 'act.pause',
    key: 'P',
    enabled: () => true,
    run: (v) => post(() => api(v.paused ? 'resume' : 'pause', { body: {} })),
  },
];

/**
 * The button's name is its visible words (axe label-content-name-mismatch; the key is aria-keyshortcuts), and a
 * disabled button says why in text under it, tied to it by aria-describedby (issue 19, item 15).
 */
function actionButton(a: Action, v: View): HTMLElement {
  const label = t(a.id === 'pause' && v.paused ? 'act.resume' : a.label);
  const on = a.enabled(v);
  const why = !on && a.why ? a.why(v) : null;
  const b = h(
    'button',
    {
      type: 'button',
      id: `act-${a.id}`,
      class: a.id === 'call-next' ? 'primary' : undefined,
      'aria-keyshortcuts': a.key,
      'aria-describedby': why ? `why-${a.id}` : undefined,
      disabled: !on,
      onclick: () => void a.run(v),
    },
    label,
    h('kbd', { 'aria-hidden': 'true' }, a.key),
  );
  return h('div', { class: 'action' }, b, why ? h('small', { id: `why-${a.id}`, class: 'why' }, why) : null);
}

function serviceName(v: View, code: string): string {
  const s = v.services.find((x) => x.code === code);
  return s ? (s.name[lang] ?? s.name.fr ?? s.name.en ?? code) : code;
}

type KioskAlert = CheckinAlerts;
let alert: KioskAlert | null = null;
const ALERT_WORDS: Record<string, CounterKey> = {
  'payment-unknown': 'alert.paymentUnknown',
  'paid-no-ticket': 'alert.paidNoTicket',
  'staff-lock': 'alert.staffLock',
  'ticket-print-failed': 'alert.ticketPrintFailed',
  'receipt-print-failed': 'alert.receiptPrintFailed',
  'ticket-print-waiting': 'alert.ticketPrintWaiting',
  'receipt-print-waiting': 'alert.receiptPrintWaiting',
  'staff-call': 'alert.staffCall',
  'numbers-clock': 'alert.numbersClock',
};
/** A reason this page has no words for (a newer daemon's) still says that the kiosk wants staff, and names the code. */
const alertNodes = (reason: string | undefined, ticket: string | undefined): Array<string | HTMLElement> => [
  ALERT_WORDS[reason ?? ''] ? t(ALERT_WORDS[reason ?? '']!) : t('alert.other'),
  reason && !ALERT_WORDS[reason] ? h('span', DAEMON, ` (${reason})`) : '',
  ticket ? ` — ${t('alert.ticket', { ticket: data(ticket) })}` : '',
];

async function refreshAlert(): Promise<void> {
  const r = await api('alerts');
  alert = r.ok ? r.body : null;
  render();
}

function alertBanner(): HTMLElement | null {
  if (!alert?.needsStaff) return null;
  // A failed print has its own banner with its actions (unprintedBanners), whether or not the kiosk still shows it.
  if (/^(ticket|receipt)-print-(failed|waiting)$/.test(alert.reason ?? '') && alert.unprinted.length) return null;
  return h(
    'div',
    { class: 'kiosk-alert', role: 'alert', id: 'kiosk-alert' },
    h('strong', {}, t('alert.kiosk')),
    ' ',
    ...alertNodes(alert.reason ?? undefined, alert.ticket ?? undefined),
    // Every counter sees that someone is on the way, so two agents do not both leave their desks.
    alert.acknowledgedBy
      ? h('span', { class: 'taken', 'data-acknowledged': alert.acknowledgedBy.by }, ` — ${t('alert.takenBy', { by: data(alert.acknowledgedBy.by) })}`)
      : h('button', { type: 'button', onclick: () => void acknowledgeAlert() }, t('alert.onMyWay')),
    alert.canResolve ? h('button', { type: 'button', onclick: () => void resolveKiosk() }, t('alert.unlock')) : null,
  );
}

const DEVICE_WORDS: Record<DeviceNeedingStaff['problem'], (kind: string) => string> = {
  'paper-out': () => t('device.paperOut'),
  fault: (kind) => t('device.fault', { kind }),
  offline: (kind) => t('device.offline', { kind }),
};

/**
 * Each paid ticket of this kiosk that did not print, until an agent deals with it: reprint it on the kiosk (once the
 * printer is back), or acknowledge that the visitor has the number. The kiosk's screen may have moved on; this stays.
 */
function unprintedBanners(): HTMLElement[] {
  return (alert?.unprinted ?? []).map((u) =>
    h(
      'div',
      { class: 'kiosk-alert', role: 'alert', 'data-unprinted': u.ticketId },
      h('strong', {}, t('unprinted.title', { ticket: data(u.number) })),
      ' ',
      u.waiting
        ? // Queued for the printer (paper out…): it prints by itself once the printer is back, so no reprint is offered.
          t('unprinted.waiting', { what: u.what })
        : t(u.what === 'ticket' ? 'unprinted.ticket' : 'unprinted.receipt'),
      ' ',
      u.what === 'ticket' && !u.waiting
        ? h('button', { type: 'button', onclick: () => void settleUnprinted(u.ticketId, 'reprint') }, t('unprinted.reprint', { ticket: data(u.number) }))
        : null,
      h('button', { type: 'button', onclick: () => void settleUnprinted(u.ticketId, 'acknowledge') }, t('unprinted.noted', { ticket: data(u.number) })),
    ),
  );
}

async function settleUnprinted(ticketId: string, action: 'reprint' | 'acknowledge'): Promise<void> {
  const r = await api(action === 'reprint' ? 'reprintUnprinted' : 'acknowledgeUnprinted', { params: { ticketId } });
  if (!r.ok) say(r.reason ? '' : t('refused'), r.reason);
  await refreshAlert();
}

/** On a post hub: a banner for each kiosk of the post whose visitor needs staff, or whose devices do (paper out, a fault). */
function postKioskBanners(): HTMLElement[] {
  return (alert?.kiosks ?? [])
    .filter((k) => k.needsStaff || k.devices.length > 0)
    .map((k) =>
      h(
        'div',
        { class: 'kiosk-alert', role: 'alert', 'data-kiosk': k.kioskId },
        h('strong', {}, t('postKiosk.title', { kiosk: data(k.kioskId) })),
        ' ',
        ...(k.needsStaff ? alertNodes(k.reason ?? undefined, k.ticket ?? undefined) : []),
        k.needsStaff && k.devices.length ? ' ; ' : '',
        k.devices.map((d) => DEVICE_WORDS[d.problem](d.kind)).join(' ; '),
      ),
    );
}

async function acknowledgeAlert(): Promise<void> {
  const r = await api('acknowledgeAlert');
  if (!r.ok) say(r.reason ? '' : t('refused'), r.reason);
  await refreshAlert();
}

async function resolveKiosk(): Promise<void> {
  // The reason is the journal's, read by the technician in English as the other journal entries.
  const r = await api('resolve', { body: { reason: 'visitor helped at the counter' } });
  if (!r.ok) say(r.reason ? '' : t('refused'), r.reason);
  await refreshAlert();
}

const minutes = (n: number) => t('minutes', { minutes: n });

function render(): void {
  const v = view;
  if (!v) return;
  // A queue change re-renders the console: the agent typing a hold reason keeps the caret where it was.
  const typing = document.activeElement instanceof HTMLInputElement && document.activeElement.id === 'hold-reason' ? document.activeElement : null;
  const caret = typing?.selectionStart ?? null;
  const current = v.current;
  const transferSelect = h(
    'select',
    {
      id: 'transfer-service',
      'aria-label': t('transfer.label'),
      onchange: (ev: Event) => (transferTo = (ev.target as HTMLSelectElement).value),
    },
    h('option', { value: '' }, t('transfer.none')),
    ...v.services
      .filter((s) => s.code !== current?.service)
      .map((s) => h('option', { value: s.code, selected: s.code === transferTo }, `${s.prefix} · ${serviceName(v, s.code)}`)),
  );
  const actions = ACTIONS.filter((a) => a.id !== 'transfer' && a.id !== 'hold').map((a) => actionButton(a, v));
  const holdInput = h('input', {
    id: 'hold-reason',
    type: 'text',
    maxlength: 200,
    value: holdReason,
    'aria-label': t('hold.label'),
    placeholder: t('hold.placeholder'),
    oninput: (ev: Event) => (holdReason = (ev.target as HTMLInputElement).value),
  });
  const hold = actionButton(
    ACTIONS.find((a) => a.id === 'hold')!,
    v,
  );
  const transfer = actionButton(
    ACTIONS.find((a) => a.id === 'transfer')!,
    v,
  );
  const blocked = current ? t('why.finishFirst') : v.paused ? t('why.paused') : '';

  app.replaceChildren(
    ...[alertBanner(), ...unprintedBanners(), ...postKioskBanners()].filter((x): x is HTMLElement => x !== null),
    h(
      'header',
      {},
      h('h1', {}, t('heading', { counter: data(v.counter.name) })),
      h('span', { class: 'data' }, v.user.name),
      v.paused ? h('span', { class: 'paused', role: 'status' }, t('paused')) : null,
      h('button', { type: 'button', id: 'logout', onclick: () => void logout() }, t('signOut')),
    ),
    h(
      'section',
      { class: 'current', 'aria-label': t('current') },
      current
        ? h(
            'div',
            {},
            h('div', { class: 'number num', id: 'current-number' }, current.label),
            h(
              'div',
              {},
              [
                serviceName(v, current.service),
                t('current.persons', { persons: current.persons }),
                t(current.kind === 'appointment' ? 'lane.appointment' : 'lane.walkIn'),
                current.priority ? prioName(current.priority) : '',
              ]
                .filter(Boolean)
                .join(' · '),
            ),
            h('div', { id: 'current-state' }, t('current.state', { state: current.state === 'called' ? 'called' : 'serving', recalls: current.recalls })),
            // A visit of several services (issue 18 item 8): the agent knows where Finish sends the visitor.
            v.currentNext ? h('div', { id: 'current-next', class: 'next-service' }, t('current.next', { service: data(serviceName(v, v.currentNext)) })) : '',
          )
        : h('div', { id: 'current-number', class: 'muted' }, t(v.paused ? 'counterPaused' : 'noTicket')),
      h('div', { class: 'actions', role: 'toolbar', 'aria-label': t('actions') }, ...actions),
      h('div', { class: 'transfer' }, transferSelect, transfer),
      h('div', { class: 'transfer hold' }, holdInput, hold),
    ),
    heldSection(v, blocked) ?? '',
    priorityRequestsSection(v) ?? '',
    h('p', { id: 'message', class: 'message', role: 'alert' }, ...messageNodes()),
    h('h2', { id: 'waiting-title' }, t('waiting.title', { count: v.waitingCount })),
    h('p', { id: 'why-call', class: 'why' }, blocked ? t('why.callBlocked', { why: blocked }) : ''),
    h(
      'table',
      { 'aria-labelledby': 'waiting-title', id: 'waiting' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['col.position', 'col.ticket', 'col.service', 'col.lane', 'col.priority', 'col.waiting', 'col.call'] as const).map((k) =>
            h('th', { scope: 'col' }, t(k)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...v.waiting.map((w) =>
          h(
            'tr',
            { 'data-ticket': w.ticket.id },
            h('td', {}, String(w.position)),
            h('td', { class: 'num' }, w.ticket.label),
            h('td', {}, serviceName(v, w.ticket.service)),
            h('td', {}, laneName(w.lane)),
            h('td', {}, w.ticket.priority ? prioName(w.ticket.priority) : flagSelect(w.ticket)),
            h('td', {}, minutes(w.waitingMinutes)),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  disabled: !!blocked,
                  'aria-describedby': blocked ? 'why-call' : undefined,
                  onclick: () => void post(() => api('call', { body: { ticketId: w.ticket.id } })),
                },
                t('callTicket', { ticket: data(w.ticket.label) }),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  if (typing) {
    const input = document.getElementById('hold-reason') as HTMLInputElement | null;
    input?.focus();
    if (caret !== null) input?.setSelectionRange(caret, caret);
  }
}

/** Reception flags a waiting visitor as priority (issue 18), asked for or not: the ticket moves up at once. */
function flagSelect(tk: View['waiting'][number]['ticket']): HTMLElement {
  return h(
    'select',
    {
      'aria-label': t('flag', { ticket: data(tk.label) }),
      onchange: (ev: Event) => {
        const priority = (ev.target as HTMLSelectElement).value as Priority | '';
        if (priority) void post(() => api('priority', { body: { ticketId: tk.id, decision: 'flag', priority } }));
      },
    },
    h('option', { value: '' }, '—'),
    ...Object.entries(PRIO).map(([k, key]) => h('option', { value: k }, t(key))),
  );
}

/**
 * Priority asked at the kiosk (issue 18), waiting for a staff member's word: confirm (the ticket moves up the calling
 * order) or decline (it stays ordinary). Journaled with who.
 */
function priorityRequestsSection(v: View): HTMLElement | null {
  if (v.priorityRequests.length === 0) return null;
  const decide = (ticketId: string, decision: 'confirm' | 'decline') => void post(() => api('priority', { body: { ticketId, decision } }));
  return h(
    'section',
    { class: 'priority-requests', 'aria-labelledby': 'priority-title' },
    h('h2', { id: 'priority-title' }, t('priorityRequests.title', { count: v.priorityRequests.length })),
    h(
      'table',
      { 'aria-labelledby': 'priority-title', id: 'priority-requests' },
      h(
        'thead',
        {},
        h('tr', {}, ...(['col.ticket', 'col.service', 'col.request', 'col.waiting', 'col.decision'] as const).map((k) => h('th', { scope: 'col' }, t(k)))),
      ),
      h(
        'tbody',
        {},
        ...v.priorityRequests.map((r) => {
          const l = data(r.ticket.label);
          return h(
            'tr',
            { 'data-priority-request': r.ticket.id },
            h('td', { class: 'num' }, r.ticket.label),
            h('td', {}, serviceName(v, r.ticket.service)),
            h('td', {}, prioName(r.ticket.priorityRequest ?? '')),
            h('td', {}, minutes(r.waitingMinutes)),
            h(
              'td',
              {},
              h('button', { type: 'button', onclick: () => decide(r.ticket.id, 'confirm') }, t('confirm', { ticket: l })),
              h('button', { type: 'button', onclick: () => decide(r.ticket.id, 'decline') }, t('decline', { ticket: l })),
            ),
          );
        }),
      ),
    ),
  );
}

/**
 * The visitors this counter put on hold: each is called back here with its own number ("Recall"), which the board
 * shows and announces as a call. Only when the counter is free and not paused, as for any call.
 */
function heldSection(v: View, blocked: string): HTMLElement | null {
  if (v.held.length === 0) return null;
  return h(
    'section',
    { class: 'held', 'aria-labelledby': 'held-title' },
    h('h2', { id: 'held-title' }, t('held.title', { count: v.held.length })),
    blocked ? h('p', { id: 'why-recall-held', class: 'why' }, t('held.blocked', { why: blocked })) : null,
    h(
      'table',
      { 'aria-labelledby': 'held-title', id: 'held' },
      h(
        'thead',
        {},
        h('tr', {}, ...(['col.ticket', 'col.service', 'col.reason', 'col.since', 'col.recall'] as const).map((k) => h('th', { scope: 'col' }, t(k)))),
      ),
      h(
        'tbody',
        {},
        ...v.held.map((e) =>
          h(
            'tr',
            { 'data-held': e.ticket.id },
            h('td', { class: 'num' }, e.ticket.label),
            h('td', {}, serviceName(v, e.ticket.service)),
            // What the agent typed: their words, in their language, with their direction.
            h('td', { class: 'data' }, e.reason),
            h('td', {}, minutes(e.heldMinutes)),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  disabled: !!blocked,
                  'aria-describedby': blocked ? 'why-recall-held' : undefined,
                  onclick: () => void post(() => api('recallHeld', { body: { ticketId: e.ticket.id } })),
                },
                t('recallHeld', { ticket: data(e.ticket.label) }),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

async function logout(): Promise<void> {
  await api('logout');
  say('');
  await refresh();
}

/**
 * A keyboard-wedge scanner at the reception desk types a whole QR text within milliseconds, wherever the focus is: its
 * letters must not act as shortcuts (an "N" inside a code would call the next visitor). A shortcut runs once no other
 * key followed it within SCAN_GAP_MS (a person's next key comes 80 ms and more later); a burst is the reception's.
 */
const SCAN_GAP_MS = 60;
let pendingShortcut: ReturnType<typeof setTimeout> | null = null;
document.addEventListener('keydown', (ev) => {
  if (pendingShortcut !== null) {
    clearTimeout(pendingShortcut);
    pendingShortcut = null;
  }
  if (!signedIn || !view || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
  const a = ACTIONS.find((x) => x.key === ev.key.toUpperCase());
  if (!a) return;
  ev.preventDefault();
  pendingShortcut = setTimeout(() => {
    pendingShortcut = null;
    if (view) shortcut(a, view);
  }, SCAN_GAP_MS);
});

function shortcut(a: Action, v: View): void {
  if (a.id === 'hold' && !holdReason.trim()) {
    // H first goes to the reason; the Hold button (or H again once a reason is typed) sends it.
    document.getElementById('hold-reason')?.focus();
    return;
  }
  if (a.id === 'transfer') {
    // T first picks the destination; the Transfer button (or T again with a service chosen) sends it.
    const sel = document.getElementById('transfer-service') as HTMLSelectElement | null;
    if (sel && !sel.value) {
      sel.focus();
      return;
    }
  }
  if (a.enabled(v)) void a.run(v);
}

const scheduleRefresh = coalesced(refresh);
const scheduleReception = coalesced(() => reception.refresh());

connectLive({
  onPush: (m) => {
    if (m.type === 'changed' && m.topic === 'queue') {
      scheduleRefresh();
      // A check-in anywhere (kiosk or another counter) issues a ticket: the day's list changes with it.
      if (signedIn) scheduleReception();
    }
    if (m.type === 'changed' && (m.topic === 'alerts' || m.topic === 'payments') && signedIn) void refreshAlert();
  },
  onConnected: () => {
    scheduleRefresh();
    if (signedIn) void refreshAlert();
  },
  onState: (s) => showLink(link, s, { connecting: t('link.connecting'), online: t('link.online'), offline: t('link.offline') }),
});
