// The words of the tickets and receipts from the `ticket` catalogues (issue 19 item 7): ICU messages, so the plural
// forms are the language's (Arabic "3 دقائق" but "11 دقيقة"), and a language is added by i18n/<lang>/ticket.json.
// Pure: the daemon hands in the catalogues it read (server/i18n/ticket-words.ts), the tests theirs.
import type { Labels, TicketWords } from './labels';
import type { RefundLabels } from './refund-labels';
import { pickLanguage, translator, type Catalogues } from '../../shared/i18n/catalogue';

/** A ticket in a language with no catalogue is printed in English, as before; a refund receipt in French. */
export const TICKET_FALLBACK = 'en';
export const REFUND_FALLBACK = 'fr';

export function ticketWords(catalogues: Catalogues): TicketWords {
  const labels = new Map<string, Labels>();
  const refunds = new Map<string, RefundLabels>();
  const t = (lang: string, fallback: string) => translator(catalogues, 'ticket', pickLanguage(catalogues, 'ticket', [lang], fallback), { fallback }).t;
  return {
    labels(lang) {
      let l = labels.get(lang);
      if (!l) {
        const w = t(lang, TICKET_FALLBACK);
        l = {
          yourNumber: w('yourNumber'),
          persons: (persons) => w('persons', { persons }),
          wait: (minutes) => w('wait', { minutes }),
          note: w('note'),
          offline: w('offline'),
          receipt: w('receipt'),
          total: w('total'),
          eTimbre: w('eTimbre'),
          authCode: w('authCode'),
          card: w('card'),
          ticket: w('ticket'),
          terminalRef: w('terminalRef'),
        };
        labels.set(lang, l);
      }
      return l;
    },
    refund(lang) {
      let r = refunds.get(lang);
      if (!r) {
        const w = t(lang, REFUND_FALLBACK);
        r = {
          title: { reversal: w('refund.title.reversal'), refund: w('refund.title.refund') },
          duplicate: w('refund.duplicate'),
          original: w('refund.original'),
          paidOn: w('refund.paidOn'),
          paid: w('refund.paid'),
          receiptNo: w('refund.receiptNo'),
          refund: w('refund.refund'),
          kind: { reversal: w('refund.kind.reversal'), refund: w('refund.kind.refund') },
          refunded: w('refund.refunded'),
          why: w('refund.why'),
          by: w('refund.by'),
          on: w('refund.on'),
          refundRef: w('refund.refundRef'),
          fully: w('refund.fully'),
          left: w('refund.left'),
        };
        refunds.set(lang, r);
      }
      return r;
    },
  };
}
