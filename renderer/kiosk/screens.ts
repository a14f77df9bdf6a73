// One function per screen of the check-in flow. Each returns the elements to show and the text that speech
// mode reads. The flow itself runs in the daemon: buttons only send events.
import { h } from '../lib/dom';
import { languageName } from '../lib/i18n';
import type { KioskInfo } from '../../shared/api';
import type { CheckinView } from '../../shared/checkin-api';
import { fill, kioskWords, personsText, waitAboutText, waitAheadText, waitMinutesText, type KioskWords } from './words';
import { money, timeOfDay } from './format';
import { send } from './send';
import { qrImage } from './qr';
import { MAX_SERVICES_PER_VISIT } from '../../shared/visit-limits';
import { placedPicture, printerPicture, scannerPicture, terminalPicture } from './pictures';
import { stepIndicator } from './steps';

const compact = (xs: Array<HTMLElement | null>): HTMLElement[] => xs.filter((x): x is HTMLElement => x !== null);

export interface Screen {
  body: HTMLElement[];
  /** Read aloud in speech mode. */
  say: string;
}

interface Ctx {
  info: KioskInfo;
  view: CheckinView;
  w: KioskWords;
  lang: string;
}

const btn = (label: string, onclick: () => void, cls = '', extra: Record<string, string> = {}) =>
  h(
    'button',
    {
      class: cls,
      type: 'button',
      'aria-label': extra['aria-label'] ?? label,
      onclick: () => onclick(),
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'aria-label')),
    },
    label,
  );

function serviceName(c: Ctx, code: string): string {
  const s = c.info.services.find((x) => x.code === code);
  return s?.name[c.lang] ?? s?.name.fr ?? code;
}

const spinner = (text: string) => h('div', { class: 'busy', role: 'status' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('p', {}, text));

/** From the attract screen a touch opens the language step; the button does both at once. */
async function chooseLanguage(c: Ctx, language: string): Promise<void> {
  if (c.view.screen.startsWith('attract')) await send({ type: 'TOUCH' });
  await send({ type: 'SELECT_LANGUAGE', language });
}

function attract(c: Ctx): Screen {
  const names = Object.entries(c.info.consulate.name);
  return {
    body: [
      ...names.map(([l, n]) => h('p', { class: 'consulate-name', lang: l, dir: l === 'ar' ? 'rtl' : 'ltr' }, n)),
      h('h1', {}, ...c.info.languages.flatMap((l, i) => [i ? ' · ' : '', h('span', { lang: l }, kioskWords(l).welcome)])),
      h('p', { class: 'muted' }, ...c.info.languages.flatMap((l, i) => [i ? ' · ' : '', h('span', { lang: l }, kioskWords(l).chooseLanguage)])),
      h(
        'div',
        { class: 'languages', role: 'group', 'aria-label': c.info.languages.map((l) => kioskWords(l).chooseLanguage).join(' / ') },
        ...c.info.languages.map((l) =>
          h(
            'button',
            { class: 'primary', type: 'button', lang: l, 'data-lang': l, 'aria-label': languageName(l), onclick: () => void chooseLanguage(c, l) },
            languageName(l),
          ),
        ),
      ),
    ],
    say: c.info.languages.map((l) => kioskWords(l).chooseLanguage).join('. '),
  };
}

function identifyScan(c: Ctx): Screen {
  const { w, view } = c;
  return {
    body: compact([
      h('h1', {}, w.scanTitle),
      placedPicture(scannerPicture, w.scannerPicture, c.info.devicePlaces.scanner, w.devicePlace),
      h('p', {}, w.scanHint),
      view.scannerFault ? h('p', { class: 'banner', role: 'alert' }, w.scannerFault) : null,
      view.visit.scanHelp ? h('p', { class: 'help', role: 'status' }, w.scanHelp) : null,
      h(
        'div',
        { class: 'actions' },
        btn(w.typeCode, () => void send({ type: 'TYPE_CODE' })),
        btn(w.walkIn, () => void send({ type: 'WALK_IN' }), 'primary'),
        btn(w.back, () => void send({ type: 'BACK' })),
      ),
    ]),
    say: `${w.scanTitle}. ${w.scanHint}${view.visit.scanHelp ? ' ' + w.scanHelp : ''}`,
  };
}

function identifyTypeCode(c: Ctx): Screen {
  const { w } = c;
  const input = h('input', {
    id: 'code',
    name: 'code',
    type: 'text',
    inputmode: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: 13,
    'aria-describedby': 'code-hint',
    class: 'code-input',
  });
  const submit = () => {
    const code = input.value.trim();
    if (code) void send({ type: 'SUBMIT_CODE', code });
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') submit();
  });
  setTimeout(() => input.focus(), 0);
  return {
    body: [
      h('h1', {}, h('label', { for: 'code' }, w.typeCodeTitle)),
      h('p', { id: 'code-hint' }, w.typeCodeHint),
      input,
      h(
        'div',
        { class: 'actions' },
        btn(w.submit, submit, 'primary'),
        btn(w.back, () => void send({ type: 'BACK' })),
      ),
    ],
    say: `${w.typeCodeTitle}. ${w.typeCodeHint}`,
  };
}

function identifyWalkIn(c: Ctx): Screen {
  const { w } = c;
  return {
    body: [
      h('h1', {}, w.walkInTitle),
      h(
        'div',
        { class: 'services', role: 'group', 'aria-label': w.walkInTitle },
        ...c.info.services.map((s) => {
          const closed = c.view.closedServices.find((x) => x.service === s.code);
          const fee = serviceFee(c, s.code);
          if (!closed)
            return h(
              'button',
              {
                class: 'service',
                type: 'button',
                'data-service': s.code,
                ...(fee ? { 'aria-describedby': fee.id } : {}),
                onclick: () => void send({ type: 'SELECT_SERVICE', service: s.code }),
              },
              serviceName(c, s.code),
              fee,
            );
          // Closed by the opening hours: said on the tile, and still pressable for the whole explanation.
          const note = closed.nextDate
            ? fill(w.serviceClosed, { next: localOpening(closed.nextDate, closed.nextTime ?? '00:00', c.lang) })
            : w.serviceClosedNoNext;
          return h(
            'button',
            {
              class: 'service closed',
              type: 'button',
              'data-service': s.code,
              'data-closed': closed.reason,
              ...(fee ? { 'aria-describedby': fee.id } : {}),
              onclick: () => void send({ type: 'SELECT_SERVICE', service: s.code }),
            },
            serviceName(c, s.code),
            h('small', { class: 'closed-note' }, note),
            fee,
          );
        }),
      ),
      h(
        'div',
        { class: 'actions' },
        btn(w.back, () => void send({ type: 'BACK' })),
      ),
    ],
    say: `${w.walkInTitle}. ${c.info.services.map((s) => serviceName(c, s.code)).join('. ')}`,
  };
}

/**
 * The fee of one person for a service, as the summary writes it ("gratuit" for a free service), from the fee schedule
 * in force that the daemon sends with the walk-in choice. Null when the daemon could not price it.
 */
function serviceFee(c: Ctx, code: string): HTMLElement | null {
  const f = c.view.serviceFees.find((x) => x.service === code);
  if (!f) return null;
  // Out of the tile's name (a tile is named by its service, as it was before fees were shown), read as its description.
  const text = f.unitMinor === 0 ? c.w.free : money(f.unitMinor, f.currency, c.lang);
  return h('span', { class: 'fee', id: `fee-${code}`, 'aria-hidden': 'true', 'data-fee': String(f.unitMinor) }, text);
}

function summary(c: Ctx): Screen {
  const { w, view, lang } = c;
  const v = view.visit;
  const q = v.quote;
  const walkIn = v.source === 'walk-in';
  // Issue 18 item 8: a walk-in visit may hold several services, each line with its fee; any but the last can be removed.
  const removable = walkIn && v.services.length > 1;
  const rows = (q?.lines ?? []).map((l) =>
    h(
      'tr',
      { 'data-service': l.service },
      h('td', {}, serviceName(c, l.service)),
      h('td', { class: 'num' }, l.totalMinor === 0 ? '' : `${l.persons} × ${money(l.unitMinor, q!.currency, lang)}`),
      h('td', { class: 'num' }, l.totalMinor === 0 ? w.free : money(l.totalMinor, q!.currency, lang)),
      ...(removable
        ? [
            h(
              'td',
              {},
              btn('×', () => void send({ type: 'REMOVE_SERVICE', service: l.service }), 'round', {
                'aria-label': fill(w.removeService, { service: serviceName(c, l.service) }),
              }),
            ),
          ]
        : []),
    ),
  );
  const total = q ? (q.payable ? money(q.totalMinor, q.currency, lang) : w.free) : '…';
  const terminalNotice = terminalBlock(c);
  const refused = serviceNotice(c);
  const blocked = terminalNotice !== null;
  return {
    body: compact([
      h('h1', {}, w.summaryTitle),
      v.appointment ? h('p', { class: 'appointment' }, `${w.appointmentAt} ${timeOfDay(v.appointment.slotStart, c.info.consulate.timeZone, lang)}`) : null,
      h(
        'table',
        { class: 'fees', 'aria-label': w.summaryTitle },
        h('tbody', {}, ...rows),
        h(
          'tfoot',
          {},
          h('tr', {}, h('th', { scope: 'row', colspan: 2 }, w.total), h('td', { class: 'num total', 'data-total': String(q?.totalMinor ?? '') }, total)),
        ),
      ),
      v.services.length > 1 ? h('p', { class: 'route-note' }, w.routeNote) : null,
      refused,
      walkIn ? addServicePicker(c) : null,
      // The persons picker sets what is paid: a free service has nothing to multiply.
      q && !q.payable
        ? null
        : walkIn
          ? h(
              'div',
              { class: 'persons', role: 'group', 'aria-label': w.persons },
              h('span', {}, w.persons),
              btn('−', () => void send({ type: 'SET_PERSONS', persons: Math.max(1, v.persons - 1) }), 'round', { 'aria-label': w.fewer }),
              h('output', { 'aria-live': 'polite', 'aria-label': w.persons }, String(v.persons)),
              btn('+', () => void send({ type: 'SET_PERSONS', persons: v.persons + 1 }), 'round', { 'aria-label': w.more }),
              h('small', { class: 'muted' }, w.personsHint),
            )
          : h('p', {}, personsText(c.lang, v.persons)),
      walkIn ? priorityPicker(c) : null,
      waitLine(c),
      terminalNotice,
      h(
        'div',
        { class: 'actions' },
        blocked
          ? btn(w.confirmAndPay, () => undefined, 'primary', {
              disabled: 'disabled',
              'aria-disabled': 'true',
              'aria-describedby': 'terminal-not-ready',
              title: w.payUnavailable,
              'data-blocked': view.terminal.state ?? 'not-asked',
            })
          : btn(q && !q.payable ? w.confirmFree : w.confirmAndPay, () => void send({ type: 'CONFIRM' }), 'primary'),
        btn(w.back, () => void send({ type: 'BACK' })),
        blocked ? btn(w.cancel, () => void send({ type: 'CANCEL' })) : null,
      ),
    ]),
    say:
      `${w.summaryTitle}. ${v.services.map((s) => serviceName(c, s)).join(', ')}. ${w.persons}: ${v.persons}. ${w.total}: ${total}.` +
      (walkIn && v.priorityRequest ? ` ${w.priorityTitle} ${w.priorities[v.priorityRequest as (typeof PRIORITY_KINDS)[number]] ?? ''}.` : '') +
      (view.wait ? ` ${waitWords(c, view.wait).join('. ')}.` : '') +
      (refused ? ` ${[...refused.querySelectorAll('p')].map((p) => p.textContent ?? '').join(' ')}` : '') +
      (blocked ? ` ${terminalNotice!.textContent ?? ''}` : ''),
  };
}

/** Why a service the visitor added was not (closed now, a cap reached…): said on the summary, before any payment. */
function serviceNotice(c: Ctx): HTMLElement | null {
  const p = c.view.visit.problem;
  if (!p || typeof p.detail.service !== 'string') return null;
  const t = problemText(c);
  return h(
    'div',
    { class: 'notice', role: 'alert' },
    h('p', {}, h('strong', {}, fill(c.w.serviceNotAdded, { service: serviceName(c, p.detail.service) }))),
    h('p', {}, t.what),
    h('p', {}, t.todo),
  );
}

/**
 * The services a walk-in may add to the visit; each is checked (hours, caps) when chosen, like the first. Folded behind
 * one button so the summary keeps Pay on the screen: the button opens the choices in place (no step of the flow), and
 * the next screen drawn folds them again.
 */
function addServicePicker(c: Ctx): HTMLElement | null {
  const v = c.view.visit;
  const more = c.info.services.filter((s) => !v.services.includes(s.code));
  if (more.length === 0 || v.services.length >= MAX_SERVICES_PER_VISIT) return null;
  const choices = h(
    'div',
    { id: 'add-service-choices', class: 'add-service-choices', role: 'group', 'aria-label': c.w.addServiceTitle, hidden: 'hidden' },
    ...more.map((s) =>
      btn(fill(c.w.addService, { service: serviceName(c, s.code) }), () => void send({ type: 'ADD_SERVICE', service: s.code }), 'service', {
        'data-service': s.code,
      }),
    ),
  );
  const toggle = h(
    'button',
    { type: 'button', class: 'add-service-toggle', 'aria-expanded': 'false', 'aria-controls': 'add-service-choices' },
    h('span', { 'aria-hidden': 'true' }, '+ '),
    c.w.addServiceTitle,
  );
  toggle.addEventListener('click', () => {
    const open = choices.hidden;
    choices.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });
  return h('div', { class: 'add-service' }, toggle, choices);
}

const PRIORITY_KINDS = ['elderly', 'disabled', 'pregnant', 'children'] as const;

/**
 * A walk-in visitor may ask to be called first (issue 18): one choice at a time, pressed buttons say which; the queue
 * has a staff member confirm it, or grants it on the visitor's word when the consulate configures self-declaration.
 */
function priorityPicker(c: Ctx): HTMLElement {
  const { w } = c;
  const chosen = c.view.visit.priorityRequest ?? null;
  const choice = (label: string, value: (typeof PRIORITY_KINDS)[number] | null) =>
    btn(label, () => void send({ type: 'SET_PRIORITY', priority: value }), chosen === value ? 'chosen' : '', { 'aria-pressed': String(chosen === value) });
  return h(
    'div',
    { class: 'priority', role: 'group', 'aria-labelledby': 'priority-title', 'aria-describedby': 'priority-hint' },
    h('span', { id: 'priority-title' }, w.priorityTitle),
    choice(w.priorityNone, null),
    ...PRIORITY_KINDS.map((p) => choice(w.priorities[p], p)),
    h('small', { id: 'priority-hint', class: 'muted' }, w.priorityHint),
  );
}

/** The wait before paying: the people ahead and, when anyone is, about how long (issue 18). */
function waitWords(c: Ctx, wait: NonNullable<Ctx['view']['wait']>): string[] {
  const ahead = waitAheadText(c.w, c.lang, wait.ahead);
  return wait.ahead === 0 ? [ahead] : [ahead, waitAboutText(c.lang, Math.max(1, Math.round(wait.estimatedWaitMinutes)))];
}

function waitLine(c: Ctx): HTMLElement | null {
  const wait = c.view.wait;
  if (!wait) return null;
  return h('p', { class: 'wait', role: 'status', 'data-ahead': String(wait.ahead) }, ...waitWords(c, wait).flatMap((t, i) => (i ? [h('br', {}), t] : [t])));
}

/**
 * Pay is offered only while the card terminal answered its last status check (the daemon re-checks it while
 * this screen waits, and the view changes by itself when it answers). A free visit needs no terminal.
 */
function terminalBlock(c: Ctx): HTMLElement | null {
  const { w, view } = c;
  const q = view.visit.quote;
  if (!q || !q.payable || view.terminal.ready === true) return null;
  const notAsked = view.terminal.ready === null;
  return h(
    'div',
    { id: 'terminal-not-ready', class: 'notice', role: 'status', 'aria-live': 'polite', 'data-terminal': view.terminal.state ?? 'not-asked' },
    h('p', {}, notAsked ? w.terminalChecking : w.terminalNotReady),
    notAsked ? null : h('p', {}, w.terminalNotReadyTodo),
  );
}

function countdown(deadline: number | null, w: KioskWords): HTMLElement | null {
  if (deadline === null) return null;
  const el = h('p', { class: 'countdown', 'data-deadline': String(deadline), 'aria-live': 'off' });
  const tick = () => {
    const s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    el.textContent = `${s} ${w.secondsLeft}`;
  };
  tick();
  return el;
}

function paying(c: Ctx, sub: string): Screen {
  const { w, view, lang } = c;
  const p = view.visit.payment;
  const q = view.visit.quote;
  const prompt = p?.prompt ? (w.prompts[p.prompt.prompt] ?? p.prompt.text ?? w.waitingForTerminal) : w.waitingForTerminal;
  // Concert E+ cannot be told to cancel: the visitor cancels on the terminal, and the screen never says "Cancelling…"
  // for a payment that may still go through (issue 19, item 3).
  const onTerminal = view.cancelAt === 'terminal';
  const cancelling = sub === 'cancelling' && !onTerminal;
  return {
    body: compact([
      h('h1', {}, w.payTitle),
      q ? h('p', { class: 'amount' }, money(q.totalMinor, q.currency, lang)) : null,
      h('p', { class: 'prompt', role: 'status', 'data-prompt': p?.prompt?.prompt ?? 'waiting' }, cancelling ? w.cancelling : prompt),
      placedPicture(terminalPicture, w.terminalPicture, c.info.devicePlaces.terminal, w.devicePlace),
      countdown(view.deadline, w),
      onTerminal
        ? h('p', { class: 'cancel-on-terminal', 'data-cancel': 'terminal' }, w.cancelOnTerminal)
        : cancelling
          ? null
          : h(
              'div',
              { class: 'actions' },
              btn(w.cancel, () => void send({ type: 'CANCEL' })),
            ),
    ]),
    say: cancelling ? w.cancelling : onTerminal ? `${prompt} ${w.cancelOnTerminal}` : prompt,
  };
}

function problemText(c: Ctx): { what: string; todo: string } {
  const p = c.view.visit.problem;
  if (!p) return { what: '', todo: '' };
  const t = c.w.problems[p.code] ?? c.w.problems['device-fault']!;
  const detail =
    typeof p.detail.nextDate === 'string' ? { ...p.detail, next: localOpening(p.detail.nextDate, String(p.detail.nextTime ?? '00:00'), c.lang) } : p.detail;
  return { what: fill(t.what, detail), todo: fill(t.todo, detail) };
}

/** "lundi 7 décembre à 08:30": when walk-in tickets are issued again, a local date and time of the consulate. */
function localOpening(date: string, time: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  // The wall-clock fields are the consulate's already: formatted as UTC so that no zone moves them. Moroccan Arabic
  // (ar-MA) writes Western digits, as tickets and the board do.
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-MA' : lang, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.UTC(y, m - 1, d, hh, mm)));
}

function paymentFailed(c: Ctx): Screen {
  const { w } = c;
  const t = problemText(c);
  // "Declined" only when the card was: an abandoned or timed-out payment was not refused by anyone.
  const title = c.view.visit.problem?.code === 'payment-declined' ? w.declinedTitle : w.paymentNotDoneTitle;
  return {
    body: [
      h('h1', {}, title),
      h('p', { class: 'what', role: 'alert' }, t.what),
      h('p', { class: 'todo' }, t.todo),
      h(
        'div',
        { class: 'actions' },
        btn(w.tryAnotherCard, () => void send({ type: 'RETRY' }), 'primary'),
        btn(w.cancel, () => void send({ type: 'CANCEL' })),
      ),
    ],
    say: `${t.what} ${t.todo}`,
  };
}

function ticketBlock(c: Ctx): HTMLElement | null {
  const t = c.view.visit.ticket;
  if (!t) return null;
  return h(
    'div',
    { class: 'ticket' },
    h('p', {}, c.w.yourNumber),
    h('p', { class: 'ticket-number', 'data-ticket': t.number }, t.number),
    t.offline ? h('p', { class: 'offline-mark', role: 'status', 'data-offline': 'true' }, c.w.issuedOffline) : null,
    h('p', {}, `${c.w.estimatedWait}: ${waitMinutesText(c.lang, t.estimatedWaitMinutes)}`),
  );
}

function done(c: Ctx): Screen {
  const { w } = c;
  const t = c.view.visit.ticket;
  // A free visit pays nothing and gets no receipt: the visitor is not sent looking for one.
  const take = c.view.visit.quote?.payable === false ? w.takeTicketOnly : w.takeTicket;
  return {
    body: compact([
      h('h1', {}, w.doneTitle),
      ticketBlock(c),
      placedPicture(printerPicture, w.printerPicture, c.info.devicePlaces.printer, w.devicePlace),
      h('p', {}, take),
      h(
        'div',
        { class: 'actions' },
        btn(w.ok, () => void send({ type: 'ACKNOWLEDGE' }), 'primary'),
      ),
      countdown(c.view.deadline, c.w),
    ]),
    say: `${w.doneTitle}. ${w.yourNumber} ${t?.number ?? ''}. ${t?.offline ? w.issuedOffline + ' ' : ''}${take}`,
  };
}

function printFailed(c: Ctx): Screen {
  const { w } = c;
  const t = c.view.visit.ticket;
  const qrHolder = h('div', { class: 'qr-holder' });
  if (t?.qrPayload) void qrImage(t.qrPayload, `${w.yourNumber} ${t.number}`).then((img) => qrHolder.replaceChildren(img));
  return {
    body: compact([
      h('h1', {}, w.printFailedTitle),
      ticketBlock(c),
      qrHolder,
      h('p', { role: 'alert' }, w.printFailedText),
      h(
        'div',
        { class: 'actions' },
        // No timer clears this screen: the visitor says they have the number (staff are alerted either way).
        btn(w.notedNumber, () => void send({ type: 'ACKNOWLEDGE' }), 'primary'),
      ),
    ]),
    say: `${w.printFailedTitle}. ${w.yourNumber} ${t?.number ?? ''}. ${w.printFailedText}`,
  };
}

/**
 * The ticket (or the receipt) waits for the printer: paper out, cover open, not answering (issue 19, item 2). Said
 * within seconds, with the number and QR; staff are alerted and the job prints by itself once the printer is back.
 */
function printerWaiting(c: Ctx, what: string): Screen {
  const { w, view } = c;
  const t = view.visit.ticket;
  const receipt = what === 'receipt';
  const title = view.visit.problem?.detail.printer === 'paper-out' ? w.printerPaperOutTitle : w.printerStoppedTitle;
  const paid = view.visit.payment?.outcome?.status === 'approved';
  const text = `${paid ? w.paymentRecorded + ' ' : ''}${receipt ? w.printerWaitingReceipt : w.printerWaitingTicket}`;
  const qrHolder = h('div', { class: 'qr-holder' });
  if (!receipt && t?.qrPayload) void qrImage(t.qrPayload, `${w.yourNumber} ${t.number}`).then((img) => qrHolder.replaceChildren(img));
  return {
    body: compact([
      h('div', { role: 'alert' }, h('h1', {}, title), h('p', { class: 'printer-waiting', 'data-waiting': what }, text)),
      ticketBlock(c),
      receipt ? null : qrHolder,
      h(
        'div',
        { class: 'actions' },
        btn(receipt ? w.ok : w.notedNumber, () => void send({ type: 'ACKNOWLEDGE' }), 'primary'),
      ),
    ]),
    say: `${title}. ${w.yourNumber} ${t?.number ?? ''}. ${text}`,
  };
}

function error(c: Ctx): Screen {
  const { w } = c;
  const t = problemText(c);
  const offers = c.view.offers;
  return {
    // The alert wraps the heading: role=alert on the <h1> itself would hide that it is the page's heading.
    body: compact([
      h('div', { role: 'alert' }, h('h1', { class: 'what' }, t.what), h('p', { class: 'todo' }, t.todo)),
      h(
        'div',
        { class: 'actions' },
        // The ways on that the text names, when the flow takes them (the daemon asks the machine: view.offers).
        ...compact([
          offers.includes('WALK_IN') ? btn(w.walkInTicket, () => void send({ type: 'WALK_IN' }), 'primary') : null,
          offers.includes('RETRY') ? btn(w.retry, () => void send({ type: 'RETRY' }), offers.includes('WALK_IN') ? '' : 'primary') : null,
          btn(w.ok, () => void send({ type: 'ACKNOWLEDGE' }), offers.length ? '' : 'primary'),
        ]),
      ),
      countdown(c.view.deadline, c.w),
    ]),
    say: `${t.what} ${t.todo}`,
  };
}

function locked(c: Ctx): Screen {
  return { body: [h('h1', {}, c.w.lockedTitle), spinner(c.w.lockedText)], say: `${c.w.lockedTitle}. ${c.w.lockedText}` };
}

function busy(text: string): Screen {
  return { body: [spinner(text)], say: text };
}

/** The screen for a dotted state path such as "identify.scan.active". */
export function screenFor(info: KioskInfo, view: CheckinView): Screen {
  const lang = view.visit.language || info.languages[0] || 'fr';
  const c: Ctx = { info, view, w: kioskWords(lang), lang };
  const s = screenOf(c);
  const steps = stepIndicator(view, c.w);
  return steps ? { ...s, body: [steps, ...s.body] } : s;
}

function screenOf(c: Ctx): Screen {
  const { view } = c;
  const [top, sub, leaf] = view.screen.split('.');
  switch (top) {
    case 'attract':
    case 'language':
    case 'boot':
    case 'resumePending':
    case 'resumeRoute':
      return top === 'attract' || top === 'language' ? attract(c) : busy(c.w.checking);
    case 'identify':
      return sub === 'typeCode' ? identifyTypeCode(c) : sub === 'walkIn' ? identifyWalkIn(c) : identifyScan(c);
    case 'numbersCheck':
    case 'verifying':
    case 'checkingWalkIn':
    case 'pricing':
      return busy(c.w.checking);
    case 'summary':
      return summary(c);
    case 'printerCheck':
      return busy(c.w.printerCheck);
    case 'issuingETimbre':
      return busy(c.w.preparingPayment);
    case 'paying':
      return paying(c, sub ?? '');
    case 'paymentFailed':
      return paymentFailed(c);
    case 'printing':
      return leaf === 'waiting' ? printerWaiting(c, sub ?? 'ticket') : busy(c.w.printing);
    case 'done':
      return done(c);
    case 'printFailed':
      return printFailed(c);
    case 'error':
      return error(c);
    case 'lockedForStaff':
      return locked(c);
    default:
      return busy(c.w.checking);
  }
}
