/// <reference types="vite/client" />
// Lobby board: the current call large, the last calls, waiting counts per service. The daemon pushes the
// board view itself on every (re)connection (the socket asks for topic 'board'), then what changed on every queue
// change, so a board that was offline catches up and a call costs the daemon one view, not one read per board.
// New call ids (calls and recalls) are announced: chime, then the sentence in each configured language.
// Labels are in the board's first two languages (./words.ts); every counter is listed with its state, so a visitor
// sees that a paused counter calls nobody. Laid out for the whole 1920×1080 (or 1280×720) screen, never scrolling.
import './board.css';
import type { BoardCall, BoardView } from '../../shared/queue-api';
import { connectLive, type LinkState } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';
import { api } from '../lib/api';
import { Announcer } from './announcer';
import { coalesced } from '../lib/coalesce';
import { isRightToLeft } from '../../shared/languages';
import { boardLanguages, word, type BoardWord } from './words';
import type { Values } from '../../shared/i18n/catalogue';
import { applyBoardPatch } from '../../shared/board-patch';

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
const soundButton = h('button', { type: 'button', class: 'sound', hidden: true, onclick: () => void enableSound() });
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
  // Each line of the (hidden) log says how it was heard: the daemon's clip, or the browser's voice.
  onPlayed: (text, how, error) => {
    const li = [...logList.children].reverse().find((el) => el.textContent === text && !(el as HTMLElement).dataset.played) as HTMLElement | undefined;
    if (!li) return;
    li.dataset.played = how;
    if (error) li.dataset.error = error;
  },
});

async function enableSound(): Promise<void> {
  if (await announcer.unlock()) soundButton.hidden = true;
}

const clock = h('div', { class: 'clock' });
function tick(): void {
  const lang = boardLanguages(board?.languages ?? ['fr'])[0]!;
  clock.setAttribute('aria-label', word(lang, 'time'));
  clock.textContent = new Intl.DateTimeFormat(`${lang}-u-nu-latn`, { timeZone: board?.timeZone ?? 'UTC', hour: '2-digit', minute: '2-digit' }).format(
    new Date(),
  );
}

/** A label in the board's languages: the first as text, the second beside it in its own script and direction. */
function said(langs: readonly string[], w: BoardWord, values?: Values): HTMLElement[] {
  return langs.map((lang, i) => h('span', { lang, dir: isRightToLeft(lang) ? 'rtl' : 'ltr', class: i === 0 ? 'first' : 'second' }, word(lang, w, values)));
}
const plain = (langs: readonly string[], w: BoardWord) => langs.map((l) => word(l, w)).join(' · ');

function render(flash: boolean): void {
  const b = board;
  const langs = boardLanguages(b?.languages ?? ['fr']);
  document.documentElement.lang = langs[0]!;
  document.title = word(langs[0]!, 'title');
  soundButton.setAttribute('aria-label', langs.map((l) => word(l, 'soundOn')).join(' / '));
  soundButton.textContent = langs.map((l) => word(l, 'soundButton')).join(' / ');
  const offline = linkState === 'offline' ? h('div', { class: 'offline', role: 'alert', id: 'offline' }, ...said(langs, 'offline')) : null;
  if (!b) {
    app.replaceChildren(...(offline ? [offline] : []), h('p', {}, ...said(langs, 'loading')));
    return;
  }
  const cur = b.current;
  const now = h(
    'section',
    { class: `now${flash ? ' flash' : ''}`, 'aria-label': plain(langs, 'nowCalling'), id: 'now' },
    h('div', { class: 'caption' }, ...said(langs, 'nowCalling')),
    cur ? h('div', { class: 'number', id: 'now-number' }, cur.label) : h('div', { class: 'number muted', id: 'now-number' }, '—'),
    cur ? h('div', { class: 'where', id: 'now-counter' }, ...said(langs, 'counterNamed', { counter: cur.counterName })) : null,
  );
  const names = (x: Record<string, string>) => x[langs[0]!] ?? x.fr ?? x.en ?? Object.values(x)[0] ?? '';
  const counters = h(
    'footer',
    { class: 'counters' },
    h('h2', { id: 'counters-title' }, ...said(langs, 'counters')),
    h(
      'ul',
      { 'aria-labelledby': 'counters-title', id: 'counters' },
      ...b.counters.map((c) =>
        h(
          'li',
          { 'data-counter': c.id, 'data-state': c.paused ? 'paused' : 'open' },
          h('span', { class: 'name' }, word(langs[0]!, 'counterNamed', { counter: c.name })),
          h('span', { class: 'state' }, ...said(langs, c.paused ? 'paused' : 'open')),
        ),
      ),
    ),
  );
  app.replaceChildren(
    ...[
      h(
        'header',
        {},
        h(
          'div',
          {},
          h('h1', {}, names(b.consulateName)),
          b.consulateName.ar && langs[0] !== 'ar' ? h('p', { lang: 'ar', dir: 'rtl', class: 'muted' }, b.consulateName.ar) : null,
        ),
        clock,
      ),
      offline,
      now,
      h(
        'aside',
        {},
        h('h2', { id: 'last-title' }, ...said(langs, 'lastCalls')),
        h(
          'ol',
          { class: 'calls', 'aria-labelledby': 'last-title', id: 'last-calls' },
          ...b.lastCalls.map((c) =>
            h('li', { 'data-call': String(c.callId) }, h('span', {}, c.label), h('span', {}, word(langs[0]!, 'counterNamed', { counter: c.counterName }))),
          ),
        ),
        h('h2', { id: 'waiting-title' }, ...said(langs, 'waiting')),
        h(
          'table',
          { class: 'waiting', 'aria-labelledby': 'waiting-title', id: 'waiting' },
          h(
            'tbody',
            {},
            ...b.waiting
              // A service paused by the supervisor is shown even with nobody waiting: visitors see why the kiosk refuses it.
              .filter((w) => w.count > 0 || w.paused || b.waiting.length <= 6)
              .map((w) =>
                h(
                  'tr',
                  { 'data-service': w.service, 'data-state': w.paused ? 'paused' : 'open' },
                  h('td', {}, w.prefix),
                  h('td', {}, names(w.name)),
                  h('td', { class: 'count' }, String(w.count)),
                  h(
                    'td',
                    { class: 'muted' },
                    w.count ? word(langs[0]!, 'waitMinutes', { minutes: w.estimatedWaitMinutes }) : '',
                    ...(w.paused ? [h('span', { class: 'service-paused' }, ...said(langs, 'servicePaused'))] : []),
                  ),
                ),
              ),
          ),
        ),
      ),
      b.counters.length ? counters : null,
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
    // After the first view only what changed comes (a call: a few hundred bytes). Before it, a patch is ignored: the
    // daemon sends the view whole on connection. One that does not apply to this view: read the whole view.
    else if (m.type === 'board-patch' && board) {
      const next = applyBoardPatch(board, m.patch);
      if (next) show(next);
      else scheduleRefresh();
    }
  },
  onState: (s) => {
    linkState = s;
    const lang = boardLanguages(board?.languages ?? ['fr'])[0]!;
    showLink(link, s, { connecting: word(lang, 'link.connecting'), online: word(lang, 'link.online'), offline: word(lang, 'link.offline') });
    render(false);
  },
});
