// What the lobby board says for a call, in each language: one message of the board catalogues (i18n/<lang>/board.json,
// key "call") for the page (its text on screen and for screen readers) and the daemon (the audio it synthesizes,
// server/queue/board-speech.ts), so the two never disagree. Each side passes the catalogues it loaded.
import { languagesOf, translator, type Catalogues } from './i18n/catalogue';

export interface CallToAnnounce {
  prefix: string;
  number: number;
  counterName: string;
}

/** The languages the board can announce in: those with a board catalogue. */
export const phraseLanguages = (catalogues: Catalogues): string[] => languagesOf(catalogues, 'board');

/** "Ticket A 23, counter 3": the number without leading zeros, the prefix as a letter; English when unknown. */
export function phrase(catalogues: Catalogues, lang: string, a: CallToAnnounce): string {
  return translator(catalogues, 'board', lang, { fallback: 'en' }).t('call', { ticket: `${a.prefix} ${a.number}`, counter: a.counterName });
}
