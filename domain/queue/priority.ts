// Priority visitors (issue 18 item 3): who gives a ticket its priority. The calling order (order.ts) only reads the
// ticket's `priority`; these rules decide when that is set.
// - At the kiosk a walk-in visitor may ask for priority (elderly, disabled, pregnant, with young children). With
//   `staff-confirmed` (the default) the request waits on the ticket for a staff member's word and the ticket is
//   ordinary until then; with `self-declared` the visitor's word gives the priority at once.
// - Staff (reception, a counter) issue a priority ticket, or flag an open ticket as priority (or take the flag off),
//   whether or not its visitor asked.
import { PRIORITIES, type Priority } from './order';

export type PriorityConfirmation = 'staff-confirmed' | 'self-declared';

export const isPriority = (v: unknown): v is Priority => typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v);

/** The ticket's priority and pending request when it is issued. A staff member's `given` priority wins. */
export function priorityAtIssue(
  mode: PriorityConfirmation,
  requested: Priority | null | undefined,
  given: Priority | null | undefined,
): { priority: Priority | null; request: Priority | null } {
  if (given) return { priority: given, request: null };
  if (!requested) return { priority: null, request: null };
  return mode === 'self-declared' ? { priority: requested, request: null } : { priority: null, request: requested };
}

export type PriorityDecision =
  /** The request is right: the ticket gets it (or the category staff saw, when they correct it). */
  | { kind: 'confirm'; priority?: Priority }
  /** The request is not granted: the ticket stays ordinary. */
  | { kind: 'decline' }
  /** Staff give the ticket a priority, asked for or not. */
  | { kind: 'flag'; priority: Priority }
  /** Staff take a priority off. */
  | { kind: 'remove' };

export interface PriorityTicket {
  label: string;
  state: string;
  priority: Priority | null;
  priorityRequest: Priority | null;
}

const OPEN = ['waiting', 'called', 'serving', 'held'];

export type DecideOutcome =
  | { ok: true; priority: Priority | null; request: null; outcome: 'confirmed' | 'declined' | 'flagged' | 'removed' }
  | { ok: false; reason: 'wrong-state' | 'no-request' | 'no-priority'; detail: string };

/** What a staff decision makes of a ticket: its new priority (a decision always settles any pending request). */
export function decidePriority(t: PriorityTicket, d: PriorityDecision): DecideOutcome {
  if (!OPEN.includes(t.state)) return { ok: false, reason: 'wrong-state', detail: `${t.label} is ${t.state}: only an open ticket's priority is changed` };
  switch (d.kind) {
    case 'confirm':
      if (!t.priorityRequest) return { ok: false, reason: 'no-request', detail: `${t.label} asked for no priority: flag it instead` };
      return { ok: true, priority: d.priority ?? t.priorityRequest, request: null, outcome: 'confirmed' };
    case 'decline':
      if (!t.priorityRequest) return { ok: false, reason: 'no-request', detail: `${t.label} has no priority request to decline` };
      return { ok: true, priority: null, request: null, outcome: 'declined' };
    case 'flag':
      return { ok: true, priority: d.priority, request: null, outcome: 'flagged' };
    case 'remove':
      if (!t.priority) return { ok: false, reason: 'no-priority', detail: `${t.label} has no priority to take off` };
      return { ok: true, priority: null, request: null, outcome: 'removed' };
  }
}
