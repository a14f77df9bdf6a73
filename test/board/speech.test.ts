// The board's spoken calls from the real daemon (issue 19 item 12): the WAV of a call in each language of the post,
// decoded by sox; a second ask served from the cache; only this post's prefixes and counters can be spoken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { soxStat } from '../support/sox';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let cleanup: () => void;
beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
});
afterAll(async () => {
  await daemon.close();
  cleanup();
});

const speech = (q: Record<string, string>) => fetch(`${daemon.url}/api/board/speech?${new URLSearchParams(q)}`);

describe('GET /api/board/speech', () => {
  it('speaks a call of this post in French and Arabic, and keeps the clip', async () => {
    const prefix = daemon.ctx.queue.serviceList[0]!.prefix;
    const counter = daemon.ctx.queue.counters[0]!.name;
    for (const lang of ['fr', 'ar']) {
      const r = await speech({ lang, prefix, number: '23', counter });
      expect(r.status, await r.clone().text()).toBe(200);
      expect(r.headers.get('content-type')).toBe('audio/wav');
      expect(r.headers.get('x-speech-engine')).toBe('espeak-ng');
      expect(r.headers.get('x-speech-cache')).toBe('miss');
      const s = soxStat(Buffer.from(await r.arrayBuffer()));
      expect(s.seconds).toBeGreaterThan(1);
      expect(s.rms).toBeGreaterThan(0.02);
    }
    const again = await speech({ lang: 'ar', prefix, number: '23', counter });
    expect(again.headers.get('x-speech-cache')).toBe('hit');
  });

  it('refuses what is not a call of this post, saying why', async () => {
    const prefix = daemon.ctx.queue.serviceList[0]!.prefix;
    const counter = daemon.ctx.queue.counters[0]!.name;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ lang: 'fr', prefix, number: '1', counter: 'Buy now' }, /no counter of this post is called "Buy now"/],
      [{ lang: 'fr', prefix: 'ZZ', number: '1', counter }, /no service of this post has the prefix "ZZ"/],
      [{ lang: 'xx', prefix, number: '1', counter }, /the board speaks fr, ar, en, es; not "xx"/],
      [{ lang: 'fr', prefix, number: 'lots', counter }, /number/],
    ];
    for (const [q, why] of cases) {
      const r = await speech(q);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(why);
    }
  });

  it('a burst of different numbers gets "busy" past the clips it may make at once, with Retry-After; the board then uses its own voice', async () => {
    const prefix = daemon.ctx.queue.serviceList[0]!.prefix;
    const counter = daemon.ctx.queue.counters[0]!.name;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => speech({ lang: 'fr', prefix, number: String(500 + i), counter })));
    const busy = answers.filter((r) => r.status === 503);
    expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.length - busy.length).toBeGreaterThanOrEqual(10);
    expect(busy[0]!.headers.get('retry-after')).toBe('5');
    expect(await busy[0]!.json()).toMatchObject({ reason: 'busy', error: expect.stringMatching(/being made already/) });
  });
});
