// /api/board/*: the lobby board's audio (issue 19 item 12). Open to the board like /api/queue/board (allowed hosts).
import { z } from 'zod';
import { lazy } from '../lazy-schema';
import { Refusal } from './answers';
import { binary, declare } from './define';

export const BoardSpeechQuery = lazy(() =>
  z.strictObject({
    lang: z.string().regex(/^[a-z]{2}$/, 'a language code such as "fr" or "ar"'),
    prefix: z.string().regex(/^[A-Z]{1,3}$/, 'the ticket prefix, e.g. "A"'),
    number: z.coerce.number().int().min(0).max(99_999),
    counter: z.string().min(1).max(20),
  }),
);

export const boardRoutes = {
  boardSpeech: declare({
    method: 'GET',
    path: '/api/board/speech',
    summary: 'The call "Ticket A 23, counter 3" spoken in one language, as WAV audio (espeak-ng; a tone when simulated)',
    query: BoardSpeechQuery,
    responses: { 200: binary('audio/wav'), 400: Refusal, 503: Refusal },
  }),
} as const;
