// What the lobby board says for a call, in each language: one table for the page (its text on screen and for screen
// readers) and the daemon (the audio it synthesizes, server/queue/board-speech.ts), so the two never disagree.

export interface CallToAnnounce {
  prefix: string;
  number: number;
  counterName: string;
}

const PHRASES: Record<string, (ticket: string, counter: string) => string> = {
  fr: (t, c) => `Ticket ${t}, guichet ${c}`,
  ar: (t, c) => `التذكرة ${t}، الشباك ${c}`,
  en: (t, c) => `Ticket ${t}, counter ${c}`,
  es: (t, c) => `Turno ${t}, ventanilla ${c}`,
};

export const PHRASE_LANGUAGES = Object.keys(PHRASES);

/** "Ticket A 23, counter 3": the number without leading zeros, the prefix as a letter. */
export function phrase(lang: string, a: CallToAnnounce): string {
  return (PHRASES[lang] ?? PHRASES.en!)(`${a.prefix} ${a.number}`, a.counterName);
}
