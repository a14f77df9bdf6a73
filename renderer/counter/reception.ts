// The counter console's reception desk, "Accueil / Check in a visitor" (issue 18 item 5): the appointment code typed
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

/** The page's words for the daemon's refusal codes (French / English, as the rest of the console). */
const REFUSED: Record<string, string> = {
  'already-checked-in': 'Déjà enregistré / Already checked in',
  'unknown-key': 'Code non reconnu (faux ou d’un autre émetteur) / Code not trusted (forged or another issuer)',
  'bad-signature': 'Code falsifié / Forged code',
  'other-consulate': 'Rendez-vous d’un autre consulat / Another consulate’s appointment',
  revoked: 'Rendez-vous annulé / Appointment cancelled',
  'unknown-service': 'Service non proposé ici / Service not offered here',
  'too-early': 'Trop tôt / Too early',
  'too-late': 'Trop tard : ticket sans rendez-vous / Too late: walk-in ticket',
  'bad-code': 'Code mal saisi / Mistyped code',
  'unknown-code': 'Aucun rendez-vous avec ce code aujourd’hui / No appointment with this code today',
  malformed: 'Ce n’est pas un code de rendez-vous / Not an appointment code',
  'reference-required': 'Saisissez la référence du paiement / Type the payment reference',
  'exempt-reason-required': 'Indiquez le motif de l’exonération / Give the reason for the exemption',
  'fee-required': 'Indiquez comment les frais sont réglés / Say how the fee is settled',
  queue: 'Aucun ticket possible / No ticket could be issued',
};

const STATUS: Record<DayAppointment['status'], string> = {
  expected: 'attendu / expected',
  late: 'en retard / late',
  arrived: 'arrivé / arrived',
  missing: 'absent / missing',
  cancelled: 'annulé / cancelled',
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

  const message = h('p', { id: 'reception-message', class: 'message', role: 'alert' });
  const result = h('div', { id: 'reception-ticket', role: 'status' });
  const details = h('div', { id: 'reception-found' });
  const codeInput = h('input', {
    id: 'reception-code',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 1200,
    'aria-label': 'Code du rendez-vous (saisi ou scanné) / Appointment code (typed or scanned)',
    placeholder: 'ex. 7K4-M2Q-9XB ou scan du QR / e.g. 7K4-M2Q-9XB or scan the QR',
    oninput: (ev: Event) => (code = (ev.target as HTMLInputElement).value),
  });
  const search = h('input', {
    id: 'reception-search',
    type: 'search',
    autocomplete: 'off',
    maxlength: 60,
    'aria-label': 'Chercher dans la liste du jour (n° ou code) / Search today’s list (number or code)',
    oninput: (ev: Event) => {
      query = (ev.target as HTMLInputElement).value;
      void readList();
    },
  });
  const table = h('table', { id: 'reception-day', 'aria-label': 'Rendez-vous du jour / Today’s appointments' });

  const say = (text: string) => (message.textContent = text);

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
    if (!code.trim()) return void say('Saisissez ou scannez le code / Type or scan the code');
    const r = await api('receptionLookup', { body: { code } });
    if (!r.ok) return void say(`${REFUSED[codeOf(r.body) ?? ''] ?? 'Refusé / Refused'} — ${r.reason}`);
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
      return void say(`${REFUSED[why ?? ''] ?? 'Refusé / Refused'} — ${r.reason}`);
    }
    say('');
    const n = r.body.ticket.number;
    found = null;
    code = codeInput.value = '';
    renderFound();
    // Counters have no ticket printer of their own: the agent gives the number (the visitor is called by it on the board).
    result.replaceChildren(
      h('span', { class: 'number', id: 'reception-number' }, n),
      ` — Ticket ${n} : donnez ce numéro au visiteur / give the visitor this number (${o.serviceName(r.body.ticket.service)})`,
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
      'aria-label': 'Référence du paiement (terminal du guichet) / Payment reference (counter terminal)',
    });
    const reason = h('input', { id: 'reception-reason', type: 'text', maxlength: 200, 'aria-label': 'Motif de l’exonération / Reason for the exemption' });
    const payable = fee.amountMinor > 0;
    details.replaceChildren(
      h(
        'dl',
        { 'aria-label': `Rendez-vous ${a.appointmentId} / Appointment ${a.appointmentId}` },
        h('dt', {}, 'Rendez-vous / Appointment'),
        h('dd', { id: 'reception-appointment' }, `${a.appointmentId} · ${a.code}`),
        h('dt', {}, 'Heure / Slot'),
        h('dd', {}, time(a.slotStart)),
        h('dt', {}, 'Service'),
        h('dd', {}, a.services.map(o.serviceName).join(', ')),
        h('dt', {}, 'Personnes / Persons'),
        h('dd', {}, String(a.persons)),
        h('dt', {}, 'Frais / Fee'),
        h('dd', { id: 'reception-fee' }, payable ? moneyText(fee.amountMinor, fee.currency) : 'gratuit / free'),
      ),
      payable
        ? h(
            'div',
            { class: 'transfer' },
            reference,
            h(
              'button',
              { type: 'button', onclick: () => void checkIn({ kind: 'paid', reference: reference.value }) },
              'Payé au guichet, enregistrer / Paid at the counter, check in',
            ),
          )
        : h('button', { type: 'button', class: 'primary', onclick: () => void checkIn(null) }, 'Enregistrer l’arrivée / Check in'),
      payable
        ? h(
            'div',
            { class: 'transfer' },
            reason,
            h('button', { type: 'button', onclick: () => void checkIn({ kind: 'exempt', reason: reason.value }) }, 'Exonéré, enregistrer / Exempt, check in'),
          )
        : '',
    );
  }

  async function readList(): Promise<void> {
    const r = await api('receptionDay', { query: query.trim() ? { q: query.trim() } : {} });
    if (!r.ok) return;
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
        h('tr', {}, ...['Heure / Slot', 'N°', 'Code', 'Service', 'Pers.', 'État / Status', 'Accueil / Check in'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h(
        'tbody',
        {},
        ...list.map((a) =>
          h(
            'tr',
            { 'data-appointment': a.appointmentId },
            h('td', {}, time(a.slotStart)),
            h('td', {}, a.appointmentId),
            h('td', {}, a.code),
            h('td', {}, a.services.map(o.serviceName).join(', ')),
            h('td', {}, String(a.persons)),
            h('td', { class: 'status' }, STATUS[a.status]),
            h(
              'td',
              {},
              a.status === 'expected' || a.status === 'late'
                ? h('button', { type: 'button', onclick: () => pick(a) }, `Choisir ${a.appointmentId} / Select ${a.appointmentId}`)
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
    h('h2', { id: 'reception-title' }, 'Accueil / Check in a visitor'),
    h('div', { class: 'transfer' }, codeInput, h('button', { type: 'button', onclick: () => void lookup() }, 'Rechercher / Look up')),
    message,
    details,
    result,
    h('h3', {}, 'Rendez-vous du jour / Today’s appointments'),
    search,
    table,
  );
  return { element, refresh: readList };
}
