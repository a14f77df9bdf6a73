// The push hub encodes a message once for all its pages, and not at all when no page is to get it: the kiosk's
// steps and the queue's changes push many messages nobody may be listening to (issue 14, CPU per visit).
// In-memory sockets: this is the hub alone; test/queue/board-push.test.ts covers real sockets.
import { afterEach, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { ServerPush } from '../../shared/api';
import { PushHub } from './push';

function page(): WebSocket & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    on: () => undefined,
    send: (b: Buffer) => sent.push(String(b)),
    terminate: () => undefined,
  } as never;
}

afterEach(() => {
  vi.restoreAllMocks();
});

it('a message with no page to receive it is neither checked nor encoded; with pages, once for all of them', () => {
  const parse = vi.spyOn(ServerPush, 'parse');
  const hub = new PushHub();
  hub.broadcast({ type: 'changed', topic: 'queue' });
  hub.publish('board', { type: 'changed', topic: 'queue' });
  expect(parse).not.toHaveBeenCalled();

  const board = page();
  hub.add(board, new Set(['board']));
  hub.broadcast({ type: 'changed', topic: 'queue' }, { except: 'board' }); // its only page is a board
  expect(parse).not.toHaveBeenCalled();

  const pages = [page(), page(), page()];
  for (const p of pages) hub.add(p);
  hub.broadcast({ type: 'changed', topic: 'queue' }, { except: 'board' });
  expect(parse).toHaveBeenCalledTimes(1);
  expect(pages.map((p) => p.sent)).toEqual(pages.map(() => ['{"type":"changed","topic":"queue"}']));
  expect(board.sent).toEqual([]);
});
