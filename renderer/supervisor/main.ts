/// <reference types="vite/client" />
// The supervisor's live view of the floor (issue 18 item 4): waiting per service and the longest wait, each counter's
// state, the kiosks' alerts; and the actions: move or cancel a waiting ticket, reopen a no-show, change a counter's
// services, pause a service's walk-ins. Live: the daemon pokes "changed" over the WebSocket and the page reads the
// floor view again (a bounded view, never the whole waiting list); every action answers with the fresh view too.
// Each part of the page is rebuilt only when what it shows changed, so a reason being typed keeps its focus.
import './supervisor.css';
import type { CheckinAlerts } from '../../shared/checkin-api';
import type { DeviceInfo } from '../../shared/devices';
import type { FloorView } from '../../shared/supervisor-api';
import type { DayAppointments } from '../../shared/appointment-feed-api';
import { appointmentsPart } from './appointments';
import { appointmentWords } from './appointment-words';
import { api, type Answer } from '../lib/api';
import { coalesced } from '../lib/coalesce';
import { byId, h } from '../lib/dom';
import { applyLanguage, languageName } from '../lib/i18n';
import { pageLanguage } from '../lib/catalogues';
import { showLink } from '../lib/link-light';
import { connectLive, type LinkState } from '../lib/live';
import { setConsulateTimeZone, timeOnly } from '../lib/time';
import { SUPERVISOR_LANGUAGES, supervisorWords } from './words';

const app = byId('app');
// ?lang=ar opens the page in Arabic; else the language last picked on this browser; else French.
let lang = pageLanguage('supervisor', localStorage.getItem('supervisor-lang'));
let w = supervisorWords(lang);
let user: { name: string } | null = null;
let floor: FloorView | null = null;
let alerts: CheckinAlerts | null = null;
let dayList: DayAppointments | null = null;
let devices: DeviceInfo[] = [];
let linkState: LinkState = 'connecting';
/** What the supervisor is in the middle of: kept across every re-read of the floor. */
const moveTo = new Map<string, string>();
const drafts = new Map<string, Set<string>>();
let cancelling: { id: string; label: string } | null = null;

const link = h('div', { class: 'link' });
const status = h('p', { id: 'status', role: 'status', class: 'result' });
const parts = {
  services: h('section', { id: 'services', 'aria-labelledby': 'services-title' }),
  counters: h('section', { id: 'counters', 'aria-labelledby': 'counters-title' }),
  waiting: h('section', { id: 'waiting', 'aria-labelledby': 'waiting-title' }),
  cancel: h('div', { id: 'cancel-box' }),
  noShows: h('section', { id: 'no-shows', 'aria-labelledby': 'no-shows-title' }),
  kiosks: h('section', { id: 'kiosks', 'aria-labelledby': 'kiosks-title' }),
  appointments: h('section', { id: 'appointments', 'aria-labelledby': 'appointments-title' }),
};
const shownKey = new Map<HTMLElement, string>();

function say(ok: boolean, text: string): void {
  status.dataset.ok = String(ok);
  status.textContent = text;
}

const serviceName = (code: string) => {
  const s = floor?.services.find((x) => x.code === code);
  return s ? (s.name[lang] ?? s.name.fr ?? code) : code;
};

/** Rebuilds `el` from `build` only when `key` differs from what it shows. */
function part(el: HTMLElement, key: unknown, build: () => Array<Node | string | null>): void {
  const k = JSON.stringify([lang, key]);
  if (shownKey.get(el) === k) return;
  shownKey.set(el, k);
  el.replaceChildren(...build().filter((n): n is Node | string => n !== null));
}

function table(label: string, head: string[], rows: Array<HTMLTableRowElement>): HTMLTableElement {
  return h(
    'table',
    { 'aria-label': label },
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, w.none))])),
  );
}

// ── sign-in ─────────────────────────────────────────────────────────────

function languagePicker(): HTMLElement {
  const select = h(
    'select',
    {
      id: 'lang',
      onchange: () => {
        lang = select.value;
        localStorage.setItem('supervisor-lang', lang);
        w = supervisorWords(lang);
        applyLanguage(document.documentElement, lang);
        if (user) buildPage();
        else showSignIn();
      },
    },
    ...SUPERVISOR_LANGUAGES.map((l) => h('option', { value: l, selected: l === lang }, languageName(l))),
  );
  return h('p', { class: 'lang' }, h('label', { for: 'lang' }, w.language), select);
}

function showSignIn(message = ''): void {
  user = null;
  document.title = w.title;
  const pin = h('input', { id: 'pin', type: 'password', inputmode: 'numeric', autocomplete: 'off', required: true, minlength: 4, maxlength: 12 });
  const msg = h('p', { role: 'alert', class: 'error' }, message);
  app.replaceChildren(
    h('h1', {}, w.title),
    languagePicker(),
    h(
      'form',
      {
        'aria-label': w.signInForm,
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
              msg.textContent = w.notSupervisor(r.body.user.role);
              return;
            }
            await start();
          })();
        },
      },
      h('label', { for: 'pin' }, w.pin),
      pin,
      h('button', { type: 'submit', class: 'primary' }, w.signIn),
      msg,
    ),
  );
  pin.focus();
}

async function start(): Promise<void> {
  const me = await api('me');
  if (!me.ok || me.body.user.role !== 'supervisor') return showSignIn(me.ok ? '' : me.status === 401 ? '' : me.reason);
  user = { name: me.body.user.name };
  buildPage();
  refreshAll();
}

// ── the page ────────────────────────────────────────────────────────────

function buildPage(): void {
  shownKey.clear();
  document.title = w.title;
  app.replaceChildren(
    h('h1', {}, w.title),
    h(
      'header',
      {},
      h('p', {}, w.signedInAs(user!.name)),
      languagePicker(),
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            void api('logout').then(() => {
              floor = null;
              showSignIn();
            }),
        },
        w.signOut,
      ),
    ),
    link,
    status,
    parts.services,
    parts.counters,
    parts.waiting,
    parts.cancel,
    parts.noShows,
    parts.appointments,
    parts.kiosks,
  );
  showLink(link, linkState, w.link);
  render();
}

function render(): void {
  if (!user) return;
  if (floor) {
    renderServices(floor);
    renderCounters(floor);
    renderWaiting(floor);
    renderNoShows(floor);
  }
  renderCancel();
  renderKiosks();
  if (dayList) {
    const d = dayList;
    part(parts.appointments, d, () => appointmentsPart(d, { lang, serviceName, onCheckNow: () => void checkFeedsNow() }));
  }
}

function renderServices(f: FloorView): void {
  part(parts.services, [f.services, f.longestWait], () => [
    h('h2', { id: 'services-title' }, w.services),
    h('p', { id: 'longest-wait' }, f.longestWait ? w.longestWait(f.longestWait.minutes, serviceName(f.longestWait.service)) : w.nobodyWaiting),
    table(
      w.services,
      [w.serviceCols.service, w.serviceCols.waiting, w.serviceCols.longest, w.serviceCols.counters, w.serviceCols.walkIns, w.serviceCols.action],
      f.services.map((s) => {
        const name = serviceName(s.code);
        const paused = s.paused !== null;
        return h(
          'tr',
          { 'data-service': s.code, 'data-paused': String(paused) },
          h('th', { scope: 'row' }, name),
          h('td', { 'data-waiting': String(s.waiting) }, String(s.waiting)),
          h('td', {}, s.longestWaitMinutes === null ? '—' : w.minutes(s.longestWaitMinutes)),
          h('td', {}, String(s.openCounters)),
          h('td', {}, paused ? w.pausedBy(s.paused!.by) : w.open),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                'aria-label': paused ? w.resumeOf(name) : w.pauseOf(name),
                onclick: () =>
                  void act(() => api('pauseService', { params: { id: s.code }, body: { paused: !paused } }), paused ? w.resumed(name) : w.paused(name)),
              },
              paused ? w.resume : w.pause,
            ),
          ),
        );
      }),
    ),
  ]);
}

function renderCounters(f: FloorView): void {
  const draftList = [...drafts].map(([id, set]) => [id, [...set]]);
  part(parts.counters, [f.counters, f.services.map((s) => s.code), draftList], () => [
    h('h2', { id: 'counters-title' }, w.counters),
    table(
      w.counters,
      [w.counterCols.counter, w.counterCols.state, w.counterCols.since, w.counterCols.ticket, w.counterCols.staff, w.counterCols.services],
      f.counters.map((c) => {
        const chosen = drafts.get(c.id) ?? new Set(c.services);
        const name = w.counterName(c.name);
        const boxes = f.services.map((s) =>
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'checkbox',
              value: s.code,
              checked: chosen.has(s.code),
              onchange: (ev: Event) => {
                const set = new Set(drafts.get(c.id) ?? c.services);
                if ((ev.target as HTMLInputElement).checked) set.add(s.code);
                else set.delete(s.code);
                drafts.set(c.id, set);
              },
            }),
            serviceName(s.code),
          ),
        );
        const form = h(
          'form',
          {
            'aria-label': w.servicesOf(c.name),
            onsubmit: (ev: Event) => {
              ev.preventDefault();
              // In the order of the services list, whatever order the boxes were ticked in.
              const wanted = f.services.map((s) => s.code).filter((code) => (drafts.get(c.id) ?? new Set(c.services)).has(code));
              void act(() => api('counterServices', { params: { id: c.id }, body: { services: wanted } }), w.done.saved(c.name)).then((ok) => {
                if (ok) {
                  drafts.delete(c.id);
                  render();
                }
              });
            },
          },
          h('fieldset', {}, h('legend', {}, w.servicesOf(c.name)), ...boxes),
          h('button', { type: 'submit', 'aria-label': w.saveServicesOf(c.name) }, w.save),
          c.changed ? h('small', { class: 'muted' }, w.changedBy(c.changed.by)) : null,
        );
        return h(
          'tr',
          { 'data-counter': c.id, 'data-state': c.state },
          h('th', { scope: 'row' }, name),
          h('td', { class: `state state-${c.state}` }, w.state[c.state]),
          h('td', {}, c.since ? timeOnly(c.since) : '—'),
          h('td', {}, c.ticket ? `${c.ticket.label} (${serviceName(c.ticket.service)})` : '—'),
          h('td', {}, c.staff ?? '—'),
          h('td', {}, form),
        );
      }),
    ),
  ]);
}

function renderWaiting(f: FloorView): void {
  part(parts.waiting, [f.waiting, f.waitingTotal, f.services.map((s) => s.code), [...moveTo], cancelling?.id], () => [
    h('h2', { id: 'waiting-title' }, w.waiting),
    f.waitingTotal > f.waiting.length ? h('p', { class: 'muted' }, w.moreWaiting(f.waiting.length, f.waitingTotal)) : null,
    table(
      w.waitingTable,
      [w.waitingCols.ticket, w.waitingCols.service, w.waitingCols.waited, w.waitingCols.move, w.waitingCols.cancel],
      f.waiting.map((t) => {
        const others = f.services.filter((s) => s.code !== t.service);
        const chosen = moveTo.get(t.id) ?? others[0]?.code ?? '';
        const select = h(
          'select',
          { 'aria-label': w.moveTo(t.label), onchange: () => moveTo.set(t.id, select.value) },
          ...others.map((s) => h('option', { value: s.code, selected: s.code === chosen }, serviceName(s.code))),
        );
        return h(
          'tr',
          { 'data-ticket': t.id },
          h('th', { scope: 'row' }, t.label),
          h('td', {}, serviceName(t.service)),
          h('td', {}, w.minutes(t.waitingMinutes)),
          h(
            'td',
            {},
            select,
            h(
              'button',
              {
                type: 'button',
                'aria-label': w.moveOf(t.label),
                onclick: () => {
                  const to = select.value;
                  void act(() => api('moveTicket', { params: { id: t.id }, body: { service: to } }), w.done.moved(t.label, serviceName(to))).then((ok) => {
                    if (ok) moveTo.delete(t.id);
                  });
                },
              },
              w.move,
            ),
          ),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                'aria-label': w.cancelOf(t.label),
                'aria-expanded': String(cancelling?.id === t.id),
                onclick: () => {
                  cancelling = { id: t.id, label: t.label };
                  render();
                  document.getElementById('cancel-reason')?.focus();
                },
              },
              w.cancel,
            ),
          ),
        );
      }),
    ),
  ]);
}

/** The reason form of the ticket being cancelled: its own part, so a re-read of the floor never takes its focus. */
function renderCancel(): void {
  part(parts.cancel, cancelling?.id ?? null, () => {
    if (!cancelling) return [];
    const { id, label } = cancelling;
    const reason = h('input', { id: 'cancel-reason', type: 'text', required: true, minlength: 3, maxlength: 300, autocomplete: 'off' });
    return [
      h(
        'form',
        {
          class: 'cancel',
          'aria-label': w.cancelForm(label),
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            void act(() => api('cancelTicket', { params: { id }, body: { reason: reason.value } }), w.done.cancelled(label)).then((ok) => {
              if (ok) {
                cancelling = null;
                render();
              }
            });
          },
        },
        h('h2', {}, w.cancelForm(label)),
        h('label', { for: 'cancel-reason' }, w.cancelReason(label)),
        reason,
        h('button', { type: 'submit', class: 'primary' }, w.confirmCancel),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              cancelling = null;
              render();
            },
          },
          w.keep,
        ),
      ),
    ];
  });
}

function renderNoShows(f: FloorView): void {
  part(parts.noShows, f.noShows, () => [
    h('h2', { id: 'no-shows-title' }, w.noShows),
    table(
      w.noShowsTable,
      [w.noShowCols.ticket, w.noShowCols.service, w.noShowCols.at, w.noShowCols.action],
      f.noShows.map((t) =>
        h(
          'tr',
          { 'data-ticket': t.id },
          h('th', { scope: 'row' }, t.label),
          h('td', {}, serviceName(t.service)),
          h('td', {}, timeOnly(t.closedAt)),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                'aria-label': w.reopenOf(t.label),
                onclick: () => void act(() => api('reopenTicket', { params: { id: t.id } }), w.done.reopened(t.label)),
              },
              w.reopen,
            ),
          ),
        ),
      ),
    ),
  ]);
}

function renderKiosks(): void {
  const troubled = devices.filter((d) => d.status !== 'ok');
  part(parts.kiosks, [alerts, troubled], () => {
    const lines: HTMLElement[] = [];
    if (alerts) {
      const state = alerts.needsStaff ? w.kioskNeedsStaff(alerts.reason ?? alerts.screen) : w.kioskOk;
      lines.push(h('li', { 'data-kiosk': 'local', 'data-needs-staff': String(alerts.needsStaff) }, `${w.thisKiosk} : ${state}`));
      if (alerts.payments.state !== 'ready') lines.push(h('li', { class: 'alert' }, w.paymentsLocked));
      for (const k of alerts.kiosks)
        lines.push(
          h(
            'li',
            { 'data-kiosk': k.kioskId, 'data-needs-staff': String(k.needsStaff) },
            `${k.kioskId} : ${k.needsStaff ? w.kioskNeedsStaff(k.reason ?? k.screen) : w.kioskOk} · ${w.kioskLastContact(timeOnly(k.lastContact))}`,
          ),
        );
    }
    for (const d of troubled) lines.push(h('li', { class: 'alert', 'data-device': d.id }, `${d.id} : ${d.status}${d.detail ? ` (${d.detail})` : ''}`));
    return [h('h2', { id: 'kiosks-title' }, w.kiosks), h('ul', {}, ...lines)];
  });
}

// ── reading and acting ──────────────────────────────────────────────────

// Views come from actions and from re-reads on separate connections: only an answer to a request started after the
// one shown may replace it (a slow re-read must not put back the floor from before an action).
let asked = 0;
let shown = 0;
function showFloor(seq: number, v: FloorView): void {
  if (seq <= shown) return;
  shown = seq;
  floor = v;
  setConsulateTimeZone(v.timeZone);
  if (cancelling && !v.waiting.some((t) => t.id === cancelling!.id)) cancelling = null;
  render();
}

const refreshFloor = coalesced(async () => {
  if (!user) return;
  const seq = ++asked;
  const r = await api('floor');
  if (r.ok) return showFloor(seq, r.body);
  if (r.status === 401 || r.status === 403) return showSignIn(r.reason);
  say(false, r.reason);
});

const refreshAlerts = coalesced(async () => {
  if (!user) return;
  const r = await api('alerts');
  if (!r.ok) return;
  alerts = r.body;
  render();
});

const refreshAppointments = coalesced(async () => {
  if (!user) return;
  const r = await api('appointmentsDay');
  if (!r.ok) return;
  dayList = r.body;
  render();
});

async function checkFeedsNow(): Promise<void> {
  const r = await api('appointmentsFeedPoll');
  say(r.ok, r.ok ? appointmentWords(lang).checked : r.reason);
  refreshAppointments();
}

function refreshAll(): void {
  refreshFloor();
  refreshAlerts();
  refreshAppointments();
}
// Late and missing follow the clock, not an event: the list is read again each minute.
setInterval(() => refreshAppointments(), 60_000);

/** An action: its answer is the fresh floor; a refusal is said as the daemon worded it. */
async function act(run: () => Promise<Answer<FloorView>>, done: string): Promise<boolean> {
  const seq = ++asked;
  const r = await run();
  if (!r.ok) {
    say(false, r.reason);
    refreshFloor();
    return false;
  }
  say(true, done);
  showFloor(seq, r.body);
  return true;
}

applyLanguage(document.documentElement, lang);
connectLive({
  onPush: (m) => {
    if (m.type === 'changed' && (m.topic === 'queue' || m.topic === 'sessions')) {
      refreshFloor();
      if (m.topic === 'queue') refreshAppointments();
    } else if (m.type === 'changed' && (m.topic === 'alerts' || m.topic === 'payments')) refreshAlerts();
    else if (m.type === 'devices' || m.type === 'hello') {
      devices = m.devices;
      render();
    }
  },
  onConnected: () => refreshAll(),
  onState: (s) => {
    linkState = s;
    showLink(link, s, w.link);
  },
});
void start();
