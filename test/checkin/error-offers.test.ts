// What an error screen offers (issue 19, item 5), through the real daemon's HTTP API: a scanned QR that is a web
// address is "not a consulate appointment" (not "no appointment today") and offers to scan again; a code that could
// be an appointment but is unknown also offers the walk-in ticket; the error and done screens carry the deadline the
// page counts down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import type { CheckinView } from '../../shared/checkin-api';
import { codeFromTokenId } from '../../domain/appointment/typed-code';

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

const view = async () => (await (await fetch(`${daemon.url}/api/checkin`)).json()) as CheckinView;
const act = async (body: object) => {
  const r = await fetch(`${daemon.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(202);
};
async function until(pred: (v: CheckinView) => boolean, ms = 15_000): Promise<CheckinView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await view();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`the kiosk stayed on ${v.screen}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function scan(payload: string): Promise<CheckinView> {
  await until((v) => v.screen.startsWith('attract') || v.screen.startsWith('error'));
  if ((await view()).screen.startsWith('error')) await act({ type: 'ACKNOWLEDGE' });
  await until((v) => v.screen.startsWith('attract'));
  await act({ type: 'TOUCH' });
  await act({ type: 'SELECT_LANGUAGE', language: 'fr' });
  await until((v) => v.screen.startsWith('identify.scan'));
  await act({ type: 'SCANNED', payload });
  return until((v) => v.screen.startsWith('error'));
}

describe('the error screen after a scan', () => {
  it('calls a web address "not a consulate appointment", offers to scan again, and counts down', async () => {
    const before = Date.now();
    const v = await scan('https://rdv.example.org/booking?id=4411');
    expect(v.visit.problem?.code, v.screen).toBe('appointment-malformed');
    expect(v.offers).toEqual(['RETRY']);
    // The screen goes back to the start by itself: the page is told when, to count down.
    expect(v.deadline).toBeGreaterThan(before);
    await act({ type: 'RETRY' });
    await until((x) => x.screen.startsWith('identify.scan'));
    await act({ type: 'CANCEL' });
  });

  it('offers the walk-in ticket for a well-formed code that matches no appointment today', async () => {
    // A valid code (its check character right) of a token nobody booked.
    const code = codeFromTokenId(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x42]));
    const v = await scan(code);
    expect(v.visit.problem?.code).toBe('appointment-not-found');
    expect([...v.offers].sort()).toEqual(['RETRY', 'WALK_IN']);
    await act({ type: 'WALK_IN' });
    await until((x) => x.screen.startsWith('identify.walkIn'));
    await act({ type: 'CANCEL' });
  });
});
