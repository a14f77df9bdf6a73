import { describe, expect, it } from 'vitest';
import { boardSpeech } from './board-speech';
import type { SpeechEngine, SpeechResult } from '../devices/index';

/** An engine whose clips finish when the test says: how many it is making at once is what is checked. */
function heldEngine() {
  const pending: Array<{ text: string; done: (r: SpeechResult) => void }> = [];
  let atOnce = 0;
  let most = 0;
  const engine: SpeechEngine = {
    name: 'held',
    synthesize: (text) =>
      new Promise<SpeechResult>((resolve) => {
        atOnce++;
        most = Math.max(most, atOnce);
        pending.push({
          text,
          done: (r) => {
            atOnce--;
            resolve(r);
          },
        });
      }),
  };
  const finishFirst = async () => {
    pending.shift()!.done({ ok: true, wav: Buffer.from('RIFF'), engine: 'held' });
    await new Promise((r) => setImmediate(r));
  };
  return { engine, pending, finishFirst, most: () => most };
}

describe('boardSpeech: clips made at once are bounded', () => {
  it('makes two at once, queues eight, answers "busy" past that, and never runs more than two', async () => {
    const e = heldEngine();
    const speech = boardSpeech({ engine: e.engine, prefixes: () => new Set(), counterNames: () => new Set() }, { atOnce: 2, waiting: 8 });
    const asked = Array.from({ length: 15 }, (_, i) => speech.say(`ticket ${i}`, 'fr'));
    const busy = await Promise.all(asked.slice(10));
    expect(busy.every((r) => !r.ok && r.reason === 'busy')).toBe(true);
    expect(e.pending.map((p) => p.text)).toEqual(['ticket 0', 'ticket 1']);
    for (let i = 0; i < 10; i++) {
      // A new ask between a clip's end and the next waiter's start must not take a third place.
      void speech.say('ticket 0', 'fr');
      await e.finishFirst();
      expect(e.pending.length).toBeLessThanOrEqual(2);
    }
    const made = await Promise.all(asked.slice(0, 10));
    expect(made.every((r) => r.ok)).toBe(true);
    expect(e.most()).toBe(2);
    // Once the queue is empty, a new clip is made at once.
    const later = speech.say('ticket 99', 'fr');
    expect(e.pending.map((p) => p.text)).toEqual(['ticket 99']);
    await e.finishFirst();
    expect((await later).ok).toBe(true);
  });

  it('the same clip asked again while it is made waits for it: one synthesis, one place', async () => {
    const e = heldEngine();
    const speech = boardSpeech({ engine: e.engine, prefixes: () => new Set(), counterNames: () => new Set() }, { atOnce: 1, waiting: 0 });
    const a = speech.say('ticket A 23, counter 3', 'fr');
    const b = speech.say('ticket A 23, counter 3', 'fr');
    expect(e.pending).toHaveLength(1);
    await e.finishFirst();
    expect([(await a).ok, (await b).ok]).toEqual([true, true]);
    expect((await speech.say('ticket A 23, counter 3', 'fr')).cached).toBe(true);
  });
});
