// The report's priority figures (issue 18 item 3), for the tickets issued in the period: how many visitors asked for
// priority at the kiosk, how many declared it themselves (queue.priorityRequests: self-declared) or were issued a
// priority ticket by staff, what staff decided (confirmed, declined, flagged, removed), and the tickets that ended
// with a priority, per class.
import type { Db } from '../../store/db';
import { priorityDecisionsBetween, priorityIssuesBetween } from '../../store/priority-report';

export interface PriorityStats {
  requested: number;
  selfDeclared: number;
  issuedByStaff: number;
  confirmed: number;
  declined: number;
  flagged: number;
  removed: number;
  byClass: Array<{ priority: string; tickets: number }>;
}

export function priorityStats(db: Db, from: string, to: string): PriorityStats {
  const issues = priorityIssuesBetween(db, from, to);
  const decisions = new Map(priorityDecisionsBetween(db, from, to).map((d) => [d.decision, d.n]));
  const byClass = new Map<string, number>();
  for (const t of issues) if (t.final) byClass.set(t.final, (byClass.get(t.final) ?? 0) + 1);
  return {
    requested: issues.filter((t) => t.requested).length,
    selfDeclared: issues.filter((t) => t.priority && t.actor.startsWith('kiosk:')).length,
    issuedByStaff: issues.filter((t) => t.priority && !t.actor.startsWith('kiosk:')).length,
    confirmed: decisions.get('confirmed') ?? 0,
    declined: decisions.get('declined') ?? 0,
    flagged: decisions.get('flagged') ?? 0,
    removed: decisions.get('removed') ?? 0,
    byClass: [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([priority, tickets]) => ({ priority, tickets })),
  };
}
