// The refund desk of the reports page (issue 17): the approved payments of a period with what is left to refund,
// a Refund action (whole or part, a reason, a confirmation), the outcome as the terminal gave it (refunded,
// declined, or unknown: staff settle it), the instruction to present the card again while a refund (not a reversal)
// waits on the terminal, each refund with its receipt reprint, and the card receipt reprint. Words in French,
// Arabic and English (refund-words.ts); the section turns right to left in Arabic.
import { h } from '../lib/dom';
import { api } from '../lib/api';
import { applyLanguage, languageName } from '../lib/i18n';
import { pageLanguage } from '../lib/catalogues';
import { minorToText, moneyText, parseMinor } from '../../shared/money';
import type { RefundablePayment, RefundListed } from '../../shared/payments-api';
import { REFUND_LANGUAGES, refundWords, type RefundWords } from './refund-words';

export interface RefundsDeps {
  timeZone: string;
  /** The day the page opens on (YYYY-MM-DD, the consulate's). */
  today: string;
}

/** The refund states that gave money back for sure: their receipt can be printed. */
const DONE = new Set(['refunded', 'settled_refunded']);
/** A refund of the payment is under way or unknown: no other refund until it is settled. */
const OPEN = new Set(['intent', 'sent', 'unknown']);

export function refundsSection(deps: RefundsDeps): { section: HTMLElement; load: () => Promise<void> } {
  let lang: string = pageLanguage('refunds', null);
  let W: RefundWords = refundWords(lang);
  let payments: RefundablePayment[] = [];
  const from = h('input', { id: 'refund-from', type: 'date', required: true, value: deps.today });
  const to = h('input', { id: 'refund-to', type: 'date', required: true, value: deps.today });
  from.value = deps.today;
  to.value = deps.today;
  // A live region without the status role: the page's own status line stays the one `status` of the page.
  const status = h('p', { id: 'refund-status', 'aria-live': 'polite', 'aria-atomic': 'true', class: 'result' });
  const box = h('div', { id: 'refund-list' });
  const section = h('section', { id: 'refunds', 'aria-labelledby': 'refunds-title' });
  const time = (iso: string) => new Date(iso).toLocaleString('fr-FR', { timeZone: deps.timeZone, dateStyle: 'short', timeStyle: 'short' });
  // The last outcome is kept as words of the language, so that switching language says it again in the new one.
  let said: (w: RefundWords) => string = () => '';
  const say = (ok: boolean, text: (w: RefundWords) => string, outcome?: string) => {
    status.dataset.ok = String(ok);
    if (outcome) status.dataset.outcome = outcome;
    else delete status.dataset.outcome;
    said = text;
    status.textContent = text(W);
  };
  // Ids, card numbers, amounts and dates read left to right inside Arabic text.
  const ltr = (text: string) => h('bdi', { dir: 'ltr' }, text);

  function render(): void {
    W = refundWords(lang);
    applyLanguage(section, lang);
    status.textContent = said(W);
    const picker = h(
      'select',
      {
        id: 'refund-lang',
        onchange: (ev: Event) => {
          lang = (ev.target as HTMLSelectElement).value;
          render();
        },
      },
      ...REFUND_LANGUAGES.map((l) => h('option', { value: l, lang: l }, languageName(l))),
    );
    picker.value = lang;
    section.replaceChildren(
      h('h2', { id: 'refunds-title' }, W.title),
      h('p', { class: 'row' }, h('label', { for: picker.id }, W.language), picker),
      h(
        'form',
        {
          class: 'row',
          'aria-label': W.show,
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            void load();
          },
        },
        h('label', { for: from.id }, W.from),
        from,
        h('label', { for: to.id }, W.to),
        to,
        h('button', { type: 'submit' }, W.show),
      ),
      status,
      box,
    );
    draw();
  }

  function draw(): void {
    const head = [W.cols.time, W.cols.payment, W.cols.card, W.cols.paid, W.cols.refunded, W.cols.left, W.cols.actions];
    const rows = payments.flatMap((p) => [paymentRow(p), ...(p.refunds.length ? [refundsRow(p, head.length)] : [])]);
    box.replaceChildren(
      h(
        'table',
        { 'aria-label': W.paymentsTable },
        h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, W.none))])),
      ),
    );
  }

  function paymentRow(p: RefundablePayment): HTMLElement {
    const open = p.refunds.some((r) => OPEN.has(r.state));
    const actions = h('td', { class: 'actions' });
    if (p.leftMinor > 0 && !open)
      actions.append(h('button', { type: 'button', class: 'primary', 'aria-label': W.refundOf(p.id), onclick: () => openForm(p, row) }, W.refund));
    if (p.cardReceipt) actions.append(h('button', { type: 'button', 'aria-label': W.reprintCardOf(p.id), onclick: () => void reprintCard(p) }, W.reprintCard));
    const row = h(
      'tr',
      { 'data-payment': p.id },
      h('td', {}, ltr(time(p.createdAt))),
      h('td', {}, ltr(p.id), p.reference ? h('br') : null, p.reference ? h('small', {}, ltr(p.reference)) : null),
      h('td', {}, ltr([p.maskedPan, p.authCode].filter(Boolean).join(' · ') || '—')),
      h('td', {}, ltr(moneyText(p.amountMinor, p.currency))),
      h('td', {}, ltr(moneyText(p.refundedMinor, p.currency))),
      h('td', { 'data-left': String(p.leftMinor) }, ltr(moneyText(p.leftMinor, p.currency))),
      actions,
    );
    return row;
  }

  function refundsRow(p: RefundablePayment, span: number): HTMLElement {
    const head = [
      W.refundCols.when,
      W.refundCols.kind,
      W.refundCols.amount,
      W.refundCols.state,
      W.refundCols.by,
      W.refundCols.why,
      W.refundCols.receipt,
      W.refundCols.actions,
    ];
    const line = (r: RefundListed) =>
      h(
        'tr',
        { 'data-refund': r.id, 'data-state': r.state },
        h('td', {}, ltr(time(r.createdAt))),
        h('td', {}, W.kind[r.method]),
        h('td', {}, ltr(moneyText(r.amountMinor, r.currency))),
        h('td', {}, W.states[r.state] ?? r.state, r.reason ? h('small', {}, ` — ${r.reason}`) : null),
        h('td', {}, r.requestedBy),
        h('td', {}, r.why),
        h('td', {}, r.receipt ? (r.receipt.printed ? W.printed : W.notPrinted) : '—'),
        h(
          'td',
          {},
          DONE.has(r.state)
            ? h('button', { type: 'button', 'aria-label': W.reprintReceiptOf(r.id), onclick: () => void reprintReceipt(p, r) }, W.reprintReceipt)
            : null,
        ),
      );
    return h(
      'tr',
      { class: 'refunds-of' },
      h(
        'td',
        { colspan: span },
        h(
          'table',
          { 'aria-label': W.refundsOf(p.id) },
          h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...p.refunds.map(line)),
        ),
      ),
    );
  }

  function openForm(p: RefundablePayment, row: HTMLElement): void {
    box.querySelector('.refund-form')?.remove();
    const amount = h('input', { id: 'refund-amount', inputmode: 'decimal', required: true, value: minorToText(p.leftMinor, p.currency) });
    amount.value = minorToText(p.leftMinor, p.currency);
    const reason = h('textarea', { id: 'refund-reason', rows: 2, required: true, minlength: 3, maxlength: 500, placeholder: W.reasonHint });
    const msg = h('p', { role: 'alert', class: 'error' });
    const submit = h('button', { type: 'submit', class: 'primary' }, W.confirm);
    const form = h(
      'form',
      {
        class: 'refund-form',
        'aria-label': W.refundOf(p.id),
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          void send();
        },
      },
      h('label', { for: amount.id }, W.amount(p.currency)),
      amount,
      h('label', { for: reason.id }, W.reason),
      reason,
      submit,
      h('button', { type: 'button', onclick: () => cell.remove() }, W.cancel),
      msg,
    );
    const cell = h('tr', { class: 'refund-form' }, h('td', { colspan: 7 }, form));
    row.after(cell);
    amount.focus();

    async function send(): Promise<void> {
      const parsed = parseMinor(amount.value, p.currency);
      if (!parsed.ok || parsed.minor <= 0 || parsed.minor > p.leftMinor) {
        msg.textContent = W.badAmount(moneyText(p.leftMinor, p.currency));
        return;
      }
      if (reason.value.trim().length < 3) {
        msg.textContent = W.needReason;
        return;
      }
      // A part of the payment is always a refund (the card again); the whole of it may be a reversal (no card).
      const method = parsed.minor === p.leftMinor && p.method === 'reversal' ? 'reversal' : 'refund';
      const money = moneyText(parsed.minor, p.currency);
      if (!confirm(W.confirmQuestion(money, p.id, W.kind[method]))) return;
      submit.disabled = true;
      msg.textContent = '';
      say(true, (w) => (method === 'refund' ? w.waitingCard : w.waitingReversal), 'waiting');
      const r = await api('refund', {
        params: { id: p.id },
        // Always the amount confirmed: a list gone stale (another refund meanwhile) is refused, never a different amount sent.
        body: { reason: reason.value.trim(), amountMinor: parsed.minor },
      });
      if (!r.ok) {
        const why = r.reason;
        say(false, (w) => w.outcome.refused(why), 'refused');
      } else if (r.body.ok) {
        const { receipt, refund } = r.body;
        const back = moneyText(refund.amountMinor, refund.currency);
        const printed = (w: RefundWords) => (receipt ? (receipt.printed ? w.receiptPrinted : w.receiptNotPrinted(receipt.detail)) : '');
        say(true, (w) => `${w.outcome.refunded(back)} ${printed(w)}`.trim(), 'refunded');
      } else {
        // Anything but the outcomes the page knows is read as unknown: money may have gone back.
        const o = (r.body.outcome in W.outcome ? r.body.outcome : 'unknown') as keyof RefundWords['outcome'];
        const why = r.body.reason ?? r.body.outcome;
        say(false, (w) => w.outcome[o](why), o);
      }
      await load(true);
    }
  }

  async function reprintReceipt(p: RefundablePayment, r: RefundListed): Promise<void> {
    const a = await api('refundReceiptPrint', { params: { id: p.id, rid: r.id } });
    say(a.ok, (w) => (a.ok ? w.receiptPrinted : w.receiptNotPrinted(a.reason)));
    await load(true);
  }

  async function reprintCard(p: RefundablePayment): Promise<void> {
    const a = await api('paymentCardReceiptPrint', { params: { id: p.id } });
    say(a.ok, () => (a.ok ? a.body.detail : a.reason));
  }

  /** Reads the period's payments; `keep` leaves the outcome of the last action on screen. */
  async function load(keep = false): Promise<void> {
    const r = await api('refundable', { query: { from: from.value, to: to.value } });
    if (!r.ok) {
      const why = r.reason;
      say(false, () => why);
      return;
    }
    payments = r.body.payments;
    if (!keep) say(true, () => '');
    draw();
  }

  render();
  return { section, load };
}
