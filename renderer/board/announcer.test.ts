import { afterEach, describe, expect, it, vi } from 'vitest';
import { Announcer, phrase } from './announcer';

// renderer/lib/api.ts names the calling page from the address at load: the board's, as in the browser.
vi.hoisted(() => Object.assign(globalThis, { location: { pathname: '/board', href: 'http://kiosk.test/board' } }));

const a = (callId: number, number: number, counterName = '3') => ({ callId, prefix: 'A', number, counterName });

describe('board announcer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('says "Ticket A 23, counter 3" without leading zeros, in each language', () => {
    expect(phrase('en', a(1, 23))).toBe('Ticket A 23, counter 3');
    expect(phrase('fr', a(1, 23))).toBe('Ticket A 23, guichet 3');
    expect(phrase('ar', a(1, 7))).toBe('التذكرة A 7، الشباك 3');
    expect(phrase('nl', a(1, 7))).toBe('Ticket A 7, counter 3');
  });

  it('queues announcements: never two utterances at once, in call order, each language in turn', async () => {
    let speaking = 0;
    let overlap = false;
    const said: string[] = [];
    class Utterance {
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      lang = '';
      rate = 1;
      voice: unknown = null;
      constructor(readonly text: string) {}
    }
    vi.stubGlobal('SpeechSynthesisUtterance', Utterance);
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [],
      speak: (u: Utterance) => {
        if (speaking > 0) overlap = true;
        speaking++;
        said.push(`${u.lang}:${u.text}`);
        setTimeout(() => {
          speaking--;
          u.onend?.();
        }, 15);
      },
    });
    const blocked = vi.fn();
    // This daemon has no voice (503): the browser's voice says every call, and the daemon is asked once per language.
    const asked: string[] = [];
    const clip = async (lang: string) => {
      asked.push(lang);
      return { ok: false as const, status: 503, reason: 'espeak-ng is not installed' };
    };
    const ann = new Announcer({ languages: () => ['fr', 'en'], chime: () => false, onAudioBlocked: blocked, clip });
    ann.enqueue(a(1, 1));
    ann.enqueue(a(2, 2));
    ann.enqueue(a(3, 1)); // a recall of A 1 is a new call id: said again
    await vi.waitFor(() => expect(ann.pending).toBe(0), { timeout: 5000 });
    expect(overlap).toBe(false);
    expect(said).toEqual([
      'fr-FR:Ticket A 1, guichet 3',
      'en-GB:Ticket A 1, counter 3',
      'fr-FR:Ticket A 2, guichet 3',
      'en-GB:Ticket A 2, counter 3',
      'fr-FR:Ticket A 1, guichet 3',
      'en-GB:Ticket A 1, counter 3',
    ]);
    expect(ann.log).toHaveLength(6);
    expect(asked).toEqual(['fr', 'en']);
  });

  it('a daemon busy making clips (503 "busy") is asked again at the next call: the browser says only that one', async () => {
    const said: string[] = [];
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        lang = '';
        rate = 1;
        voice: unknown = null;
        constructor(readonly text: string) {}
      },
    );
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [],
      speak: (u: { text: string; onend: (() => void) | null }) => {
        said.push(u.text);
        setTimeout(() => u.onend?.(), 1);
      },
    });
    const asked: number[] = [];
    const clip = async (_lang: string, call: { number: number }) => {
      asked.push(call.number);
      return { ok: false as const, status: 503, reason: 'busy' };
    };
    const ann = new Announcer({ languages: () => ['fr'], chime: () => false, onAudioBlocked: () => {}, clip });
    ann.enqueue(a(1, 1));
    ann.enqueue(a(2, 2));
    await vi.waitFor(() => expect(ann.pending).toBe(0), { timeout: 5000 });
    expect(asked).toEqual([1, 2]);
    expect(said).toEqual(['Ticket A 1, guichet 3', 'Ticket A 2, guichet 3']);
  });

  it('a missing audio device or voice does not stall the queue', async () => {
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        onend = null;
        onerror: (() => void) | null = null;
        lang = '';
        rate = 1;
        voice = null;
        constructor(readonly text: string) {}
      },
    );
    vi.stubGlobal('speechSynthesis', { getVoices: () => [], speak: (u: { onerror: (() => void) | null }) => setTimeout(() => u.onerror?.(), 5) });
    const blocked = vi.fn();
    const ann = new Announcer({ languages: () => ['en'], chime: () => true, onAudioBlocked: blocked });
    ann.enqueue(a(1, 5));
    await vi.waitFor(() => expect(ann.pending).toBe(0), { timeout: 5000 });
    expect(blocked).toHaveBeenCalled(); // no AudioContext in this test: the chime is skipped, the page offers "sound on"
    expect(ann.log).toEqual(['Ticket A 5, counter 3']);
  });
});
