// Who gives the check-in flow its ticket: the local queue (standalone: the daemon is its own hub) or the post's
// hub with the kiosk's offline block behind it (role kiosk, ./issuer.ts). `record` writes the visit's record of
// the ticket; the issuer calls it in the commit that makes the ticket durable on this kiosk.
import type { Db } from '../../../store/db';
import { inOneCommit } from '../../../store/commit';
import type { IssuedTicket } from '../../../shared/queue-api';
import type { HubFailureReason } from '../link';
import type { ClockRefusal } from '../clock';
import type { IssueRequest, QueueResult, QueueService } from '../../queue/service';

/** A ticket printed while the hub did not answer (or refused this kiosk): the visitor has it, the hub gets it later. */
export interface OfflineMark {
  /** `clock`: the kiosk's clock is off the hub's and the visitor had paid: a number from the kiosk's own block. */
  reason: HubFailureReason | 'bad-answer' | 'clock';
  detail: string;
}

export type IssueOutcome = QueueResult<IssuedTicket & { offline?: OfflineMark }> | ({ ok: false } & ClockRefusal);

export interface IssueOptions {
  /** The visitor has paid: never refuse (a clock refusal gives an offline-marked number instead). */
  paid?: boolean;
}

export interface TicketIssuer {
  /** `requestKey`: the visit's key; asking again with it gives the same ticket. */
  issue(req: IssueRequest, requestKey: string, record?: (t: IssuedTicket) => void, opts?: IssueOptions): Promise<IssueOutcome>;
  /** Why no number may be issued now (asked before the visitor commits to anything), or null. */
  refusal(): ClockRefusal | null;
}

/** Standalone: the local queue, the ticket and the visit's record in one commit, as before issue 15. */
export function localTicketIssuer(db: Db, queue: Pick<QueueService, 'issueTicket'>): TicketIssuer {
  return {
    // The standalone daemon is its own hub: no other clock to be off from.
    refusal: () => null,
    async issue(req, _requestKey, record) {
      return inOneCommit(db, () => {
        const r = queue.issueTicket(req);
        if (r.ok) record?.(r);
        return r;
      });
    },
  };
}
