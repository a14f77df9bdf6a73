// The board's own words, from the board catalogues (i18n/<lang>/board.json), in each language a post may announce in
// (config queue.board.languages). A board shows its labels in the first two of those languages, the first one
// larger: a lobby in Paris reads French and Arabic. A language with a board catalogue is offered by its file alone.
import { languagesOf, type DomainKeys, type Translator, type Values } from '../../shared/i18n/catalogue';
import { CATALOGUES, pageTranslator } from '../lib/catalogues';

export type BoardWord = DomainKeys['board'];

export const BOARD_LANGUAGES = languagesOf(CATALOGUES, 'board');

/** The board's languages that have a catalogue, at most two, French when none has. */
export function boardLanguages(configured: readonly string[]): string[] {
  const known = configured.filter((l, i) => BOARD_LANGUAGES.includes(l) && configured.indexOf(l) === i).slice(0, 2);
  return known.length ? known : ['fr'];
}

const translators = new Map<string, Translator<BoardWord>>();

export function word(lang: string, w: BoardWord, values?: Values): string {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = pageTranslator('board', lang)));
  return t.t(w, values);
}
