// The journal reads behind the report's priority figures (issue 18 item 3): for the tickets issued in a period
// [from, to), how each got its priority at issue and every staff decision on it. Read from queue_ticket_events (the
// issue's detail and the `priority` events' detail), so the figures follow the journal, not the ticket rows alone.
import type { Db } from './db-type';

export interface PriorityIssueRow {
  ticket_id: string;
  /** Who issued it: 'kiosk:<id>' or a staff member. */
  actor: string;
  priority: string | null;
  requested: string | null;
  /** The ticket's priority now (after every decision). */
  final: string | null;
}

export function priorityIssuesBetween(db: Db, from: string, to: string): PriorityIssueRow[] {
  return db
    .prepare(
      `SELECT e.ticket_id, e.actor, json_extract(e.detail, '$.priority') AS priority, json_extract(e.detail, '$.priorityRequest') AS requested,
              t.priority AS final
       FROM queue_ticket_events e JOIN queue_tickets t ON t.id = e.ticket_id
       WHERE e.kind = 'issued' AND e.at >= ? AND e.at < ?`,
    )
    .all(from, to) as PriorityIssueRow[];
}

/** Staff decisions (confirmed, declined, flagged, removed) on the period's tickets, counted. */
export function priorityDecisionsBetween(db: Db, from: string, to: string): Array<{ decision: string; n: number }> {
  return db
    .prepare(
      `SELECT json_extract(detail, '$.decision') AS decision, count(*) AS n FROM queue_ticket_events
       WHERE kind = 'priority' AND ticket_id IN (SELECT ticket_id FROM queue_ticket_events WHERE kind = 'issued' AND at >= ? AND at < ?)
       GROUP BY 1 ORDER BY 1`,
    )
    .all(from, to) as Array<{ decision: string; n: number }>;
}
