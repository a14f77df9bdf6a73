// The board's spoken calls made on the daemon (issue 19 item 12): the page asks for "ticket A 23, counter 3" in one
// language and plays the WAV, so an announcement plays whatever voices the board's browser has (Chromium and Electron
// on Linux often have none, and list them only after a while). Only calls of this post can be asked for: a prefix of
// its services and the name of one of its counters, so nobody makes the daemon say arbitrary text.
import type { FastifyPluginAsync } from 'fastify';
import { Routes } from '../../shared/routes/index';
import { serverCatalogues } from '../i18n/catalogues';
import { route } from '../http/route';
import type { SpeechEngine, SpeechResult } from '../devices/index';

/**
 * The phrases, with intl-messageformat (the ICU parser) under them, loaded with the first spoken call: importing
 * them was 10-20 ms of CPU of every daemon start, before its first /api/health (issue 14).
 */
const phrases = () => import('../../shared/board-phrases');

/** Clips kept: a day's calls repeat (the same counters, a few hundred numbers per prefix). */
const CACHE_SIZE = 300;
/**
 * Clips made at once, and asked for meanwhile: each one not in the cache starts espeak-ng. The board asks one per call;
 * anything asking for many different numbers at once (a script on the LAN, a board gone wild) gets "busy" past these,
 * and the board then speaks with the browser's voice, instead of the post PC starting hundreds of processes.
 */
export const SPEECH_AT_ONCE = 2;
export const SPEECH_WAITING = 8;

export interface BoardSpeechDeps {
  engine: SpeechEngine;
  /** Used when the engine is not installed (demo mode: the simulated tone). */
  fallback?: SpeechEngine;
  prefixes: () => ReadonlySet<string>;
  counterNames: () => ReadonlySet<string>;
}

export type BoardSpeechResult = (SpeechResult | { ok: false; reason: 'busy'; detail: string }) & { cached?: boolean };

export interface BoardSpeech {
  say(text: string, lang: string): Promise<BoardSpeechResult>;
}

export function boardSpeech(deps: BoardSpeechDeps, limits = { atOnce: SPEECH_AT_ONCE, waiting: SPEECH_WAITING }): BoardSpeech {
  const cache = new Map<string, { wav: Buffer; engine: string }>();
  /** The same clip asked again while it is being made waits for that one. */
  const making = new Map<string, Promise<BoardSpeechResult>>();
  const queue: Array<() => void> = [];
  let running = 0;
  let engineMissing = false;

  async function make(key: string, text: string, lang: string): Promise<BoardSpeechResult> {
    // A waiter is handed the finished one's place: nobody can slip in between and make it one too many.
    if (running >= limits.atOnce) await new Promise<void>((go) => queue.push(go));
    else running++;
    try {
      return await synthesize(key, text, lang);
    } finally {
      const next = queue.shift();
      if (next) next();
      else running--;
    }
  }

  async function synthesize(key: string, text: string, lang: string): Promise<SpeechResult> {
    let r: SpeechResult = engineMissing ? { ok: false, reason: 'unavailable', detail: '' } : await deps.engine.synthesize(text, lang);
    if (!r.ok && r.reason === 'unavailable') {
      engineMissing = true;
      r = deps.fallback ? await deps.fallback.synthesize(text, lang) : r;
    }
    if (r.ok) {
      cache.set(key, { wav: r.wav, engine: r.engine });
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return r;
  }

  return {
    async say(text, lang) {
      const key = `${lang}\u0000${text}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return { ok: true, ...hit, cached: true };
      }
      const same = making.get(key);
      if (same) return same;
      if (running >= limits.atOnce && queue.length >= limits.waiting)
        return { ok: false, reason: 'busy', detail: `${running + queue.length} announcements are being made already` };
      const p = make(key, text, lang).finally(() => making.delete(key));
      making.set(key, p);
      return p;
    },
  };
}

export function boardSpeechRoutes(deps: BoardSpeechDeps, speech = boardSpeech(deps)): FastifyPluginAsync {
  return async (app) => {
    route(app, Routes.boardSpeech, {}, async ({ reply, query }) => {
      const { phrase, phraseLanguages } = await phrases();
      const languages = phraseLanguages(serverCatalogues());
      if (!languages.includes(query.lang))
        return reply.code(400).send({ error: `the board speaks ${languages.join(', ')}; not "${query.lang}"`, reason: 'invalid' });
      if (!deps.prefixes().has(query.prefix))
        return reply.code(400).send({ error: `no service of this post has the prefix "${query.prefix}"`, reason: 'invalid' });
      if (!deps.counterNames().has(query.counter))
        return reply.code(400).send({ error: `no counter of this post is called "${query.counter}"`, reason: 'invalid' });
      const r = await speech.say(
        phrase(serverCatalogues(), query.lang, { prefix: query.prefix, number: query.number, counterName: query.counter }),
        query.lang,
      );
      if (!r.ok && r.reason === 'busy') reply.header('Retry-After', '5');
      if (!r.ok) return reply.code(503).send({ error: `the board's voice cannot speak: ${r.detail}; the board uses the browser's voice`, reason: r.reason });
      return reply
        .header('Content-Type', 'audio/wav')
        .header('Cache-Control', 'public, max-age=86400')
        .header('X-Speech-Engine', r.engine)
        .header('X-Speech-Cache', r.cached ? 'hit' : 'miss')
        .send(r.wav);
    });
  };
}
