// The kiosk's side of a hub that catches up (issue 15, item 8; the hub's side and why: ./recover.ts). Asked by
// the hub (a 503 `report-numbers` to a ticket or block request, once per hub start), the kiosk sends what it
// holds today from its own journal: the blocks it leased, the online tickets the hub gave it, the tickets it
// printed offline. The hub takes back what it lacks, idempotently, so a report sent twice does no harm.
import type { Db } from '../../../store/db';
import { appendEvent } from '../../../store/events';
import { heldNumbers } from '../../../store/kiosk-held-numbers';
import { HeldNumbersAnswer, NumbersHeld } from '../../../shared/post-recover-api';
import type { HubAnswer, HubLink } from '../link';

/** The hub's 503 asking this kiosk for its numbers before it gives it more. */
export function askedToReport(a: HubAnswer): boolean {
  if (a.ok || a.status !== 503) return false;
  const p = NumbersHeld.safeParse(a.body);
  return p.success && p.data.reason === 'report-numbers';
}

export async function reportHeldNumbers(o: {
  db: Db;
  link: Pick<HubLink, 'request'>;
  consulate: string;
  businessDay: string;
  timeoutMs: number;
}): Promise<{ ok: true; answer: HeldNumbersAnswer } | { ok: false; detail: string }> {
  const body = heldNumbers(o.db, o.consulate, o.businessDay);
  const a = await o.link.request('POST', '/api/post/numbers/held', body, { timeoutMs: o.timeoutMs });
  if (!a.ok) return { ok: false, detail: a.detail };
  const p = HeldNumbersAnswer.safeParse(a.body);
  if (!p.success) return { ok: false, detail: `the hub's answer to the numbers report is not one this kiosk understands: ${p.error.message}` };
  const n = p.data.recovered;
  // The kiosk's journal says so too: the hub was behind this kiosk (restored from an older backup), or could not take something back.
  if (n.online + n.offline + n.blocks > 0 || p.data.refused.length > 0)
    appendEvent(o.db, { kind: 'post.hub-caught-up', subject: p.data.hubRun, payload: { businessDay: o.businessDay, recovered: n, refused: p.data.refused } });
  return { ok: true, answer: p.data };
}
