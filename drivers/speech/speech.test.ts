// The board's voices, heard: each WAV is decoded by sox and must last like a sentence and not be silence.
import { describe, expect, it } from 'vitest';
import { espeakEngine } from './espeak';
import { simulatedEngine } from './simulated';
import { soxStat } from '../../test/support/sox';

describe('espeak-ng', () => {
  it.each([
    ['fr', 'Ticket A 23, guichet 3'],
    ['ar', 'التذكرة A 23، الشباك 3'],
    ['es', 'Turno A 23, ventanilla 3'],
  ])('says a call in %s as a WAV that sox decodes, a sentence long and not silent', async (lang, text) => {
    const r = await espeakEngine().synthesize(text, lang);
    if (!r.ok) throw new Error(r.detail);
    const s = soxStat(r.wav);
    expect(s.seconds).toBeGreaterThan(1);
    expect(s.seconds).toBeLessThan(8);
    expect(s.rms).toBeGreaterThan(0.02);
  });

  it('says it is not installed, and refuses a language it has no voice for', async () => {
    expect(await espeakEngine({ command: 'espeak-ng-not-here' }).synthesize('Ticket A 1', 'fr')).toMatchObject({
      ok: false,
      reason: 'unavailable',
      detail: expect.stringContaining('apt-get install -y espeak-ng'),
    });
    expect(await espeakEngine().synthesize('x', 'tlh')).toMatchObject({ ok: false, reason: 'failed' });
  });

  it('reads the text from stdin: text that looks like an option is spoken, not obeyed', async () => {
    const r = await espeakEngine().synthesize('--version', 'en');
    if (!r.ok) throw new Error(r.detail);
    expect(soxStat(r.wav).seconds).toBeGreaterThan(0.3);
  });
});

describe('the simulated voice', () => {
  it('is a real WAV, one tone per word, not silent', async () => {
    const r = await simulatedEngine().synthesize('Ticket A 23, guichet 3', 'fr');
    if (!r.ok) throw new Error('simulated voice failed');
    const s = soxStat(r.wav);
    expect(s.sampleRate).toBe(16000);
    expect(s.seconds).toBeCloseTo(5 * 0.35, 2);
    expect(s.rms).toBeGreaterThan(0.05);
  });
});
