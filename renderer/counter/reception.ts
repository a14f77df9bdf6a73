// The counter console's reception desk, "Accueil d’un visiteur" (issue 18 item 5): the appointment code typed
// or scanned with a keyboard-wedge scanner into one field, or picked from today's list (searched by number or code);
// the appointment and its fee; check in with the fee paid at the counter (the counter terminal's reference) or exempt
// (a reason); the ticket number to hand to the visitor. The panel lives outside the console's #app, which is rebuilt
// on every queue change: what the agent types here survives those re-renders.
import type { DayAppointment } from '../../shared/appointment-feed-api';
import type { FoundAppointment } from '../../shared/reception-api';
import { moneyText } from '../../shared/money';
import { api } from '../lib/api';
import { h } from '../lib/dom';
import { createWedgeDecoder } from '../lib/wedge';
import { data, t, type CounterKey } from './i18n';

/** The page's words for the daemon's refusal codes; the daemon's own sentence follows them, as it came. */
const REFUSED: Record<string, CounterKey> = {
  'already-checked-in': 'rec.refused.alreadyCheckedIn',
  'unknown-key': 'rec.refused.unknownKey',
  'bad-signature': 'rec.refused.badSignature',
  'other-consulate': 'rec.refused.otherConsulate',
  revoked: 'rec.refused.revoked',
  'unknown-service': 'rec.refused.unknownService',
  'too-early': 'rec.refused.tooEarly',
  'too-late': 'rec.refused.tooLate',
  'bad-code': 'rec.refused.badCode',
  'unknown-code': 'rec.refused.unknownCode',
  malformed: 'rec.refused.malformed',
  'reference-required': 'rec.refused.referenceRequired',
  'exempt-reason-required': 'rec.refused.exemptReasonRequired',
  'fee-required': 'rec.refused.feeRequired',
  queue: 'rec.refused.queue',
};

const STATUS: Record<DayAppointment['status'], CounterKey> = {
  expected: 'rec.status.expected',
  late: 'rec.status.late',
  arrived: 'rec.status.arrived',
  missing: 'rec.status.missing',
  cancelled: 'rec.status.cancelled',
};

const codeOf = (body: unknown): string | undefined =>
  typeof body === 'object' && body !== null && typeof (body as { reason?: unknown }).reason === 'string' ? (body as { reason: string }).reason : undefined;

function time(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export interface ReceptionPanel {
  element: HTMLElement;
  /** Re-reads today's list (signed in, a queue change). */
  refresh(): Promise<void>;
}

export function createReceptionPanel(o: { serviceName: (code: string) => string }): ReceptionPanel {
  let found: FoundAppointment | null = null;
  let code = '';
  let query = '';
  let list: DayAppointment[] = [];
  // The consulate's zone, from the list's answer: slot times as the visitor's convocation states them (issue 19 item 16).
  let zone: string | undefined;

  const message = h('p', { id: 'reception-message', class: 'message', role: 'alert' });
  const result = h('div', { id: 'reception-ticket', role: 'status' });
  const details = h('div', { id: 'reception-found' });
  const codeInput = h('input', {
    id: 'reception-code',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 1200,
    'aria-label': t('rec.code'),
    placeholder: t('rec.codePlaceholder'),
    oninput: (ev: Event) => (code = (ev.target as HTMLInputElement).value),
  });
  const search = h('input', {
    id: 'reception-search',
    type: 'search',
    autocomplete: 'off',
    maxlength: 60,
    'aria-label': t('rec.search'),
    oninput: (ev: Event) => {
      query = (ev.target as HTMLInputElement).value;
      void readList();
    },
  });
  const table = h('table', { id: 'reception-day', 'aria-label': t('rec.day') });

  /** The page's words, then what the daemon said (in English), marked as the daemon's. */
  const say = (text: string, detail = '') =>
    message.replaceChildren(text, text && detail ? ' — ' : '', detail ? h('span', { 'data-daemon-text': '', lang: 'en' }, detail) : '');
  const refusal = (body: unknown, reason: string) => {
    const key = REFUSED[codeOf(body) ?? ''];
    say(key ? t(key) : t('refused'), reason);
  };

  // A wedge scanner types the QR text into the field at scanner speed: decoded from the physical keys (a QWERTY scanner
  // on an AZERTY PC still reads right), the decoded text replaces what the OS layout typed, and it is looked up at once.
  const wedge = createWedgeDecoder({ scannerLayout: 'us' });
  codeInput.addEventListener('keydown', (e) => {
    const r = wedge.key({ code: e.code, key: e.key, shiftKey: e.shiftKey, timeStamp: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
    if (r?.kind === 'scan' || r?.kind === 'layout-mismatch') {
      e.preventDefault();
      codeInput.value = code = r.text;
      void lookup();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void lookup();
    }
  });
  // A scan with the focus elsewhere on the console (not in a field) lands here too; the console's shortcuts leave a
  // burst of keys alone (main.ts).
  const pageWedge = createWedgeDecoder({ scannerLayout: 'us' });
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement | null;
    if (element.hidden || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'))) return;
    scanned(
      pageWedge.key({ code: e.code, key: e.key, shiftKey: e.shiftKey, timeStamp: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey }),
    );
  });
  const scanned = (r: ReturnType<typeof wedge.key>) => {
    if (r?.kind !== 'scan' && r?.kind !== 'layout-mismatch') return;
    codeInput.value = code = r.text;
    void lookup();
  };
  setInterval(() => {
    scanned(wedge.idle(performance.now()));
    scanned(pageWedge.idle(performance.now()));
  }, 200);

  async function lookup(): Promise<void> {
    result.textContent = '';
    found = null;
    renderFound();
    if (!code.trim()) return void say(t('rec.typeCode'));
    const r = await api('receptionLookup', { body: { code } });
    if (!r.ok) return void refusal(r.body, r.reason);
    say('');
    found = r.body;
    renderFound();
  }

  async function checkIn(fee: { kind: 'paid'; reference: string } | { kind: 'exempt'; reason: string } | null): Promise<void> {
    if (!found) return;
    const r = await api('receptionCheckIn', { body: { code: found.appointment.code, fee } });
    if (!r.ok) {
      const why = codeOf(r.body);
      if (why === 'exempt-reason-required') document.getElementById('reception-reason')?.focus();
      if (why === 'reference-required') document.getElementById('reception-reference')?.focus();
      return void refusal(r.body, r.reason);
    }
    say('');
    const n = r.body.ticket.number;
    found = null;
    code = codeInput.value = '';
    renderFound();
    // Counters have no ticket printer of their own: the agent gives the number (the visitor is called by it on the board).
    result.replaceChildren(
      h('span', { class: 'number num', id: 'reception-number' }, n),
      ` — ${t('rec.issued', { ticket: data(n), service: data(o.serviceName(r.body.ticket.service)) })}`,
    );
    await readList();
  }

  function renderFound(): void {
    if (!found) return void details.replaceChildren();
    const a = found.appointment;
    const fee = found.fee;
    const reference = h('input', {
      id: 'reception-reference',
      type: 'text',
      maxlength: 200,
      'aria-label': t('rec.reference'),
    });
    const reason = h('input', { id: 'reception-reason', type: 'text', maxlength: 200, 'aria-label': t('rec.exemptReason') });
    const payable = fee.amountMinor > 0;
    details.replaceChildren(
      h(
        'dl',
        { 'aria-label': t('rec.found', { id: data(a.appointmentId) }) },
        h('dt', {}, t('rec.appointment')),
        h('dd', { id: 'reception-appointment', class: 'num' }, `${a.appointmentId} · ${a.code}`),
        h('dt', {}, t('rec.slot')),
        h('dd', {}, time(a.slotStart, zone)),
        h('dt', {}, t('rec.service')),
        h('dd', {}, a.services.map(o.serviceName).join(', ')),
        h('dt', {}, t('rec.persons')),
        h('dd', {}, String(a.persons)),
        h('dt', {}, t('rec.fee')),
        h('dd', { id: 'reception-fee', class: 'num' }, payable ? moneyText(fee.amountMinor, fee.currency) : t('rec.free')),
      ),
      payable
        ? h(
            'div',
            { class: 'transfer' },
            reference,
            h('button', { type: 'button', onclick: () => void checkIn({ kind: 'paid', reference: reference.value }) }, t('rec.paid')),
          )
        : h('button', { type: 'button', class: 'primary', onclick: () => void checkIn(null) }, t('rec.checkIn')),
      payable
        ? h(
            'div',
            { class: 'transfer' },
            reason,
            h('button', { type: 'button', onclick: () => void checkIn({ kind: 'exempt', reason: reason.value }) }, t('rec.exempt')),
          )
        : '',
    );
  }

  // A list that could not be read says so and is asked again by itself: an empty table would read as "nobody today".
  let retry: ReturnType<typeof setTimeout> | null = null;
  async function readList(): Promise<void> {
    const r = await api('receptionDay', { query: query.trim() ? { q: query.trim() } : {} });
    if (!r.ok) {
      say(t('rec.dayUnavailable'));
      retry ??= setTimeout(() => {
        retry = null;
        void readList();
      }, 5000);
      return;
    }
    zone = r.body.timeZone;
    list = r.body.appointments;
    renderList();
  }

  function renderList(): void {
    const pick = (a: DayAppointment) => {
      code = codeInput.value = a.code;
      void lookup();
    };
    table.replaceChildren(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['rec.col.slot', 'rec.col.number', 'rec.col.code', 'rec.col.service', 'rec.col.persons', 'rec.col.status', 'rec.col.checkIn'] as const).map((k) =>
            h('th', { scope: 'col' }, t(k)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...list.map((a) =>
          h(
            'tr',
            { 'data-appointment': a.appointmentId },
            h('td', {}, time(a.slotStart, zone)),
            h('td', { class: 'num' }, a.appointmentId),
            h('td', { class: 'num' }, a.code),
            h('td', {}, a.services.map(o.serviceName).join(', ')),
            h('td', {}, String(a.persons)),
            h('td', { class: 'status' }, t(STATUS[a.status])),
            h(
              'td',
              {},
              a.status === 'expected' || a.status === 'late'
                ? h('button', { type: 'button', onclick: () => pick(a) }, t('rec.select', { id: data(a.appointmentId) }))
                : null,
            ),
          ),
        ),
      ),
    );
  }

  const element = h(
    'section',
    { class: 'reception current', 'aria-labelledby': 'reception-title', hidden: true },
    h('h2', { id: 'reception-title' }, t('rec.title')),
    h('div', { class: 'transfer' }, codeInput, h('button', { type: 'button', onclick: () => void lookup() }, t('rec.lookup'))),
    message,
    details,
    result,
    h('h3', {}, t('rec.day')),
    search,
    table,
  );
  return { element, refresh: readList };
}
