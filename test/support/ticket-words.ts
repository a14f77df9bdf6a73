// The printed words as the daemon builds them, from the shipped i18n/<lang>/ticket.json files: what the layout and
// printer tests hand to layoutTicket, layoutReceipt and layoutRefundReceipt.
import { ticketWords } from '../../domain/ticket/words';
import { readCatalogues } from '../../server/i18n/catalogues';

export const shippedWords = ticketWords(readCatalogues());
