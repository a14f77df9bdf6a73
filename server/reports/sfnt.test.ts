import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import { fontFile } from './pdf-fonts';
import { woffToSfnt } from './sfnt';

const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;

describe('WOFF to TrueType', () => {
  it('gives the font the WOFF wraps: same glyphs, same outlines, same Arabic shaping', () => {
    const woff = readFileSync(fontFile('@fontsource/noto-sans-arabic', 'noto-sans-arabic-arabic-400-normal.woff'));
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    const a = fontkit.create(woff) as Fontkit.Font;
    const b = fontkit.create(sfnt) as Fontkit.Font;
    expect(b.numGlyphs).toBe(a.numGlyphs);
    expect(b.postscriptName).toBe(a.postscriptName);
    const run = (f: Fontkit.Font) => f.layout('القنصلية العامة').glyphs.map((g) => [g.id, g.path.toSVG()]);
    expect(run(b)).toEqual(run(a));
    expect(() => woffToSfnt(sfnt)).toThrow(/not a WOFF/);
  });
});
