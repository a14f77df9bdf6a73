// Who gives the check-in flow its ticket: the local queue (standalone: the daemon is its own hub) or the post's
// hub with the kiosk's offline block behind it (role kiosk, ./issuer.ts). `record` writes the visit's record of
// the ticket; the issuer calls it in the commit that makes the ticket durable on this kiosk.
import type { Db } from '../../../store/db';
import { inOneCommit } from '../../../store/commit';
import type { IssuedTicket } from '../../../shared/queue-api';
import type { HubFailureReason } from '../link';
import type { IssueRequest, QueueResult, QueueService } from '../../queue/service';

/** A ticket printed while the hub did not answer (or refused this kiosk): the visitor has it, the hub gets it later. */
export interface OfflineMark {
  reason: HubFailureReason | 'bad-answer';
  detail: string;
}

export type IssueOutcome = QueueResult<IssuedTicket & { offline?: OfflineMark }>;

export interface TicketIssuer {
  /** `requestKey`: the visit's key; asking again with it gives the same ticket. */
  issue(req: IssueRequest, requestKey: string, record?: (t: IssuedTicket) => void): Promise<IssueOutcome>;
}

/** Standalone: the local queue, the ticket and the visit's record in one commit, as before issue 15. */
export function localTicketIssuer(db: Db, queue: Pick<QueueService, 'issueTicket'>): TicketIssuer {
  return {
    async issue(req, _requestKey, record) {
      return inOneCommit(db, () => {
        const r = queue.issueTicket(req);
        if (r.ok) record?.(r);
        return r;
      });
    },
  };
}
