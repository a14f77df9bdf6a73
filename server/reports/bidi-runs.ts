// One line of text as the runs a PDF page draws left to right: the Unicode bidirectional algorithm (bidi-js)
// gives each character its level, characters are grouped by level and by the face that has their glyph, and
// the runs are put in visual order (UAX #9, rule L2). The shaper (fontkit, inside pdfkit) joins the Arabic
// letters of a run and lays out right to left, by itself, a run whose first letter is of a right-to-left script;
// each run is handed to it in the order that makes the glyphs come out in the run's visual order.
import { createRequire } from 'node:module';
import type bidiFactory from 'bidi-js';

const require = createRequire(import.meta.url);

export type Direction = 'ltr' | 'rtl';

export interface Run<F> {
  /** The characters in the order to hand to the shaper. */
  text: string;
  face: F;
}

/** Chooses the face for a character; `prev` is the face of the character before it in logical order. */
export type FacePicker<F> = (codePoint: number, prev: F | undefined) => F;

let bidi: ReturnType<typeof bidiFactory> | undefined;
// Loaded, and its tables built, with the first PDF, not when the daemon starts (like pdfkit, see pdf-page.ts).
const algo = () => (bidi ??= (require('bidi-js') as typeof bidiFactory)());

// fontkit takes a run's script from its first character that is not Common, Inherited or unassigned, and lays
// the run out right to left when that script is one of these (fontkit's own list, less the historic ones).
const NEUTRAL_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}\p{Cn}]/u;
const SHAPED_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/u;
const SHAPED_RTL_ANY = new RegExp(SHAPED_RTL.source, 'u');
/** Whether a text has letters of a right-to-left script (drawn shaped and reordered). */
export const hasRtlScript = (text: string): boolean => SHAPED_RTL_ANY.test(text);
const shaperReverses = (chars: string[]) => SHAPED_RTL.test(chars.find((c) => !NEUTRAL_SCRIPT.test(c)) ?? '');

/** The base direction of a paragraph: that of its first strong character, left to right when it has none. */
export function paragraphDirection(text: string): Direction {
  return algo().getEmbeddingLevels(text, 'auto').paragraphs[0]?.level === 1 ? 'rtl' : 'ltr';
}

/** The runs of one line, left to right on the page. Line breaks are drawn as spaces. */
export function visualRuns<F>(line: string, pick: FacePicker<F>, direction: Direction | 'auto' = 'auto'): Array<Run<F>> {
  const text = line.replace(/[\r\n\u2028\u2029]/g, ' ');
  if (!text) return [];
  const b = algo();
  const { levels } = b.getEmbeddingLevels(text, direction);
  const runs: Array<{ chars: string[]; face: F; level: number }> = [];
  let index = 0;
  let prev: F | undefined;
  for (const ch of text) {
    const level = levels[index]!;
    const face = pick(ch.codePointAt(0)!, prev);
    const last = runs.at(-1);
    if (last && last.level === level && last.face === face) last.chars.push(ch);
    else runs.push({ chars: [ch], face, level });
    prev = face;
    index += ch.length;
  }
  // L2: from the highest level down to the lowest odd one, reverse every stretch of runs at that level or above.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.map((r) => {
    const rtl = r.level % 2 === 1;
    // Arabic-Indic digits are Arabic script but stay left to right (an even level): fontkit would reverse them.
    if (rtl === shaperReverses(r.chars)) return { text: r.chars.join(''), face: r.face };
    // Reversed here; a right-to-left run shows brackets mirrored.
    const chars = rtl ? r.chars.map((c) => b.getMirroredCharacter(c) ?? c) : r.chars;
    return { text: chars.reverse().join(''), face: r.face };
  });
}
