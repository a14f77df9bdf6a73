// The board view's patches (issue 14, a call on 200 boards): the daemon pushes the whole view once per connection,
// then only what changed (shared/queue-api.ts BoardPatch), so a call costs every board a few hundred bytes to decrypt
// and parse instead of the whole view. Pure functions: the daemon makes a patch, the board page (and the bench's
// boards) apply it. Making then applying gives back the newer view exactly (shared/board-patch.test.ts).
import type { BoardCall, BoardPatch, BoardView, BoardWaiting } from './queue-api';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What `next` changes of `prev`; null when nothing a board shows changed (its serverTime aside: no push at all). */
export function makeBoardPatch(prev: BoardView, next: BoardView): BoardPatch | null {
  const patch: BoardPatch = { serverTime: next.serverTime };
  let changed = false;
  const known = new Map(prev.lastCalls.map((c) => [c.callId, c]));
  const ref = (c: BoardCall): number | BoardCall => (same(known.get(c.callId), c) ? c.callId : c);
  if (!same(prev.lastCalls, next.lastCalls)) {
    patch.lastCalls = next.lastCalls.map(ref);
    changed = true;
  }
  if (!same(prev.current, next.current)) {
    // A reference into the new last calls (the current call is the first of them), else the call itself.
    const inNew = next.current && next.lastCalls.find((c) => c.callId === next.current!.callId);
    patch.current = next.current === null ? null : inNew && same(inNew, next.current) ? next.current.callId : next.current;
    changed = true;
  }
  if (!same(prev.waiting, next.waiting)) {
    patch.waiting = next.waiting.map((w, i) => {
      const p = prev.waiting[i];
      return p && p.service === w.service && p.prefix === w.prefix && same(p.name, w.name) ? [w.count, w.estimatedWaitMinutes, w.paused] : w;
    });
    changed = true;
  }
  const set: NonNullable<BoardPatch['set']> = {};
  for (const key of ['pausedCounters', 'counters', 'languages', 'chime', 'businessDay', 'timeZone', 'consulateName'] as const) {
    if (!same(prev[key], next[key])) Object.assign(set, { [key]: next[key] });
  }
  if (Object.keys(set).length) {
    patch.set = set;
    changed = true;
  }
  return changed ? patch : null;
}

/** The view after `patch`; null when the patch names a call or a row `view` does not have (the board re-reads then). */
export function applyBoardPatch(view: BoardView, patch: BoardPatch): BoardView | null {
  const known = new Map(view.lastCalls.map((c) => [c.callId, c]));
  let missing = false;
  const resolve = (c: number | BoardCall): BoardCall => {
    if (typeof c !== 'number') return c;
    const found = known.get(c);
    if (!found) missing = true;
    return found!;
  };
  const lastCalls = patch.lastCalls ? patch.lastCalls.map(resolve) : view.lastCalls;
  let current = view.current;
  if (patch.current !== undefined) {
    if (typeof patch.current === 'number') {
      current = lastCalls.find((c) => c.callId === patch.current) ?? null;
      if (!current) missing = true;
    } else current = patch.current;
  }
  const waiting = patch.waiting
    ? patch.waiting.map((w, i): BoardWaiting => {
        if (!Array.isArray(w)) return w;
        const row = view.waiting[i];
        if (!row) {
          missing = true;
          return row!;
        }
        return { ...row, count: w[0], estimatedWaitMinutes: w[1], paused: w[2] };
      })
    : view.waiting;
  if (missing) return null;
  return { ...view, ...patch.set, current, lastCalls, waiting, serverTime: patch.serverTime };
}
