// The kiosk's ticket issuer in a post (issue 15). It asks the hub for the next number within `answerWithinMs`; when
// the hub does not answer in time (or cannot be reached) it prints from its offline block (or, once that is used
// up, its own fallback series), journaled locally in one commit with the visit's record, and uploads the ticket
// later under the visit's request key (the hub keeps it and closes an online ghost of the same key).
// A hub that REFUSES the kiosk (revoked credential) or shows another certificate is not "offline": the visitor in
// front of the kiosk still gets a ticket from the block (its numbers were reserved for this kiosk by the post's hub,
// so nothing can collide), but status() and the journal say so loudly (post.hub-refused) so staff fix the link
// instead of the kiosk issuing offline for the rest of the day unnoticed.
import type { Db } from '../../../store/db';
import { commitWithoutFsync, inOneCommit } from '../../../store/commit';
import { journalSync, type JournalSync } from '../../../store/journal-sync';
import { appendEvent } from '../../../store/events';
import {
  blockStatus,
  currentBlock,
  markUploaded,
  numbersLeft,
  offlineTicketFor,
  pendingUploadCount,
  pendingUploads,
  recordOfflineTicket,
  saveBlock,
  takeOfflineNumber,
  type PrefixStatus,
} from '../../../store/kiosk-blocks';
import { postTicketId } from '../../../store/post-numbers';
import { recordOnlineTicket } from '../../../store/kiosk-held-numbers';
import { askedToReport, reportHeldNumbers } from './recover-report';
import { businessDay } from '../../../domain/queue/business-day';
import { wantsRenewal } from '../../../domain/queue/blocks';
import type { NumberingRule } from '../../../domain/queue/numbering';
import { IssuedTicket, type Ticket } from '../../../shared/queue-api';
import { BlockAnswer, OfflineUploadAnswer, type OfflineTicket } from '../../../shared/post-numbers-api';
import type { HubAnswer, HubFailureReason, HubLink } from '../link';
import type { IssueRequest, QueueFailure, ServiceDef } from '../../queue/service';
import type { IssueOptions, IssueOutcome, OfflineMark, TicketIssuer } from './ticket-issuer';
import type { ClockRefusal } from '../clock';

export interface HubIssuerOptions {
  db: Db;
  link: HubLink;
  /** How long a visitor waits for the hub before the kiosk prints from its block (the issue says ~1.5 s). */
  answerWithinMs: number;
  consulate: { code: string; timeZone: string };
  services: readonly ServiceDef[];
  /** The post's numbering (digits for labels, start for ticket ids): the same as the hub's. */
  numbering: NumberingRule;
  kioskId: string;
  now?: () => Date;
  /** Background loop: pause between rounds when all is well, and the longest backoff after failures. */
  intervalMs?: number;
  maxBackoffMs?: number;
  /** Bound for the background requests (block leases, uploads). */
  requestTimeoutMs?: number;
  /** The hub answered a visit's ticket again after failures: other background work may resume at once too. */
  onReconnect?: () => void;
  /** Why no number may be issued now (the kiosk's clock is off the hub's: server/post/clock.ts), or null. */
  refusal?: () => ClockRefusal | null;
  /** Makes the kiosk's record of a ticket from the hub durable before issue() resolves (store/journal-sync.ts); tests hold it. */
  syncJournal?: JournalSync;
}

export interface HubIssuerStatus {
  businessDay: string;
  /** Per prefix: numbers left in the blocks held, used from blocks, used from the fallback series. */
  prefixes: Array<PrefixStatus & { blockUsedUp: boolean; fallbackInUse: boolean; noMoreBlocks: boolean }>;
  pendingUploads: number;
  /** Offline tickets the hub refused (a bug or a misconfigured kiosk: staff must look). */
  refusedUploads: Array<{ requestKey: string; reason: string; detail: string }>;
  lastContactAt: string | null;
  lastFailure: { reason: HubFailureReason | 'bad-answer'; detail: string; at: string } | null;
  /** Set while the hub refuses this kiosk or shows another certificate: not a network outage, someone must act. */
  hubProblem: { reason: 'refused' | 'certificate'; detail: string; since: string } | null;
}

export interface HubIssuer extends TicketIssuer {
  status(): HubIssuerStatus;
  /** One round of the background work: keep a block per prefix, upload pending tickets. Resolves when done. */
  sync(): Promise<void>;
  /** Starts the background loop (sync now, then every intervalMs, backing off while the hub fails). */
  start(): void;
  stop(): Promise<void>;
}

const UPLOAD_BATCH = 100;

export function createHubIssuer(o: HubIssuerOptions): HubIssuer {
  const now = o.now ?? (() => new Date());
  const interval = o.intervalMs ?? 2000;
  const maxBackoff = o.maxBackoffMs ?? 30_000;
  const bgTimeout = o.requestTimeoutMs ?? 5000;
  const services = new Map(o.services.map((s) => [s.code, s]));
  const syncJournal = o.syncJournal ?? journalSync(o.db);
  const prefixes = [...new Set(o.services.map((s) => s.prefix))];
  /** Last estimate the hub gave per service: what an offline ticket tells the visitor. */
  const lastEstimate = new Map<string, { ahead: number; minutes: number }>();
  /** prefix/day for which the hub said no block is left: final for the day (blocks only go down, online only up). */
  const noMore = new Set<string>();
  const refused: HubIssuerStatus['refusedUploads'] = [];
  let lastContactAt: string | null = null;
  let lastFailure: HubIssuerStatus['lastFailure'] = null;
  let hubProblem: HubIssuerStatus['hubProblem'] = null;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let backoff = interval;
  /** The hub asked for this kiosk's numbers and the visit's request had no time left to send them. */
  let reportDue = false;

  const today = () => businessDay(now(), o.consulate.timeZone);

  /** Notes the hub's answer; false when it failed. */
  const heard = (a: HubAnswer): boolean => {
    const at = now().toISOString();
    if (a.ok) {
      lastContactAt = at;
      lastFailure = null;
      if (hubProblem) appendEvent(o.db, { kind: 'post.hub-accepted', subject: o.kioskId, payload: { after: hubProblem.reason } });
      hubProblem = null;
      return true;
    }
    lastFailure = { reason: a.reason, detail: a.detail, at };
    if ((a.reason === 'refused' || a.reason === 'certificate') && hubProblem?.reason !== a.reason) {
      hubProblem = { reason: a.reason, detail: a.detail, since: at };
      appendEvent(o.db, { kind: 'post.hub-refused', subject: o.kioskId, payload: { reason: a.reason, detail: a.detail } });
    }
    return false;
  };

  const fail = (reason: QueueFailure['reason'], detail: string): QueueFailure => ({ ok: false, reason, detail });

  const offline = (
    req: IssueRequest,
    svc: ServiceDef,
    requestKey: string,
    mark: OfflineMark,
    record?: (t: IssuedTicket) => void,
    at: Date = now(),
  ): IssueOutcome => {
    const key = { consulate: o.consulate.code, prefix: svc.prefix, businessDay: businessDay(at, o.consulate.timeZone) };
    const slot = req.kind === 'appointment' && req.slot !== undefined ? new Date(req.slot).toISOString() : null;
    const est = lastEstimate.get(svc.code) ?? { ahead: 0, minutes: 0 };
    return inOneCommit(o.db, () => {
      const n = takeOfflineNumber(o.db, key, o.kioskId, o.numbering.digits);
      const id = postTicketId(key.consulate, key.businessDay, key.prefix, n.series, n.number, o.numbering);
      const body: OfflineTicket = {
        requestKey,
        localId: id,
        service: svc.code,
        prefix: svc.prefix,
        number: n.number,
        series: n.series,
        label: n.label,
        kind: req.kind,
        slot,
        priority: req.priority ?? null,
        persons: req.persons,
        lang: req.lang,
        issuedAt: at.toISOString(),
        ...(req.route && req.route.length > 1 ? { route: [...req.route] } : {}),
      };
      recordOfflineTicket(o.db, { requestKey, localId: id, key, number: n, body, issuedAt: at }, mark.reason);
      const issued = { ticket: offlineTicket(body, key.businessDay), ahead: est.ahead, estimatedWaitMinutes: est.minutes };
      record?.(issued);
      return { ok: true, ...issued, offline: mark };
    });
  };

  async function issue(req: IssueRequest, requestKey: string, record?: (t: IssuedTicket) => void, opts: IssueOptions = {}): Promise<IssueOutcome> {
    const svc = services.get(req.service);
    if (!svc) return fail('unknown-service', `there is no service "${req.service}"; use one of ${[...services.keys()].join(', ')}`);
    // Asked again for a visit already served offline (a resumed visit): the same ticket.
    const had = offlineTicketFor(o.db, requestKey);
    if (had) {
      const body = JSON.parse(had.body) as OfflineTicket;
      const issued = { ticket: offlineTicket(body, businessDay(new Date(body.issuedAt), o.consulate.timeZone)), ahead: 0, estimatedWaitMinutes: 0 };
      return { ok: true, ...issued, offline: { reason: 'timeout', detail: 'printed offline before' } };
    }
    // Neither from the hub nor from the block: with a wrong clock the business day and the order would be wrong.
    // The check-in flow asks before the visitor claims or pays (refusal()), so this is the rare clock that went off
    // mid-visit. A visitor who paid still leaves with a number: from this kiosk's block (reserved for it by the hub,
    // so it cannot collide), dated at the hub's time as last measured, uploaded like any offline ticket.
    const refused = o.refusal?.();
    if (refused && opts.paid) {
      const hubTime = new Date(now().getTime() + refused.skewMs);
      return offline(req, svc, requestKey, { reason: 'clock', detail: refused.detail }, record, hubTime);
    }
    if (refused) return { ok: false, ...refused };
    const slot = req.slot !== undefined ? new Date(req.slot).toISOString() : undefined;
    const body = {
      requestKey,
      service: req.service,
      kind: req.kind,
      ...(slot ? { slot } : {}),
      ...(req.priority ? { priority: req.priority } : {}),
      ...(req.priorityRequest ? { priorityRequest: req.priorityRequest } : {}),
      // A visit of several services: the hub's queue routes the ticket (domain/queue/route.ts); an offline ticket carries
      // its route in its upload the same way.
      ...(req.route && req.route.length > 1 ? { route: [...req.route] } : {}),
      persons: req.persons,
      lang: req.lang,
    };
    const asked = Date.now();
    const left = () => o.answerWithinMs - (Date.now() - asked);
    let a = await o.link.request('POST', '/api/post/tickets', body, { timeoutMs: o.answerWithinMs });
    // A hub that started again asks first for the numbers this kiosk holds (./recover.ts): report, then ask again,
    // all within the visitor's bound; past it, the block.
    if (askedToReport(a)) {
      if (left() > 50 && (await report(left()))) {
        if (left() > 50) a = await o.link.request('POST', '/api/post/tickets', body, { timeoutMs: left() });
      } else {
        // No time left for this visitor: the background round reports now, not after its backoff, so that the
        // hub (which waits for every kiosk active today) numbers online again soon.
        reportDue = true;
        backoff = interval;
        schedule(0);
      }
    }
    heard(a);
    if (a.ok) {
      const p = IssuedTicket.safeParse(a.body);
      if (!p.success) {
        const why = p.error.issues[0]?.message ?? 'unknown shape';
        const detail = `the hub's answer to a ticket request is not a ticket (${why}): do hub and kiosk run the same version?`;
        lastFailure = { reason: 'bad-answer', detail, at: now().toISOString() };
        return offline(req, svc, requestKey, { reason: 'bad-answer', detail }, record);
      }
      lastEstimate.set(svc.code, { ahead: p.data.ahead, minutes: p.data.estimatedWaitMinutes });
      // The hub answers again while the loop waits out its backoff: upload the offline tickets now, not in up
      // to 30 s, so that a counter does not call later online tickets before them.
      if (backoff > interval && pendingUploadCount(o.db) > 0) {
        backoff = interval;
        schedule(0);
        o.onReconnect?.();
      }
      // Committed without an fsync on the event loop, then made durable off it BEFORE the visitor is told or the ticket
      // printed: the kiosk's loop held by its own fsync left the hub's next answers to this kiosk unread meanwhile
      // (issue 14, post scale). This sync is what makes the hub's answer-at-commit safe (./group-commit.ts): a number the
      // hub's power cut loses is in this journal, and this kiosk's report brings it back at the hub's next start. A power
      // cut here before the sync returned loses the record of a ticket nobody was told: the hub, if it kept the number,
      // gives it again under the visit's request key; if it lost it too, nobody holds it.
      commitWithoutFsync(o.db, () => {
        // Kept for the hub: one restored from an older backup learns it from this kiosk (./recover-report.ts).
        recordOnlineTicket(o.db, o.consulate.code, requestKey, p.data.ticket, req.route);
        record?.(p.data);
      });
      await syncJournal();
      return { ok: true, ...p.data };
    }
    // The hub answered and said no (bad request, numbers used up): its word stands, no offline number.
    if (a.reason === 'http' && a.status !== undefined && a.status >= 400 && a.status < 500) return fail(a.status === 409 ? 'exhausted' : 'invalid', a.detail);
    kick();
    return offline(req, svc, requestKey, { reason: a.reason, detail: a.detail }, record);
  }

  /** Sends the hub what this kiosk holds today; true once the hub took it. */
  async function report(timeoutMs: number): Promise<boolean> {
    const r = await reportHeldNumbers({ db: o.db, link: o.link, consulate: o.consulate.code, businessDay: today(), timeoutMs });
    if (!r.ok) lastFailure = { reason: 'http', detail: `reporting the numbers held to the hub: ${r.detail}`, at: now().toISOString() };
    return r.ok;
  }

  async function keepBlocks(): Promise<boolean> {
    const day = today();
    for (const prefix of prefixes) {
      const key = { consulate: o.consulate.code, prefix, businessDay: day };
      if (noMore.has(`${prefix}/${day}`)) continue;
      const b = currentBlock(o.db, key);
      if (!wantsRenewal(numbersLeft(o.db, key), b ? b.last - b.first + 1 : null)) continue;
      let a = await o.link.request('POST', '/api/post/blocks', { prefix }, { timeoutMs: bgTimeout });
      if (askedToReport(a) && (await report(bgTimeout))) a = await o.link.request('POST', '/api/post/blocks', { prefix }, { timeoutMs: bgTimeout });
      if (!heard(a) || !a.ok) return false;
      const p = BlockAnswer.safeParse(a.body);
      if (!p.success) return false;
      if (!p.data.block) noMore.add(`${prefix}/${day}`);
      else saveBlock(o.db, { consulate: o.consulate.code, prefix, businessDay: p.data.block.businessDay }, p.data.block, now());
    }
    return true;
  }

  async function upload(): Promise<boolean> {
    for (;;) {
      const batch = pendingUploads(o.db, UPLOAD_BATCH);
      if (batch.length === 0) return true;
      const a = await o.link.request('POST', '/api/post/offline-tickets', { tickets: batch.map((b) => b.body) }, { timeoutMs: bgTimeout });
      if (!heard(a) || !a.ok) return false;
      const p = OfflineUploadAnswer.safeParse(a.body);
      if (!p.success) return false;
      const at = now();
      inOneCommit(o.db, () => {
        for (const r of p.data.results) {
          if (r.outcome === 'refused') {
            refused.push({ requestKey: r.requestKey, reason: r.reason, detail: r.detail });
            appendEvent(o.db, { kind: 'post.ticket.upload-refused', subject: r.requestKey, payload: { reason: r.reason, detail: r.detail } });
          }
          markUploaded(o.db, r.requestKey, r.outcome === 'refused' ? `refused: ${r.reason}` : r.outcome, at);
        }
      });
    }
  }

  function sync(): Promise<void> {
    // One round at a time: a kick during a round is served by the next one.
    running ??= (async () => {
      try {
        if (reportDue) reportDue = !(await report(bgTimeout));
        const ok = !reportDue && (await keepBlocks()) && (await upload());
        backoff = ok ? interval : Math.min(backoff * 2, maxBackoff);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void sync().then(() => schedule(backoff));
    }, ms);
    timer.unref?.();
  }

  /** After an offline ticket: upload as soon as the hub answers again (the loop's backoff still applies). */
  function kick() {
    if (!stopped && !timer) schedule(backoff);
  }

  return {
    issue,
    refusal: () => o.refusal?.() ?? null,
    sync,
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    status() {
      const day = today();
      return {
        businessDay: day,
        prefixes: blockStatus(o.db, o.consulate.code, day, prefixes).map((p) => ({
          ...p,
          blockUsedUp: p.left === 0,
          fallbackInUse: p.usedFallback > 0,
          noMoreBlocks: noMore.has(`${p.prefix}/${day}`),
        })),
        pendingUploads: pendingUploadCount(o.db),
        refusedUploads: [...refused],
        lastContactAt,
        lastFailure,
        hubProblem,
      };
    },
  };
}

function offlineTicket(b: OfflineTicket, day: string): Ticket {
  return {
    id: b.localId,
    label: b.label,
    prefix: b.prefix,
    number: b.number,
    service: b.service,
    kind: b.kind,
    slot: b.slot,
    priority: b.priority,
    persons: b.persons,
    lang: b.lang,
    state: 'waiting',
    counter: null,
    recalls: 0,
    arrivedAt: b.issuedAt,
    calledAt: null,
    startedAt: null,
    closedAt: null,
    businessDay: day,
  };
}
