import { describe, expect, it } from 'vitest';
import { paragraphDirection, visualRuns } from './bidi-runs';

// Arabic letters in one face, everything else in another, as the Noto faces split them.
const pick = (cp: number) => (/\p{Script=Arabic}/u.test(String.fromCodePoint(cp)) ? 'ar' : 'la');
const show = (line: string, dir?: 'ltr' | 'rtl') => visualRuns(line, pick, dir).map((r) => `${r.face}:${r.text}`);

describe('visual runs of a line', () => {
  it('keeps a Latin line as one run', () => {
    expect(show('Clôture 12,50 € (test)')).toEqual(['la:Clôture 12,50 € (test)']);
    expect(paragraphDirection('Clôture')).toBe('ltr');
  });

  it('puts the words of an Arabic line right to left, each in logical order for the shaper to reverse', () => {
    expect(paragraphDirection('القنصلية العامة')).toBe('rtl');
    expect(show('القنصلية العامة')).toEqual(['ar:العامة', 'la: ', 'ar:القنصلية']);
  });

  it('keeps numbers left to right inside Arabic, and mirrors brackets it reverses', () => {
    // RTL paragraph: the number is read left to right; "(" after the Arabic word is drawn as ")" on its left.
    expect(show('جواز (12)')).toEqual(['la:(', 'la:12', 'la:) ', 'ar:جواز']);
    // Arabic-Indic digits are Arabic script: handed reversed, so that the shaper's own reversal restores them.
    expect(show('سنة ٢٠٢٦')).toEqual(['ar:٦٢٠٢', 'la: ', 'ar:سنة']);
  });

  it('places an Arabic phrase inside a French line, its words right to left', () => {
    expect(show('Consulat القنصلية العامة (Paris) 2026')).toEqual(['la:Consulat ', 'ar:العامة', 'la: ', 'ar:القنصلية', 'la: (Paris) 2026']);
  });

  it('follows a given paragraph direction (a wrapped line keeps that of its paragraph)', () => {
    expect(show('12 kg', 'rtl')).toEqual(['la:kg', 'la: ', 'la:12']);
  });
});
