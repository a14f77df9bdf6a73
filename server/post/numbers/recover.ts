// The hub asks its kiosks what they hold before it numbers again (issue 15, item 8).
//
// Why on every start: a hub restored from an older backup (the README's cold standby, or `kiosk restore` on the
// same PC) cannot tell from its own journal that it is behind: the restored file is a valid journal that simply
// ends earlier. Nor can a hub after a power cut: it answers numbers at their commit and syncs them just after
// (./group-commit.ts), so its journal may end before its last answers. Its kiosks know better: each holds, in its
// own journal, the online tickets the hub gave it, the blocks it leased and the tickets it printed offline. So the
// hub trusts nothing it counted before this start:
// - each kiosk's first number request of this hub run (a ticket or a block) is answered 503 `report-numbers`;
//   the kiosk POSTs what it holds today to /api/post/numbers/held (server/post/numbers/recover-report.ts) and
//   asks again. The hub takes back what it lacks (store/post-recover.ts: blocks leased again, tickets back in
//   the lists at their issue time, the online count raised above every number held), idempotently;
// - until every kiosk that was active today (per the hub's journal) has reported, or `holdMs` after the start,
//   every kiosk is answered 503 `recovering`: another kiosk may hold numbers this hub forgot, so none is given
//   online; the kiosks print from their blocks, which are theirs alone, and upload as usual.
// A hub that is not behind learns nothing new from the reports (each is one round trip of the day's tickets);
// one that is behind journals `post.numbers-recovered` with what it took back. Events shipped after the backup
// come back on their own: the kiosk's outbox sees the hub acknowledge less than before and ships again from there
// (server/post/events/shipper.ts).
// Limits: a kiosk first active after the backup and silent for longer than `holdMs` after the start is not
// waited for (the restored journal does not know it was active); its report still raises the counts and puts
// its tickets back, and a number meanwhile given twice is refused by name in the report and journaled. After a
// power cut the kiosk that holds one of the hub's last (lost) numbers may be one the hub knew active but that is not
// back within `holdMs` (a kiosk PC booting after the same power cut): so when the hold ends with such kiosks silent,
// each prefix's count moves ahead by what a power cut may lose (./group-commit.ts MAX_UNSYNCED) before the next
// number, a journaled gap (also after a clean restart with a kiosk off: harmless). The case left is a kiosk whose
// first contact of the day was in the lost milliseconds (not known active).
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../../store/db';
import { appendEvent } from '../../../store/events';
import { listKiosks } from '../../../store/post-kiosks';
import { skipAhead, takeBackHeld } from '../../../store/post-recover';
import { MAX_UNSYNCED } from './group-commit';
import { businessDay } from '../../../domain/queue/business-day';
import type { NumberingRule } from '../../../domain/queue/numbering';
import { HeldNumbersAnswer, postRecoverRoutes } from '../../../shared/post-recover-api';
import { route } from '../../http/route';
import { kioskGuard, type KioskAuth } from '../kiosk-auth';

export interface NumberRecoveryOptions {
  db: Db;
  auth: KioskAuth;
  consulate: { code: string; timeZone: string };
  numbering: NumberingRule;
  /** Longest time after the start during which kiosks get no online number while active kiosks have not reported. */
  holdMs?: number;
  /**
   * The post's prefixes: when the hold ends with kiosks active today that did not report, each prefix's count moves
   * `skipAfterHold` (./group-commit.ts MAX_UNSYNCED) ahead before the next number (store/post-recover.ts skipAhead).
   */
  prefixes?: readonly string[];
  skipAfterHold?: number;
  now?: () => Date;
  /** Tickets went back in the lists (the daemon broadcasts {type:'changed', topic:'queue'}). */
  onChange?: () => void;
  /** Numbers the hub could not take back (given twice meanwhile): for the log. */
  onRefused?: (kioskId: string, refused: Array<{ what: string; detail: string }>) => void;
}

export type NumbersHold = { reason: 'report-numbers' | 'recovering'; detail: string };

export interface RecoveryStatus {
  hubRun: string;
  startedAt: string;
  reported: string[];
  /** Active kiosks not heard from yet while the hold lasts (empty once it ended). */
  waitingFor: string[];
  /** The reports brought back numbers this hub did not know: it was behind (restored from an older backup). */
  behind: boolean;
  recovered: { online: number; offline: number; blocks: number };
}

export interface NumberRecovery {
  /** Why this kiosk gets no number from the hub now, or null. */
  hold(kioskId: string): NumbersHold | null;
  plugin: FastifyPluginAsync;
  status(): RecoveryStatus;
}

/** A kiosk's report is one day's tickets: a busy kiosk's day fits well within this. */
const HELD_BODY_LIMIT = 16 * 1024 * 1024;

export function createNumberRecovery(o: NumberRecoveryOptions): NumberRecovery {
  const now = o.now ?? (() => new Date());
  const holdMs = o.holdMs ?? 10_000;
  const hubRun = randomUUID();
  const started = now();
  // Active today as this journal knew it at the start: enrolled, not revoked, seen on the hub's business day.
  // The kiosks are read now; their days only when first needed: the first reading of a time zone loads ICU's
  // date formats, 25–45 ms of every hub start (issue 14).
  const known = listKiosks(o.db).filter((k) => k.revokedAt === null && k.lastSeenAt !== null);
  let expectedToday: Set<string> | undefined;
  const expected = (): Set<string> => {
    if (expectedToday) return expectedToday;
    const today = businessDay(started, o.consulate.timeZone);
    return (expectedToday = new Set(known.filter((k) => businessDay(new Date(k.lastSeenAt!), o.consulate.timeZone) === today).map((k) => k.kioskId)));
  };
  const reported = new Set<string>();
  const recovered = { online: 0, offline: 0, blocks: 0 };

  const waitingFor = (): string[] => {
    if (now().getTime() - started.getTime() >= holdMs) return [];
    return [...expected()].filter((k) => !reported.has(k)).sort();
  };
  /**
   * Past the hold, a kiosk that did not report may hold one of the last numbers this hub answered and lost in a power
   * cut (./group-commit.ts: at most MAX_UNSYNCED, the day's last per prefix): the counts move that far ahead, once,
   * so that none is given again. Not done when every kiosk reported: their reports brought the numbers back.
   */
  let skipped = false;
  const skipPastSilent = (): void => {
    if (skipped || !o.prefixes?.length) return;
    const silent = [...expected()].filter((k) => !reported.has(k)).sort();
    skipped = true;
    if (silent.length === 0) return;
    const at = now();
    skipAhead(o.db, {
      consulate: o.consulate.code,
      businessDay: businessDay(at, o.consulate.timeZone),
      prefixes: o.prefixes,
      n: o.skipAfterHold ?? MAX_UNSYNCED,
      waitedFor: silent,
      at,
    });
  };

  const hold = (kioskId: string): NumbersHold | null => {
    if (!reported.has(kioskId))
      return {
        reason: 'report-numbers',
        detail: 'the hub started again and first needs the numbers this kiosk holds today: POST them to /api/post/numbers/held, then ask again',
      };
    const waiting = waitingFor();
    if (waiting.length === 0) {
      skipPastSilent();
      return null;
    }
    const left = Math.ceil((holdMs - (now().getTime() - started.getTime())) / 1000);
    return {
      reason: 'recovering',
      detail:
        `the hub started again and waits for kiosk ${waiting.join(', ')} to report the numbers they hold ` +
        `(at most ${left} s more): print from the offline block`,
    };
  };

  const guard = kioskGuard(o.auth);
  const plugin: FastifyPluginAsync = async (app) => {
    route(app, postRecoverRoutes.postHeldNumbers, { guard, fastify: { bodyLimit: HELD_BODY_LIMIT } }, async ({ user: kioskId, body }) => {
      const at = now();
      const out = takeBackHeld(o.db, {
        consulate: o.consulate.code,
        kioskId,
        rule: o.numbering,
        today: businessDay(at, o.consulate.timeZone),
        blocks: body.blocks,
        online: body.online,
        offline: body.offline.map((t) => {
          const issuedAt = new Date(t.issuedAt);
          return { ...t, issuedAt, businessDay: businessDay(issuedAt, o.consulate.timeZone) };
        }),
        at,
      });
      reported.add(kioskId);
      const n = out.recovered;
      if (n.online + n.offline + n.blocks > 0 || out.refused.length > 0) {
        recovered.online += n.online;
        recovered.offline += n.offline;
        recovered.blocks += n.blocks;
        appendEvent(o.db, {
          kind: 'post.numbers-recovered',
          subject: kioskId,
          at,
          payload: { kioskId, hubRun, businessDay: body.businessDay, recovered: n, known: out.known, refused: out.refused },
        });
        if (out.refused.length > 0) o.onRefused?.(kioskId, out.refused);
        if (n.online + n.offline > 0) o.onChange?.();
      }
      return HeldNumbersAnswer.parse({ hubRun, ...out });
    });
  };

  return {
    hold,
    plugin,
    status: () => ({
      hubRun,
      startedAt: started.toISOString(),
      reported: [...reported].sort(),
      waitingFor: waitingFor(),
      behind: recovered.online + recovered.offline + recovered.blocks > 0,
      recovered: { ...recovered },
    }),
  };
}
