// The hub takes back what a kiosk holds (issue 15, item 8; server/post/numbers/recover.ts says when). A hub
// restored from an older backup lost the online numbers, blocks and uploads of the time after that backup;
// each kiosk still holds its own. In one BEGIN IMMEDIATE per report:
// - its blocks are leased to it again (the online count skips them, store/queue.ts), unless a range was
//   meanwhile leased to another kiosk (refused: staff must look);
// - its online tickets the hub does not have go back in the lists at their issue time, under their own id
//   and number, and the day's online count is raised above the highest one: no number is given twice;
// - its offline tickets go through the upload path (acceptOfflineTicket: idempotent by request key).
// Everything already known is left as it is: a report is idempotent, and a hub that is not behind takes none.
import type { Db } from './db-type';
import { prepared } from './statements';
import { appendTicketEvent, getTicket, inImmediate } from './queue';
import { appendEvent } from './events';
import { acceptOfflineTicket, recordRequest, ticketForRequest, type OfflineInput } from './post-numbers';
import { rangeSize, type NumberingRule } from '../domain/queue/numbering';
import { visitRoute } from '../domain/queue/route';
import type { HeldBlock, HeldOnlineTicket } from '../shared/post-recover-api';

export interface HeldReport {
  consulate: string;
  kioskId: string;
  rule: NumberingRule;
  /** The hub's business day now: only its numbers are counted; tickets of an earlier day are closed. */
  today: string;
  blocks: HeldBlock[];
  online: HeldOnlineTicket[];
  offline: Array<Omit<OfflineInput, 'consulate' | 'kioskId' | 'today' | 'rule' | 'at'>>;
  at: Date;
}

export interface HeldOutcome {
  recovered: { online: number; offline: number; blocks: number };
  known: number;
  refused: Array<{ what: string; detail: string }>;
}

/** The online ticket id's seq (store/queue.ts: consulate/day/prefix/seq), or null for another shape. */
const seqOf = (id: string, consulate: string, day: string, prefix: string): number | null => {
  const head = `${consulate}/${day}/${prefix}/`;
  if (!id.startsWith(head) || !/^\d+$/.test(id.slice(head.length))) return null;
  return Number(id.slice(head.length));
};

export function takeBackHeld(db: Db, r: HeldReport): HeldOutcome {
  return inImmediate(db, (): HeldOutcome => {
    const out: HeldOutcome = { recovered: { online: 0, offline: 0, blocks: 0 }, known: 0, refused: [] };
    const actor = `kiosk:${r.kioskId}`;
    for (const b of r.blocks) {
      const held = prepared(db, 'SELECT kiosk, last FROM post_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ? AND first = ?').get(
        r.consulate,
        b.prefix,
        b.businessDay,
        b.first,
      ) as { kiosk: string; last: number } | undefined;
      if (held && held.kiosk === r.kioskId && held.last === b.last) {
        out.known++;
        continue;
      }
      const overlap = prepared(
        db,
        'SELECT kiosk, first, last FROM post_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ? AND first <= ? AND last >= ? LIMIT 1',
      ).get(r.consulate, b.prefix, b.businessDay, b.last, b.first) as { kiosk: string; first: number; last: number } | undefined;
      if (overlap) {
        out.refused.push({
          what: `block ${b.prefix} ${b.first}-${b.last} of ${b.businessDay}`,
          detail: `it overlaps block ${overlap.first}-${overlap.last} leased to kiosk ${overlap.kiosk}: both kiosks may print the same numbers`,
        });
        continue;
      }
      prepared(db, 'INSERT INTO post_number_blocks (consulate, prefix, business_day, first, last, kiosk, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        r.consulate,
        b.prefix,
        b.businessDay,
        b.first,
        b.last,
        r.kioskId,
        r.at.toISOString(),
      );
      out.recovered.blocks++;
    }

    const size = rangeSize(r.rule);
    for (const { requestKey, ticket: t, route: asked } of r.online) {
      const known = ticketForRequest(db, r.kioskId, requestKey);
      if (known) {
        out.known++;
        continue;
      }
      const seq = seqOf(t.id, r.consulate, t.businessDay, t.prefix);
      if (seq === null) {
        out.refused.push({ what: `ticket ${t.id} (${t.label})`, detail: "its id is not one of this post's online tickets" });
        continue;
      }
      const other = getTicket(db, t.id);
      if (other) {
        out.refused.push({
          what: `ticket ${t.id} (${t.label})`,
          detail: `the hub gave the same ticket to another visit (${other.label}, ${other.arrived_at})`,
        });
        continue;
      }
      const cycle = Math.floor(seq / size);
      const taken = prepared(
        db,
        `SELECT id FROM queue_tickets WHERE consulate = ? AND prefix = ? AND business_day = ? AND series = '' AND cycle = ? AND number = ? LIMIT 1`,
      ).get(r.consulate, t.prefix, t.businessDay, cycle, t.number) as { id: string } | undefined;
      if (taken) {
        out.refused.push({ what: `ticket ${t.id} (${t.label})`, detail: `its number is already ticket ${taken.id}: two visits hold ${t.label}` });
        continue;
      }
      // Its priority request (for staff to confirm) and route as the hub's queue kept them (store/queue.ts issueTicket):
      // a ticket lost by a power cut of the hub right after its answer (server/post/numbers/group-commit.ts) is served as asked.
      const priorityRequest = t.priority ? null : (t.priorityRequest ?? null);
      const routed = asked ? visitRoute(asked) : null;
      const route = routed?.ok && routed.route?.[0] === t.service ? routed.route : null;
      prepared(
        db,
        `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
                                    arrived_at, series, offline, priority_request, priority_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?, ?)`,
      ).run(
        t.id,
        r.consulate,
        t.prefix,
        t.businessDay,
        seq,
        cycle,
        t.number,
        t.label,
        t.service,
        t.kind,
        t.slot,
        t.priority,
        t.persons,
        t.lang,
        t.arrivedAt,
        priorityRequest,
        t.priority ? actor : null,
      );
      prepared(
        db,
        `INSERT INTO queue_days (consulate, prefix, business_day, last_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (consulate, prefix, business_day) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`,
      ).run(r.consulate, t.prefix, t.businessDay, seq);
      const arrived = new Date(t.arrivedAt);
      appendTicketEvent(db, {
        ticketId: t.id,
        kind: 'issued',
        at: arrived,
        service: t.service,
        actor,
        detail: {
          label: t.label,
          kind: t.kind,
          slot: t.slot,
          priority: t.priority,
          persons: t.persons,
          lang: t.lang,
          ...(priorityRequest ? { priorityRequest } : {}),
          ...(route ? { route } : {}),
          recovered: true,
          receivedAt: r.at.toISOString(),
        },
      });
      if (
        t.businessDay !== r.today &&
        prepared(db, "UPDATE queue_tickets SET state = 'expired', closed_at = ? WHERE id = ?").run(r.at.toISOString(), t.id).changes
      )
        appendTicketEvent(db, { ticketId: t.id, kind: 'expired', at: r.at, service: t.service, actor, detail: { label: t.label, recovered: true } });
      recordRequest(db, r.kioskId, requestKey, t.id, r.at);
      out.recovered.online++;
    }

    for (const o of r.offline) {
      const res = acceptOfflineTicket(db, { ...o, consulate: r.consulate, kioskId: r.kioskId, today: r.today, rule: r.rule, at: r.at });
      if (res.outcome === 'accepted') out.recovered.offline++;
      else if (res.outcome === 'duplicate') out.known++;
      else if (res.outcome === 'refused') out.refused.push({ what: `offline ticket ${o.label}`, detail: res.detail });
    }
    return out;
  });
}

/**
 * The hub stopped waiting for kiosks that did not report (server/post/numbers/recover.ts): one of them may hold a
 * number the hub answered and lost in a power cut (at most `n` of them, the last of the day per prefix:
 * server/post/numbers/group-commit.ts). Each prefix's online count of `day` moves `n` ahead, a prefix not yet used
 * today included, so none of them is given again. In one durable commit, journaled.
 */
export function skipAhead(db: Db, r: { consulate: string; businessDay: string; prefixes: readonly string[]; n: number; waitedFor: string[]; at: Date }): void {
  inImmediate(db, () => {
    for (const prefix of r.prefixes)
      prepared(
        db,
        `INSERT INTO queue_days (consulate, prefix, business_day, last_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (consulate, prefix, business_day) DO UPDATE SET last_seq = last_seq + ?`,
      ).run(r.consulate, prefix, r.businessDay, r.n - 1, r.n);
    appendEvent(db, {
      kind: 'post.numbers-skipped',
      subject: r.businessDay,
      at: r.at,
      payload: { prefixes: [...r.prefixes], skipped: r.n, waitedFor: r.waitedFor },
    });
  });
}
