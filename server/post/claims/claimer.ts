// A kiosk's appointment-token claims at its post hub. Verify offline first (check-in.ts), then: the check-in and
// its claim row go to this kiosk's journal (as standalone, so a second scan here is refused even offline), and the
// hub is asked within a bound. The hub refuses (another kiosk used it) → the check-in is given back and the visitor
// told where and when. No answer in time → the visit goes on, the claim is provisional, and a background loop
// uploads it (idempotent by kiosk + visit key: a claim the hub got but whose answer was lost is accepted again).
// Releases (a visit ended before payment) are given back here at once and told to the hub the same way.
import { randomUUID } from 'node:crypto';
import { ClaimAnswer, MAX_UPLOAD, ProvisionalAnswer, ReleaseAnswer, type TokenClaim } from '../../../shared/post-claims-api';
import type { TokenClaimer } from '../../appointment/check-in';
import type { HubLink } from '../link';
import type { Db } from '../../../store/db';
import {
  beginKioskClaim,
  confirmKioskClaim,
  failedKioskAttempt,
  forgetKioskClaim,
  kioskClaimCounts,
  markKioskClaimProvisional,
  provisionalKioskClaims,
  recoverKioskClaims,
  refuseKioskClaim,
  releaseKioskClaim,
  releasingKioskClaims,
  settleUploadedClaims,
  type KioskClaimRow,
} from '../../../store/post-claims';

export interface HubClaimsOptions {
  db: Db;
  link: Pick<HubLink, 'request'>;
  kioskId: string;
  /** How long a visitor waits for the hub before the claim is made provisional (e.g. 1500 ms). */
  answerWithinMs: number;
  /** Bound for an upload or a release in the background. Default 10 s. */
  uploadWithinMs?: number;
  /** Backoff of the background loop after a failure: first delay, doubled up to max. Default 1 s → 60 s. */
  retry?: { firstMs?: number; maxMs?: number };
  log?: { warn(obj: object, msg: string): void };
  now?: () => Date;
}

export interface HubClaimsStatus {
  /** Provisional claims the hub has not heard of yet. */
  pending: number;
  /** Releases the hub has not heard of yet. */
  releasing: number;
  /** Uploaded claims the hub found already used at another kiosk (raised to its supervisors). */
  conflicts: number;
  lastError: string | null;
  /** The last time the hub answered the claims (ISO), null before. */
  lastContactAt: string | null;
}

export interface HubClaims extends TokenClaimer {
  status(): HubClaimsStatus;
  /** One upload pass now (the loop runs by itself; this is for shutdown and tests). */
  flush(): Promise<void>;
  stop(): void;
}

const CLAIM = '/api/post/tokens/claim';
const RELEASE = '/api/post/tokens/release';
const PROVISIONAL = '/api/post/tokens/provisional';

const wire = (r: KioskClaimRow): TokenClaim => ({
  tokenId: r.tokenId,
  visitKey: r.visitKey,
  at: r.claimedAt,
  appointmentId: r.appointmentId,
  consulate: r.consulate,
  expiresAt: r.expiresAt,
});

export function createHubClaims(o: HubClaimsOptions): HubClaims {
  const { db, link, kioskId } = o;
  const now = o.now ?? (() => new Date());
  const firstMs = o.retry?.firstMs ?? 1000;
  const maxMs = o.retry?.maxMs ?? 60_000;
  const uploadWithinMs = o.uploadWithinMs ?? 10_000;
  let delay = firstMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  let lastError: string | null = null;
  let lastContactAt: string | null = null;

  const failed = (keys: string[], detail: string) => {
    lastError = detail;
    failedKioskAttempt(db, keys, detail);
  };
  const contact = () => {
    lastContactAt = now().toISOString();
  };

  function schedule(ms: number): void {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
    timer.unref();
  }

  /** One pass: releases first (a released claim is never uploaded), then a batch of provisional claims. */
  async function pass(): Promise<void> {
    if (stopped) return;
    let ok = true;
    for (const r of releasingKioskClaims(db)) {
      const body = { tokenId: r.tokenId, visitKey: r.visitKey, reason: r.releaseReason ?? 'visit ended before payment' };
      const a = await link.request('POST', RELEASE, body, { timeoutMs: uploadWithinMs });
      const parsed = a.ok ? ReleaseAnswer.safeParse(a.body) : null;
      if (!parsed?.success) {
        failed([r.visitKey], a.ok ? `the hub's answer to a release is not right: ${parsed?.error.message}` : a.detail);
        ok = false;
        break;
      }
      contact();
      // 'not-yours': the hub holds another kiosk's claim (a conflict); this kiosk's side is given back already.
      forgetKioskClaim(db, r.visitKey);
    }
    const batch = ok ? provisionalKioskClaims(db, MAX_UPLOAD) : [];
    if (batch.length) {
      const a = await link.request('POST', PROVISIONAL, { claims: batch.map(wire) }, { timeoutMs: uploadWithinMs });
      const parsed = a.ok ? ProvisionalAnswer.safeParse(a.body) : null;
      if (parsed?.success) {
        contact();
        settleUploadedClaims(db, parsed.data.results);
        const conflicts = parsed.data.results.filter((x) => x.outcome === 'conflict');
        if (conflicts.length)
          o.log?.warn({ conflicts }, `${conflicts.length} token(s) claimed here while cut off were used at another kiosk too: raised to the supervisor`);
      } else {
        failed(
          batch.map((r) => r.visitKey),
          a.ok ? `the hub's answer to an upload is not right: ${parsed?.error.message}` : a.detail,
        );
        ok = false;
      }
    }
    if (!ok) {
      schedule(delay);
      delay = Math.min(maxMs, delay * 2);
      return;
    }
    delay = firstMs;
    lastError = null;
    if (batch.length === MAX_UPLOAD) schedule(0);
  }

  function flush(): Promise<void> {
    queue = queue.then(pass).catch((e: unknown) => {
      // A bug (the database closed under us): say so, and try again later rather than stop uploading.
      lastError = `uploading the claims failed: ${(e as Error).message}`;
      o.log?.warn({ err: e }, lastError);
      schedule(delay);
    });
    return queue;
  }

  if (recoverKioskClaims(db) > 0 || releasingKioskClaims(db, 1).length) schedule(0);

  return {
    async claim(c) {
      const visitKey = randomUUID();
      const input = { tokenId: c.tokenId, visitKey, at: c.at, appointmentId: c.info.appointmentId, consulate: c.info.consulate, expiresAt: c.info.expiresAt };
      const local = beginKioskClaim(db, kioskId, input);
      if (!local.ok) return local;
      const body: TokenClaim = {
        tokenId: c.tokenId,
        visitKey,
        at: c.at.toISOString(),
        appointmentId: c.info.appointmentId ?? null,
        consulate: c.info.consulate ?? null,
        expiresAt: c.info.expiresAt?.toISOString() ?? null,
      };
      const a = await link.request('POST', CLAIM, body, { timeoutMs: o.answerWithinMs });
      const parsed = a.ok ? ClaimAnswer.safeParse(a.body) : null;
      if (parsed?.success) {
        contact();
        if (parsed.data.ok) {
          confirmKioskClaim(db, visitKey);
          return { ok: true };
        }
        const held = { kioskId: parsed.data.kioskId, usedAt: parsed.data.usedAt };
        refuseKioskClaim(db, kioskId, visitKey, c.tokenId, held, now());
        return { ok: false, ...held };
      }
      const why = a.ok ? `the hub's answer to a claim is not right: ${parsed?.error.message}` : a.detail;
      lastError = why;
      markKioskClaimProvisional(db, kioskId, visitKey, why, now());
      schedule(delay);
      return { ok: true, provisional: true };
    },
    release(tokenId, _kioskId, reason) {
      try {
        if (releaseKioskClaim(db, kioskId, tokenId, reason, now())) void flush();
      } catch (e) {
        o.log?.warn({ err: e, tokenId }, 'giving back a check-in failed');
      }
    },
    status() {
      const n = kioskClaimCounts(db);
      return { pending: n.provisional + n.claiming, releasing: n.releasing, conflicts: n.conflict, lastError, lastContactAt };
    },
    flush,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
