/// <reference types="vite/client" />
// Lobby board: the current call large, the last calls, waiting counts per service. The daemon pushes the
// board view itself on every queue change and on every (re)connection (the socket asks for topic 'board'),
// so a board that was offline catches up and a call costs the daemon one view, not one read per board.
// New call ids (calls and recalls) are announced: chime, then the sentence in each configured language.
import './board.css';
import type { BoardCall, BoardView } from '../../shared/queue-api';
import { connectLive, type LinkState } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';
import { api } from '../lib/api';
import { Announcer } from './announcer';
import { coalesced } from '../lib/coalesce';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);

let board: BoardView | null = null;
let linkState: LinkState = 'connecting';
/** Calls up to this id were already on screen; undefined until the first read (nothing is announced then). */
let seenCallId: number | undefined;
const FRESH_MS = 3 * 60_000;

const spoken = h('div', { class: 'sr-only', 'aria-live': 'assertive', id: 'announce-live' });
const logList = h('ol', { id: 'announce-log', hidden: true });
const soundButton = h(
  'button',
  { type: 'button', class: 'sound', hidden: true, 'aria-label': 'Activer le son / Turn sound on', onclick: () => void enableSound() },
  '🔈 Son / Sound',
);
document.body.append(spoken, logList, soundButton);

const announcer = new Announcer({
  languages: () => board?.languages ?? ['fr'],
  chime: () => board?.chime ?? true,
  onSpeak: (text) => {
    spoken.textContent = text;
    logList.append(h('li', {}, text));
    while (logList.children.length > 50) logList.firstElementChild?.remove();
  },
  onAudioBlocked: () => {
    soundButton.hidden = false;
  },
});

async function enableSound(): Promise<void> {
  if (await announcer.unlock()) soundButton.hidden = true;
}

const clock = h('div', { class: 'clock', 'aria-label': 'Heure / Time' });
function tick(): void {
  clock.textContent = new Intl.DateTimeFormat('fr-FR', { timeZone: board?.timeZone ?? 'UTC', hour: '2-digit', minute: '2-digit' }).format(new Date());
}

function render(flash: boolean): void {
  const b = board;
  const offline =
    linkState === 'offline' ? h('div', { class: 'offline', role: 'alert', id: 'offline' }, 'Hors ligne — reconnexion… / Offline — reconnecting…') : null;
  if (!b) {
    app.replaceChildren(...(offline ? [offline] : []), h('p', {}, 'Chargement… / Loading…'));
    return;
  }
  const cur = b.current;
  const now = h(
    'section',
    { class: `now${flash ? ' flash' : ''}`, 'aria-label': 'Appel en cours / Now calling', id: 'now' },
    cur ? h('div', { class: 'number', id: 'now-number' }, cur.label) : h('div', { class: 'number muted', id: 'now-number' }, '—'),
    cur ? h('div', { class: 'where', id: 'now-counter' }, `→ Guichet ${cur.counterName}`) : null,
  );
  const names = (x: Record<string, string>) => x.fr ?? x.en ?? Object.values(x)[0] ?? '';
  app.replaceChildren(
    ...[
      h(
        'header',
        {},
        h('div', {}, h('h1', {}, names(b.consulateName)), b.consulateName.ar ? h('p', { lang: 'ar', dir: 'rtl', class: 'muted' }, b.consulateName.ar) : null),
        clock,
      ),
      offline,
      now,
      h(
        'aside',
        {},
        h('h2', { id: 'last-title' }, 'Derniers appels / Last calls'),
        h(
          'ol',
          { class: 'calls', 'aria-labelledby': 'last-title', id: 'last-calls' },
          ...b.lastCalls.map((c) => h('li', { 'data-call': String(c.callId) }, h('span', {}, c.label), h('span', {}, `Guichet ${c.counterName}`))),
        ),
        h('h2', { id: 'waiting-title' }, 'En attente / Waiting'),
        h(
          'table',
          { class: 'waiting', 'aria-labelledby': 'waiting-title', id: 'waiting' },
          h(
            'tbody',
            {},
            ...b.waiting
              .filter((w) => w.count > 0 || b.waiting.length <= 6)
              .map((w) =>
                h(
                  'tr',
                  { 'data-service': w.service },
                  h('td', {}, w.prefix),
                  h('td', {}, names(w.name)),
                  h('td', { class: 'count' }, String(w.count)),
                  h('td', { class: 'muted' }, w.count ? `~${w.estimatedWaitMinutes} min` : ''),
                ),
              ),
          ),
        ),
      ),
    ].filter((x): x is HTMLElement => x !== null),
  );
  tick();
}

/** Views shown so far; a read answered after a push arrived is older than that push and is dropped. */
let viewsShown = 0;
let lastViewAt = 0;

function show(view: BoardView): void {
  viewsShown++;
  lastViewAt = Date.now();
  board = view;
  render(announceNew(view.lastCalls, Date.parse(view.serverTime)));
}

async function refresh(): Promise<void> {
  const before = viewsShown;
  const r = await api('board');
  if (r.ok && viewsShown === before) show(r.body);
}

/** Enqueues calls newer than the last seen, oldest first; stale ones (board was off for long) are only shown. */
function announceNew(calls: BoardCall[], serverNow: number): boolean {
  const max = calls.reduce((m, c) => Math.max(m, c.callId), 0);
  if (seenCallId === undefined) {
    seenCallId = max;
    return false;
  }
  const fresh = calls.filter((c) => c.callId > seenCallId! && serverNow - Date.parse(c.at) < FRESH_MS).sort((a, b) => a.callId - b.callId);
  seenCallId = Math.max(seenCallId, max);
  for (const c of fresh) announcer.enqueue({ callId: c.callId, prefix: c.prefix, number: c.number, counterName: c.counterName });
  return fresh.length > 0;
}

const scheduleRefresh = coalesced(refresh);

setInterval(tick, 10_000);
// A safety net besides the push: a board must never freeze on an old call. Only after a quiet minute, so that
// 200 boards do not read the whole view every minute while pushes keep them current.
setInterval(() => {
  if (Date.now() - lastViewAt >= 60_000) scheduleRefresh();
}, 60_000);
connectLive({
  topics: ['board'],
  onPush: (m) => {
    if (m.type === 'board') show(m.view);
  },
  onState: (s) => {
    linkState = s;
    showLink(link, s);
    render(false);
  },
});
