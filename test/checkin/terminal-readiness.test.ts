// Terminal readiness before the visitor commits (issue 17 part 4), through the daemon: a ZVT terminal simulator on
// a real pty is switched off; the summary does not offer Pay (the view says so and CONFIRM does nothing), nothing
// is journaled; switched on again, Pay comes back on the same screen without anything from the visitor.
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckinRig, type CheckinRig } from './rig';
import type { CheckinView } from '../../shared/checkin-api';

let rig: CheckinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function client(r: CheckinRig) {
  const act = (body: object) =>
    fetch(`${r.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const view = async () => (await (await fetch(`${r.url}/api/checkin`)).json()) as CheckinView;
  const until = async (what: string, pred: (v: CheckinView) => boolean, ms = 30_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await view();
      if (pred(v)) return v;
      if (Date.now() > end) throw new Error(`waited for ${what}; screen ${v.screen}, terminal ${JSON.stringify(v.terminal)}; trail:\n${r.trail.join('\n')}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const toSummary = async (service: string) => {
    for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service }]) await act(e);
    return until('the summary', (v) => v.screen === 'summary');
  };
  return { act, view, until, toSummary };
}

describe('Pay is offered only while the terminal answered its last status check', () => {
  it('a terminal switched off blocks Pay on the summary; switched on, Pay comes back by itself', async () => {
    rig = await startCheckinRig({ checkin: { terminalRecheckMs: 500 } });
    const c = client(rig);
    await c.until('the terminal ready at start', (v) => v.terminal.ready === true);

    await rig.powerOff();
    const blocked = await c.toSummary('cnie').then(() => c.until('the check to fail', (v) => v.terminal.ready === false));
    expect(blocked.screen).toBe('summary');
    expect(blocked.visit.quote?.payable).toBe(true);
    expect(blocked.terminal.state).toBe('offline');
    // The event is handled before the POST answers: the view read next is what CONFIRM left.
    expect((await c.act({ type: 'CONFIRM' })).ok).toBe(true);
    expect((await c.view()).screen).toBe('summary');
    expect(rig.payments()).toEqual([]);
    expect(rig.events('etimbre.issued')).toEqual([]);

    rig.powerOn();
    const back = await c.until('Pay back without reload', (v) => v.terminal.ready === true);
    expect(back.screen).toBe('summary');
    await c.act({ type: 'CONFIRM' });
    await c.until('the visit done', (v) => v.screen === 'done');
    expect(rig.payments().map((p) => p.state)).toEqual(['approved']);
  }, 90_000);

  it('a free service is not blocked by a terminal that is off', async () => {
    rig = await startCheckinRig({ checkin: { terminalRecheckMs: 500 } });
    const c = client(rig);
    await c.until('the terminal ready at start', (v) => v.terminal.ready === true);
    await rig.powerOff();
    await c.toSummary('information');
    await c.until('the check to fail', (v) => v.terminal.ready === false);
    await c.act({ type: 'CONFIRM' });
    await c.until('the visit done', (v) => v.screen === 'done');
    expect(rig.payments()).toEqual([]);
  }, 90_000);
});
