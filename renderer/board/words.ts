// The board's own words, in each language a post may announce in (config queue.board.languages). A board shows
// its labels in the first two of those languages, the first one larger: a lobby in Paris reads French and Arabic.
export type BoardWord = 'nowCalling' | 'counter' | 'lastCalls' | 'waiting' | 'counters' | 'paused' | 'open' | 'offline' | 'loading' | 'minutes' | 'time';

const WORDS: Record<string, Record<BoardWord, string>> = {
  fr: {
    nowCalling: 'Appel en cours',
    counter: 'Guichet',
    lastCalls: 'Derniers appels',
    waiting: 'En attente',
    counters: 'Guichets',
    paused: 'en pause',
    open: 'ouvert',
    offline: 'Hors ligne — reconnexion…',
    loading: 'Chargement…',
    minutes: 'min',
    time: 'Heure',
  },
  ar: {
    nowCalling: 'النداء الحالي',
    counter: 'الشباك',
    lastCalls: 'آخر النداءات',
    waiting: 'في الانتظار',
    counters: 'الشبابيك',
    paused: 'متوقف مؤقتا',
    open: 'مفتوح',
    offline: 'غير متصل — جار إعادة الاتصال…',
    loading: 'جار التحميل…',
    minutes: 'دقيقة',
    time: 'الساعة',
  },
  en: {
    nowCalling: 'Now calling',
    counter: 'Counter',
    lastCalls: 'Last calls',
    waiting: 'Waiting',
    counters: 'Counters',
    paused: 'paused',
    open: 'open',
    offline: 'Offline — reconnecting…',
    loading: 'Loading…',
    minutes: 'min',
    time: 'Time',
  },
  es: {
    nowCalling: 'Llamada actual',
    counter: 'Ventanilla',
    lastCalls: 'Últimas llamadas',
    waiting: 'En espera',
    counters: 'Ventanillas',
    paused: 'en pausa',
    open: 'abierta',
    offline: 'Sin conexión — reconectando…',
    loading: 'Cargando…',
    minutes: 'min',
    time: 'Hora',
  },
};

/** The board's languages that have words here, at most two, French when none has. */
export function boardLanguages(configured: readonly string[]): string[] {
  const known = configured.filter((l, i) => WORDS[l] && configured.indexOf(l) === i).slice(0, 2);
  return known.length ? known : ['fr'];
}

export function word(lang: string, w: BoardWord): string {
  return (WORDS[lang] ?? WORDS.fr!)[w];
}

export const BOARD_LANGUAGES = Object.keys(WORDS);
