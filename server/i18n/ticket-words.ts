// The printed words as the daemon gives them to the ticket and receipt layouts: built from its catalogues at the
// first slip printed. Imported lazily, as the board's phrases are (server/queue/board-speech.ts): the ICU parser
// under them is not loaded at every daemon start (issue 14).
import type { TicketWords } from '../../domain/ticket/labels';
import { serverCatalogues } from './catalogues';

let words: Promise<TicketWords> | undefined;
export const serverTicketWords = (): Promise<TicketWords> => (words ??= import('../../domain/ticket/words').then((m) => m.ticketWords(serverCatalogues())));
