// A walk-in visit paid through the kiosk's flow over the API (no browser): French, the CNIE service, the terminal
// checked on the summary screen, confirmed, paid on the simulated terminal, ticket and receipt printed. Answers
// the approved payment's id.
import { expect } from 'vitest';
import type { CheckinRig } from './rig';
import type { CheckinView } from '../../shared/checkin-api';
import { backToAttract } from './page';

export async function paidVisit(r: CheckinRig): Promise<string> {
  const act = (body: object) =>
    fetch(`${r.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const until = async (pred: (v: CheckinView) => boolean, ms = 30_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const v = (await (await fetch(`${r.url}/api/checkin`)).json()) as CheckinView;
      if (pred(v)) return v;
      if (Date.now() > end) throw new Error(`screen ${v.screen}; trail:\n${r.trail.join('\n')}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  // A visitor before (still on the done screen) is sent on first.
  await backToAttract(r.url, (cmd) => r.daemon.ctx.checkin.send(cmd));
  const before = new Set(r.payments().map((p) => p.id));
  for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: 'cnie' }])
    await act(e);
  await until((v) => v.screen.startsWith('summary') && v.terminal.ready === true);
  await act({ type: 'CONFIRM' });
  await until((v) => v.screen.startsWith('done'));
  const paid = r.payments().filter((p) => p.state === 'approved' && !before.has(p.id));
  expect(paid).toHaveLength(1);
  return paid[0]!.id;
}
