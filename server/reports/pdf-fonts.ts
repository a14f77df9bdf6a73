// The faces a report PDF embeds: the Noto faces of the @fontsource packages (the ones the ticket printer and
// the pages use), one file per script. The .woff files, not .woff2: fontkit reads both, but the subsets pdfkit
// embeds from a .woff2 have empty outlines (poppler draws nothing). Each .woff is unpacked once to the
// TrueType file it wraps (sfnt.ts): fontkit inflates a WOFF's tables in JavaScript at every access, which made
// a one-page report take a second.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { woffToSfnt } from './sfnt';
import type * as Fontkit from 'fontkit';
import type { Font } from 'fontkit';

const require = createRequire(import.meta.url);

export type Weight = 'regular' | 'bold';

/** A font file of an @fontsource package (as the ticket printer finds them, drivers/printer/fonts.ts). */
export function fontFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(pkg)), 'files', file);
}

interface FaceFile {
  script: string;
  pkg: string;
  file: (weight: Weight) => string;
}

const w = (weight: Weight) => (weight === 'bold' ? 700 : 400);
/** In the order they are tried for a character that is not Arabic. */
const FACES: FaceFile[] = [
  { script: 'latin', pkg: '@fontsource/noto-sans', file: (x) => `noto-sans-latin-${w(x)}-normal.woff` },
  { script: 'latin-ext', pkg: '@fontsource/noto-sans', file: (x) => `noto-sans-latin-ext-${w(x)}-normal.woff` },
  { script: 'cyrillic', pkg: '@fontsource/noto-sans', file: (x) => `noto-sans-cyrillic-${w(x)}-normal.woff` },
  { script: 'greek', pkg: '@fontsource/noto-sans', file: (x) => `noto-sans-greek-${w(x)}-normal.woff` },
  { script: 'arabic', pkg: '@fontsource/noto-sans-arabic', file: (x) => `noto-sans-arabic-arabic-${w(x)}-normal.woff` },
];

export interface Face {
  /** The name the face is registered under in a PDF document. */
  key: string;
  /** Parsed at first use, once, and handed to every document (pdfkit takes a fontkit font as it is). */
  readonly font: Font;
}

export interface FaceSet {
  /** The face for a character, given the face of the one before it. */
  pick: (codePoint: number, prev: Face | undefined) => Face;
}

const ARABIC = /\p{Script=Arabic}/u;
// Marks and format characters (harakat, ZWJ) stay in the face of the letter they belong to.
const ATTACHED = /[\p{M}\p{Cf}]/u;

function load(weight: Weight): FaceSet {
  // fontkit is pdfkit's own font engine; it is loaded with the first PDF, not when the daemon starts.
  const fontkit = require('fontkit') as typeof Fontkit;
  const faces = FACES.map((f): Face => {
    let font: Font | undefined;
    return {
      key: `${f.script}-${weight}`,
      // Most reports need two faces of the ten: each is read when a character first asks for it.
      get font() {
        if (!font) {
          const path = fontFile(f.pkg, f.file(weight));
          if (!existsSync(path)) throw new Error(`Font ${path} is missing: reinstall ${f.pkg} (npm ci)`);
          font = fontkit.create(woffToSfnt(readFileSync(path))) as Font;
        }
        return font;
      },
    };
  });
  const arabic = faces.find((f) => f.key.startsWith('arabic'))!;
  const pick = (cp: number, prev: Face | undefined): Face => {
    const ch = String.fromCodePoint(cp);
    if (prev && ATTACHED.test(ch) && prev.font.hasGlyphForCodePoint(cp)) return prev;
    if (ARABIC.test(ch) && arabic.font.hasGlyphForCodePoint(cp)) return arabic;
    // A character no face has is drawn as the Latin face's missing-glyph box, visible rather than dropped.
    return faces.find((f) => f.font.hasGlyphForCodePoint(cp)) ?? faces[0]!;
  };
  return { pick };
}

const loaded = new Map<Weight, FaceSet>();

/** The faces of a weight; each file is read at its first use, once per process, and throws if missing: a broken install. */
export function faceSet(weight: Weight): FaceSet {
  let set = loaded.get(weight);
  if (!set) {
    set = load(weight);
    loaded.set(weight, set);
  }
  return set;
}
