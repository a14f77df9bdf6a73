/// <reference types="vite/client" />
// Counter console: sign in with counter + PIN, then call, recall, start, finish, no-show, transfer, hold (and recall a held ticket) and
// pause/resume, each with a keyboard shortcut shown on its button. The daemon pokes "changed" over the
// WebSocket and the console re-reads; every action answers with the fresh view too.
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

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);
// The reception desk (issue 18 item 5): beside #app, so the console's re-renders leave what the agent types alone.
const reception = createReceptionPanel({ serviceName: (code) => (view ? serviceName(view, code) : code) });
app.after(reception.element);

type View = CounterView;
let view: View | null = null;
let signedIn = false;
let message = '';
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

const LANE: Record<string, string> = { appointment: 'RDV', 'walk-in': 'Sans RDV', 'early-appointment': 'RDV (en avance)' };
const PRIO: Record<string, string> = { elderly: 'Âgé', disabled: 'Handicap', pregnant: 'Enceinte', children: 'Enfants' };

function say(text: string): void {
  message = text;
  const el = document.getElementById('message');
  if (el) el.textContent = text;
}

async function refresh(): Promise<void> {
  const me = await api('me');
  if (!me.ok) {
    signedIn = false;
    view = null;
    if (me.status === 401) {
      // A supervisor ended the session, or someone signed in at this counter: say so above the sign-in form.
      if (endedBySomeone(me.body)) message = me.reason;
      return showLogin();
    }
    return say(me.reason);
  }
  signedIn = true;
  const { answer: v, fresh } = await readView(() => api('counter'));
  if (!fresh) return;
  if (!v.ok) {
    if (v.status === 401) return showLogin();
    return say(v.reason);
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
  if (document.getElementById('login-pin')) return say(message);
  const list = await api('counters');
  const counters = list.ok ? list.body.counters : [];
  const select = h(
    'select',
    { id: 'login-counter', name: 'counter', 'aria-label': 'Guichet / Counter', required: true },
    ...counters.map((c) => h('option', { value: c.id }, `Guichet ${c.name}`)),
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
    'aria-label': 'PIN',
    required: true,
    maxlength: 12,
  });
  const form = h(
    'form',
    { class: 'login', 'aria-label': 'Connexion du guichet / Counter sign-in' },
    h('label', {}, 'Guichet / Counter', select),
    h('label', {}, 'Code PIN', pin),
    h('button', { type: 'submit', class: 'primary', 'aria-label': 'Se connecter / Sign in' }, 'Se connecter / Sign in'),
    h('p', { id: 'message', class: 'message', role: 'alert' }, message),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      const r = await api('login', { body: { counter: select.value, pin: pin.value } });
      pin.value = '';
      if (!r.ok) return say(loginRefusal(r));
      localStorage.setItem('counter', select.value);
      say('');
      await refresh();
    })();
  });
  app.replaceChildren(h('h1', {}, 'Guichet / Counter'), form);
  pin.focus();
}

/** A right PIN at a counter that is not the agent's says so, apart from a wrong PIN (issue 19, item 15). */
function loginRefusal(r: { reason: string; body?: unknown }): string {
  const code = typeof r.body === 'object' && r.body !== null ? (r.body as { reason?: unknown }).reason : undefined;
  if (code === 'wrong-counter') return `Code PIN correct, mais pas pour ce guichet : choisissez votre guichet / ${r.reason}`;
  if (code === 'bad-pin') return `Code PIN incorrect / ${r.reason}`;
  return r.reason;
}

interface Action {
  id: string;
  label: string;
  key: string;
  enabled: (v: View) => boolean;
  run: (v: View) => Promise<void>;
  why?: (v: View) => string;
}

/** A counter action: every one answers with the fresh counter view. */
const post = async (ask: () => Promise<Answer<View>>) => {
  const { answer: r, fresh } = await readView(ask);
  if (!r.ok) {
    say(r.reason);
    await refresh();
    return;
  }
  say('');
  if (fresh) show(r.body);
};
const cur = (v: View) => (v.current ? { ticketId: v.current.id } : {});

const NO_CURRENT = 'aucun ticket en cours / no current ticket';
const notCalled = (v: View) => (v.current ? 'ticket déjà commencé / ticket already started' : NO_CURRENT);

const ACTIONS: Action[] = [
  {
    id: 'call-next',
    label: 'Appeler le suivant / Call next',
    key: 'N',
    enabled: (v) => !v.current && !v.paused && v.waiting.length > 0,
    why: (v) =>
      v.current
        ? 'terminez d’abord le ticket en cours / finish the current ticket first'
        : v.paused
          ? 'guichet en pause / counter paused'
          : 'personne en attente / nobody waiting',
    run: () => post(() => api('callNext', { body: {} })),
  },
  {
    id: 'recall',
    label: 'Rappeler / Recall',
    key: 'R',
    enabled: (v) => v.current?.state === 'called',
    why: notCalled,
    run: (v) => post(() => api('recall', { body: cur(v) })),
  },
  {
    id: 'start',
    label: 'Commencer / Start',
    key: 'S',
    enabled: (v) => v.current?.state === 'called',
    why: notCalled,
    run: (v) => post(() => api('start', { body: cur(v) })),
  },
  {
    id: 'finish',
    label: 'Terminer / Finish',
    key: 'F',
    enabled: (v) => v.current !== null,
    why: () => NO_CURRENT,
    run: (v) => post(() => api('finish', { body: cur(v) })),
  },
  {
    id: 'no-show',
    label: 'Absent / No-show',
    key: 'X',
    enabled: (v) => v.current?.state === 'called' && v.current.recalls >= v.noShowAfterRecalls,
    why: (v) => (v.current?.state === 'called' ? `après ${v.noShowAfterRecalls} rappels / after ${v.noShowAfterRecalls} recalls` : notCalled(v)),
    run: (v) => post(() => api('noShow', { body: cur(v) })),
  },
  {
    id: 'transfer',
    label: 'Transférer / Transfer',
    key: 'T',
    enabled: (v) => v.current !== null,
    why: () => NO_CURRENT,
    run: async (v) => {
      const sel = document.getElementById('transfer-service') as HTMLSelectElement | null;
      if (!sel || !sel.value) return say('Choisissez le service de destination / choose the service to transfer to');
      await post(() => api('transfer', { body: { ...cur(v), service: sel.value } }));
      transferTo = '';
    },
  },
  {
    id: 'hold',
    label: 'Mettre en attente / Hold',
    key: 'H',
    enabled: (v) => v.current !== null,
    why: () => NO_CURRENT,
    run: async (v) => {
      const reason = holdReason.trim();
      if (!reason) {
        document.getElementById('hold-reason')?.focus();
        return say('Dites pourquoi le visiteur est mis en attente / say why the visitor is put on hold');
      }
      await post(() => api('hold', { body: { ...cur(v), reason } }));
    },
  },
  {
    id: 'pause',
    label: 'Pause / Reprendre — Pause / Resume',
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
  const label = a.id === 'pause' ? (v.paused ? 'Reprendre / Resume' : 'Pause') : a.label;
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
  return s ? (s.name.fr ?? s.name.en ?? code) : code;
}

type KioskAlert = CheckinAlerts;
let alert: KioskAlert | null = null;
const ALERT_WORDS: Record<string, string> = {
  'payment-unknown':
    'un paiement est incertain : vérifiez le journal du terminal puis réglez-le dans Diagnostics / ' +
    'a payment is uncertain: check the terminal journal, then settle it in Diagnostics',
  'paid-no-ticket': 'payé mais aucun numéro de ticket : donnez un ticket au visiteur / paid but no ticket number: give the visitor a ticket',
  'staff-lock': 'borne verrouillée pour le personnel / kiosk locked for staff',
  'ticket-print-failed': 'le ticket n’a pas été imprimé : le numéro est affiché sur la borne / the ticket did not print: its number is on the kiosk screen',
  'receipt-print-failed': 'le reçu n’a pas été imprimé / the receipt did not print',
  'ticket-print-waiting':
    'imprimante arrêtée (papier ?) : le ticket attend, son numéro est affiché sur la borne / ' +
    'printer stopped (paper?): the ticket waits, its number is on the kiosk screen',
  'receipt-print-waiting': 'imprimante arrêtée (papier ?) : le reçu attend / printer stopped (paper?): the receipt waits',
  'staff-call': 'un visiteur appelle à l’aide / a visitor is calling for help',
  'numbers-clock':
    'l’horloge de la borne est décalée, elle ne donne plus de tickets : réglez l’heure (Diagnostics) / ' +
    'the kiosk clock is off, it gives no tickets: set its time (Diagnostics)',
};

async function refreshAlert(): Promise<void> {
  const r = await api('alerts');
  alert = r.ok ? r.body : null;
  render();
}

function alertBanner(): HTMLElement | null {
  if (!alert?.needsStaff) return null;
  // A failed print has its own banner with its actions (unprintedBanners), whether or not the kiosk still shows it.
  if (/^(ticket|receipt)-print-(failed|waiting)$/.test(alert.reason ?? '') && alert.unprinted.length) return null;
  const text = ALERT_WORDS[alert.reason ?? ''] ?? alert.reason ?? '';
  return h(
    'div',
    { class: 'kiosk-alert', role: 'alert', id: 'kiosk-alert' },
    h('strong', {}, 'Borne d’accueil / Kiosk: '),
    text,
    alert.ticket ? ` — ticket ${alert.ticket}` : '',
    // Every counter sees that someone is on the way, so two agents do not both leave their desks.
    alert.acknowledgedBy
      ? h(
          'span',
          { class: 'taken', 'data-acknowledged': alert.acknowledgedBy.by },
          ` — pris en charge par ${alert.acknowledgedBy.by} / ${alert.acknowledgedBy.by} is on the way`,
        )
      : h('button', { type: 'button', onclick: () => void acknowledgeAlert() }, 'J’y vais / On my way'),
    alert.canResolve
      ? h('button', { type: 'button', onclick: () => void resolveKiosk() }, 'Visiteur aidé, débloquer la borne / Visitor helped, unlock the kiosk')
      : null,
  );
}

const DEVICE_NAMES: Record<string, string> = { printer: 'imprimante', terminal: 'terminal de paiement', scanner: 'lecteur' };
const DEVICE_WORDS: Record<DeviceNeedingStaff['problem'], (kind: string) => string> = {
  'paper-out': () => 'imprimante sans papier : mettez un rouleau / printer out of paper: load a roll',
  fault: (kind) => `${DEVICE_NAMES[kind] ?? kind} en panne / ${kind} fault`,
  offline: (kind) => `${DEVICE_NAMES[kind] ?? kind} déconnecté / ${kind} not connected`,
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
      h('strong', {}, `Ticket ${u.number}: `),
      u.waiting
        ? // Queued for the printer (paper out…): it prints by itself once the printer is back, so no reprint is offered.
          `${u.what === 'ticket' ? 'ticket' : 'reçu'} en attente de l’imprimante (papier ?) : il s’imprimera dès qu’elle repart / ` +
            `${u.what} waiting for the printer (paper?): it prints as soon as the printer is back `
        : u.what === 'ticket'
          ? 'payé, non imprimé : le visiteur n’a que le numéro affiché / paid, not printed: the visitor only has the number shown '
          : 'ticket imprimé, reçu non imprimé / ticket printed, receipt not printed ',
      u.what === 'ticket' && !u.waiting
        ? h(
            'button',
            { type: 'button', onclick: () => void settleUnprinted(u.ticketId, 'reprint') },
            `Réimprimer le ticket ${u.number} / Reprint ticket ${u.number}`,
          )
        : null,
      h(
        'button',
        { type: 'button', onclick: () => void settleUnprinted(u.ticketId, 'acknowledge') },
        `Le visiteur a son numéro ${u.number} / The visitor has number ${u.number}`,
      ),
    ),
  );
}

async function settleUnprinted(ticketId: string, action: 'reprint' | 'acknowledge'): Promise<void> {
  const r = await api(action === 'reprint' ? 'reprintUnprinted' : 'acknowledgeUnprinted', { params: { ticketId } });
  if (!r.ok) say(r.reason || 'refused');
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
        h('strong', {}, `Borne / Kiosk ${k.kioskId}: `),
        [
          k.needsStaff ? `${ALERT_WORDS[k.reason ?? ''] ?? k.reason ?? ''}${k.ticket ? ` — ticket ${k.ticket}` : ''}` : null,
          ...k.devices.map((d) => DEVICE_WORDS[d.problem](d.kind)),
        ]
          .filter((x): x is string => x !== null)
          .join(' ; '),
      ),
    );
}

async function acknowledgeAlert(): Promise<void> {
  const r = await api('acknowledgeAlert');
  if (!r.ok) say(r.reason || 'refused');
  await refreshAlert();
}

async function resolveKiosk(): Promise<void> {
  const r = await api('resolve', { body: { reason: 'visitor helped at the counter' } });
  if (!r.ok) say(r.reason || 'refused');
  await refreshAlert();
}

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
      'aria-label': 'Service de destination / Transfer to service',
      onchange: (ev: Event) => (transferTo = (ev.target as HTMLSelectElement).value),
    },
    h('option', { value: '' }, '— service —'),
    ...v.services
      .filter((s) => s.code !== current?.service)
      .map((s) => h('option', { value: s.code, selected: s.code === transferTo }, `${s.prefix} · ${s.name.fr ?? s.code}`)),
  );
  const actions = ACTIONS.filter((a) => a.id !== 'transfer' && a.id !== 'hold').map((a) => actionButton(a, v));
  const holdInput = h('input', {
    id: 'hold-reason',
    type: 'text',
    maxlength: 200,
    value: holdReason,
    'aria-label': 'Motif de l’attente / Hold reason',
    placeholder: 'ex. va chercher son acte de naissance / e.g. fetching the birth certificate',
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

  app.replaceChildren(
    ...[alertBanner(), ...unprintedBanners(), ...postKioskBanners()].filter((x): x is HTMLElement => x !== null),
    h(
      'header',
      {},
      h('h1', {}, `Guichet ${v.counter.name}`),
      h('span', {}, `${v.user.name}`),
      v.paused ? h('span', { class: 'paused', role: 'status' }, 'En pause / Paused') : null,
      h('button', { type: 'button', id: 'logout', 'aria-label': 'Se déconnecter / Sign out', onclick: () => void logout() }, 'Se déconnecter / Sign out'),
    ),
    h(
      'section',
      { class: 'current', 'aria-label': 'Ticket en cours / Current ticket' },
      current
        ? h(
            'div',
            {},
            h('div', { class: 'number', id: 'current-number' }, current.label),
            h(
              'div',
              {},
              `${serviceName(v, current.service)} · ${current.persons} pers. · ` +
                `${current.kind === 'appointment' ? 'RDV' : 'Sans RDV'}${current.priority ? ' · ' + PRIO[current.priority] : ''}`,
            ),
            h(
              'div',
              { id: 'current-state' },
              `${current.state === 'called' ? 'Appelé / Called' : 'En cours / Serving'} · rappels / recalls: ${current.recalls}`,
            ),
            // A visit of several services (issue 18 item 8): the agent knows where Finish sends the visitor.
            v.currentNext
              ? h(
                  'div',
                  { id: 'current-next', class: 'next-service' },
                  `Ensuite / Next: ${serviceName(v, v.currentNext)} — « Terminer » l’y envoie / Finish sends the visitor there`,
                )
              : '',
          )
        : h('div', { id: 'current-number', class: 'muted' }, v.paused ? 'Guichet en pause / Counter paused' : 'Aucun ticket / No ticket'),
      h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' }, ...actions),
      h('div', { class: 'transfer' }, transferSelect, transfer),
      h('div', { class: 'transfer hold' }, holdInput, hold),
    ),
    heldSection(v, current) ?? '',
    priorityRequestsSection(v) ?? '',
    h('p', { id: 'message', class: 'message', role: 'alert' }, message),
    h('h2', { id: 'waiting-title' }, `En attente / Waiting (${v.waitingCount})`),
    h(
      'p',
      { id: 'why-call', class: 'why' },
      current || v.paused
        ? `Appel impossible : ${current ? 'terminez d’abord le ticket en cours / finish the current ticket first' : 'guichet en pause / counter paused'}`
        : '',
    ),
    h(
      'table',
      { 'aria-labelledby': 'waiting-title', id: 'waiting' },
      h(
        'thead',
        {},
        h('tr', {}, ...['#', 'Ticket', 'Service', 'File / Lane', 'Priorité', 'Attente / Waiting', 'Appel / Call'].map((t) => h('th', { scope: 'col' }, t))),
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
            h('td', {}, LANE[w.lane] ?? w.lane),
            h('td', {}, w.ticket.priority ? (PRIO[w.ticket.priority] ?? w.ticket.priority) : flagSelect(w.ticket)),
            h('td', {}, `${w.waitingMinutes} min`),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  disabled: !!current || v.paused,
                  'aria-describedby': current || v.paused ? 'why-call' : undefined,
                  onclick: () => void post(() => api('call', { body: { ticketId: w.ticket.id } })),
                },
                `Appeler ${w.ticket.label} / Call ${w.ticket.label}`,
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
function flagSelect(t: View['waiting'][number]['ticket']): HTMLElement {
  return h(
    'select',
    {
      'aria-label': `Marquer ${t.label} prioritaire / Flag ${t.label} as priority`,
      onchange: (ev: Event) => {
        const priority = (ev.target as HTMLSelectElement).value as Priority | '';
        if (priority) void post(() => api('priority', { body: { ticketId: t.id, decision: 'flag', priority } }));
      },
    },
    h('option', { value: '' }, '—'),
    ...Object.entries(PRIO).map(([k, label]) => h('option', { value: k }, label)),
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
    h('h2', { id: 'priority-title' }, `Demandes de priorité / Priority requests (${v.priorityRequests.length})`),
    h(
      'table',
      { 'aria-labelledby': 'priority-title', id: 'priority-requests' },
      h(
        'thead',
        {},
        h('tr', {}, ...['Ticket', 'Service', 'Demande / Request', 'Attente / Waiting', 'Décision / Decision'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h(
        'tbody',
        {},
        ...v.priorityRequests.map((r) => {
          const l = r.ticket.label;
          return h(
            'tr',
            { 'data-priority-request': r.ticket.id },
            h('td', { class: 'num' }, l),
            h('td', {}, serviceName(v, r.ticket.service)),
            h('td', {}, PRIO[r.ticket.priorityRequest ?? ''] ?? r.ticket.priorityRequest ?? ''),
            h('td', {}, `${r.waitingMinutes} min`),
            h(
              'td',
              {},
              h('button', { type: 'button', onclick: () => decide(r.ticket.id, 'confirm') }, `Confirmer ${l} / Confirm ${l}`),
              h('button', { type: 'button', onclick: () => decide(r.ticket.id, 'decline') }, `Refuser ${l} / Decline ${l}`),
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
function heldSection(v: View, current: View['current']): HTMLElement | null {
  if (v.held.length === 0) return null;
  const blocked = current ? 'terminez d’abord le ticket en cours / finish the current ticket first' : v.paused ? 'guichet en pause / counter paused' : '';
  return h(
    'section',
    { class: 'held', 'aria-labelledby': 'held-title' },
    h('h2', { id: 'held-title' }, `En attente d’un document / On hold (${v.held.length})`),
    blocked ? h('p', { id: 'why-recall-held', class: 'why' }, `Rappel impossible : ${blocked}`) : null,
    h(
      'table',
      { 'aria-labelledby': 'held-title', id: 'held' },
      h('thead', {}, h('tr', {}, ...['Ticket', 'Service', 'Motif / Reason', 'Depuis / Since', 'Rappel / Recall'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...v.held.map((e) =>
          h(
            'tr',
            { 'data-held': e.ticket.id },
            h('td', { class: 'num' }, e.ticket.label),
            h('td', {}, serviceName(v, e.ticket.service)),
            h('td', {}, e.reason),
            h('td', {}, `${e.heldMinutes} min`),
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
                `Rappeler ${e.ticket.label} / Recall ${e.ticket.label}`,
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
  onState: (s) => showLink(link, s),
});
