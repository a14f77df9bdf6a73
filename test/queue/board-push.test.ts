// Lobby boards get the board view pushed (issue 14): the daemon computes it once per queue change and sends the
// same text to every board socket, so a call costs one computation however many boards are up, not one
// GET /api/queue/board per board. Pages that are not boards get only the small "changed" poke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServerPush } from '../../shared/api';
import { applyBoardPatch } from '../../shared/board-patch';
import type { BoardView } from '../../shared/queue-api';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h?.close();
});

const until = <T>(fn: () => T) => expect.poll(fn, { timeout: 20_000, interval: 50 });

/** A socket that keeps what it was pushed, parsed as the pages parse it, and the views it showed (patches applied). */
async function client(path: string): Promise<{ views: BoardView[]; pushes: ServerPush[]; bytes: number[]; refused: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}${path}`);
  sockets.push(ws);
  const got = { views: [] as BoardView[], pushes: [] as ServerPush[], bytes: [] as number[], refused: 0 };
  ws.on('message', (d) => {
    const m = ServerPush.parse(JSON.parse(String(d)));
    got.pushes.push(m);
    got.bytes.push(String(d).length);
    if (m.type === 'board') got.views.push(m.view);
    // As the page: a patch before the first view is ignored (the view follows); one that does not apply is counted.
    const last = got.views.at(-1);
    if (m.type === 'board-patch' && last) {
      const next = applyBoardPatch(last, m.patch);
      if (next) got.views.push(next);
      else got.refused++;
    }
  });
  await new Promise((r) => ws.once('open', r));
  return got;
}

describe('board view pushed to board pages', { timeout: 60_000 }, () => {
  it('a call reaches every board socket from one computed view; a page that is not a board gets only "changed"', async () => {
    const svc = h.queue.service;
    const N = 20;
    const boards = await Promise.all(Array.from({ length: N }, () => client('/api/ws?topics=board')));
    const other = await client('/api/ws');
    // On connection a board is sent the current view: a board that was offline catches up without a read.
    await until(() => boards.every((b) => b.views.length === 1)).toBe(true);

    const issued = svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!issued.ok) throw new Error(issued.detail);
    await until(() => boards.every((b) => b.views.at(-1)?.waiting.find((w) => w.service === 'passport')?.count === 1)).toBe(true);

    // Every board view the daemon computes from here on: pushed ones and GET /api/queue/board alike.
    let computed = 0;
    const boardView = svc.boardView.bind(svc);
    svc.boardView = () => {
      computed++;
      return boardView();
    };
    const cookie = await signIn(h, '2', '1111');
    const res = await fetch(`${h.url}/api/queue/counter/call-next`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    expect(res.status).toBe(200);
    await until(() => boards.every((b) => b.views.at(-1)?.current?.ticketId === issued.ticket.id)).toBe(true);
    expect(boards.map((b) => b.views.length)).toEqual(Array.from({ length: N }, () => 3));
    expect(computed).toBe(1);
    expect(boards[0]!.views.at(-1)!.current).toMatchObject({ label: issued.ticket.label, counter: '2', kind: 'called' });

    await until(() => other.pushes.filter((p) => p.type === 'changed' && p.topic === 'queue').length).toBe(2);
    expect(other.pushes.filter((p) => p.type === 'board')).toEqual([]);
    // The view says all the poke would: board sockets get no "changed" poke for the queue.
    expect(boards.flatMap((b) => b.pushes).filter((p) => p.type === 'changed')).toEqual([]);
    svc.finish('2', { id: 'test' });
  });

  it('several changes in one turn: one view computed and pushed, and it holds the last of them', async () => {
    const svc = h.queue.service;
    const boards = await Promise.all(Array.from({ length: 3 }, () => client('/api/ws?topics=board')));
    const other = await client('/api/ws');
    await until(() => boards.every((b) => b.views.length === 1)).toBe(true);
    const before = boards[0]!.views[0]!.waiting.find((w) => w.service === 'passport')!.count;
    let computed = 0;
    const boardView = svc.boardView.bind(svc);
    svc.boardView = () => {
      computed++;
      return boardView();
    };
    // Five tickets and a call in one turn of the event loop (a kiosk and a counter answered in the same tick).
    for (let i = 0; i < 5; i++) expect(svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
    const called = svc.callNext('3', { id: 'test' });
    if (!called.ok) throw new Error(called.detail);
    await until(() => boards.every((b) => b.views.at(-1)?.current?.ticketId === called.ticket.id)).toBe(true);
    expect(boards[0]!.views.at(-1)!.waiting.find((w) => w.service === 'passport')!.count).toBe(before + 4);
    expect(boards.map((b) => b.views.length)).toEqual([2, 2, 2]);
    expect(computed).toBe(1);
    await until(() => other.pushes.filter((p) => p.type === 'changed' && p.topic === 'queue').length).toBe(1);
    svc.boardView = boardView;
    expect(svc.finish('3', { id: 'test' }).ok).toBe(true);
    for (const s of sockets) s.close();
  });

  it('a change that leaves the board as it was (the counter starts serving its call) sends the boards nothing; other pages get "changed"', async () => {
    // 200 boards over TLS: each push is 200 socket writes (issue 14); a call's "start" and "finish" changed nothing a board shows.
    const svc = h.queue.service;
    const passport = () => svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    expect(passport().ok).toBe(true);
    const boards = await Promise.all(Array.from({ length: 3 }, () => client('/api/ws?topics=board')));
    const other = await client('/api/ws');
    const pokes = () => other.pushes.filter((p) => p.type === 'changed' && p.topic === 'queue').length;
    await until(() => boards.every((b) => b.views.length === 1)).toBe(true);
    const called = svc.callNext('3', { id: 'test' });
    if (!called.ok) throw new Error(called.detail);
    await until(() => boards.every((b) => b.views.at(-1)?.current?.ticketId === called.ticket.id)).toBe(true);
    await until(pokes).toBe(1);
    expect(svc.start('3', { id: 'test' }).ok).toBe(true);
    await until(pokes).toBe(2);
    // Then a change the boards do show: each board's next view is that one, with nothing between.
    const waiting = boards[0]!.views.at(-1)!.waiting.find((w) => w.service === 'passport')!.count;
    expect(passport().ok).toBe(true);
    await until(() => boards.every((b) => b.views.at(-1)?.waiting.find((w) => w.service === 'passport')?.count === waiting + 1)).toBe(true);
    expect(boards.map((b) => b.views.length)).toEqual([3, 3, 3]); // on connection, the call, the new ticket
    expect(svc.finish('3', { id: 'test' }).ok).toBe(true);
    for (const s of sockets) s.close();
  });

  it('after the first view a call is a patch, a fraction of the view, and every board ends with the view a fresh read gives', async () => {
    const svc = h.queue.service;
    for (let i = 0; i < 3; i++) expect(svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
    const boards = await Promise.all(Array.from({ length: 3 }, () => client('/api/ws?topics=board')));
    await until(() => boards.every((b) => b.views.length === 1)).toBe(true);
    const called = svc.callNext('3', { id: 'test' });
    if (!called.ok) throw new Error(called.detail);
    await until(() => boards.every((b) => b.views.at(-1)?.current?.ticketId === called.ticket.id)).toBe(true);
    const [full, patch] = boards[0]!.pushes.filter((p) => p.type.startsWith('board'));
    expect([full?.type, patch?.type]).toEqual(['board', 'board-patch']);
    const sizes = boards[0]!.pushes.map((p, i) => [p.type, boards[0]!.bytes[i]!] as const).filter(([t]) => t.startsWith('board'));
    expect(sizes[1]![1]).toBeLessThan(sizes[0]![1] / 3);
    const fresh = svc.boardView();
    for (const b of boards) expect({ ...b.views.at(-1)!, serverTime: '' }).toEqual({ ...fresh, serverTime: '' });
    expect(svc.finish('3', { id: 'test' }).ok).toBe(true);
    for (const s of sockets) s.close();
  });

  it('a board connecting between a change and its push: the others are brought to its view first, so the next patch applies to all', async () => {
    const svc = h.queue.service;
    expect(svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
    const first = await client('/api/ws?topics=board');
    await until(() => first.views.length).toBe(1);
    // A ticket issued and a board greeted in the same turn: the greeting's view already holds the ticket.
    const passports = () => first.views.at(-1)?.waiting.find((w) => w.service === 'passport')?.count;
    const before = passports()!;
    // The greeting is the hub's own call (a socket's upgrade cannot be timed within a turn from outside): a page's
    // socket as the hub sees it, keeping what it is sent.
    const lateViews: BoardView[] = [];
    const handlers = new Map<string, () => void>();
    const late = {
      readyState: 1,
      OPEN: 1,
      bufferedAmount: 0,
      on: (event: string, f: () => void) => handlers.set(event, f),
      close: () => handlers.get('close')?.(),
      send: (d: string | Buffer) => {
        const m = ServerPush.parse(JSON.parse(String(d)));
        if (m.type === 'board') lateViews.push(m.view);
        const last = lateViews.at(-1);
        if (m.type === 'board-patch' && last) lateViews.push(applyBoardPatch(last, m.patch)!);
      },
    };
    expect(svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
    h.push.add(late as unknown as WebSocket, new Set(['board']));
    expect(lateViews[0]!.waiting.find((w) => w.service === 'passport')!.count).toBe(before + 1);
    await until(passports).toBe(before + 1);
    const called = svc.callNext('3', { id: 'test' });
    if (!called.ok) throw new Error(called.detail);
    await until(() => first.views.at(-1)?.current?.ticketId).toBe(called.ticket.id);
    expect(first.refused).toBe(0);
    await until(() => lateViews.at(-1)?.current?.ticketId).toBe(called.ticket.id);
    for (const v of [first.views.at(-1)!, lateViews.at(-1)!]) expect({ ...v, serverTime: '' }).toEqual({ ...svc.boardView(), serverTime: '' });
    expect(svc.finish('3', { id: 'test' }).ok).toBe(true);
    late.close();
    for (const s of sockets) s.close();
  });

  it("a counter's call goes to the boards right after its commit, before the counter's own answer is computed", async () => {
    const svc = h.queue.service;
    expect(svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
    const board = await client('/api/ws?topics=board');
    await until(() => board.views.length).toBe(1);
    const order: string[] = [];
    const counterView = svc.counterView.bind(svc);
    svc.counterView = (...a) => {
      order.push('counter view');
      return counterView(...a);
    };
    const publish = h.push.publish.bind(h.push);
    h.push.publish = (topic, msg) => {
      order.push(`push ${msg.type}`);
      publish(topic, msg);
    };
    try {
      const cookie = await signIn(h, '3', '2222');
      const res = await fetch(`${h.url}/api/queue/counter/call-next`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      expect(res.status).toBe(200);
      expect(order).toEqual(['push board-patch', 'counter view']);
    } finally {
      svc.counterView = counterView;
      h.push.publish = publish;
    }
    expect(svc.finish('3', { id: 'test' }).ok).toBe(true);
    for (const s of sockets) s.close();
  });

  it('no board connected: a change computes no board view', async () => {
    for (const s of sockets) s.close();
    await until(() => h.push.size).toBe(0);
    let computed = 0;
    const svc = h.queue.service;
    const boardView = svc.boardView.bind(svc);
    svc.boardView = () => {
      computed++;
      return boardView();
    };
    expect(svc.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
    expect(computed).toBe(0);
  });
});
