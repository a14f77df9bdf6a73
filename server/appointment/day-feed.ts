// The day feeds in force on this daemon (issue 18 item 6): a feed offered by a source (a folder, an HTTPS address)
// is verified with the keys trusted now, applied only above the last sequence, journaled, and used at once: typed
// codes resolve against the day's tokens, and its revocations refuse cancelled appointments, without a restart.
// The feeds kept in the journal are verified again at start (a key removed since stops its feed from counting).
import { createHash } from 'node:crypto';
import { indexTokensByCode, type Verifier } from '../../domain/appointment';
import { openFeed, type FeedRefusal } from '../../domain/appointment/day-feed';
import { businessDay } from '../../domain/queue/business-day';
import type { DayFeedContent, FeedStatus } from '../../shared/appointment-feed-api';
import * as store from '../../store/appointment-feeds';
import type { Db } from '../../store/db';
import type { AppointmentRuntime } from './config';

/** How long the feeds of past days are kept (their revocations with them). */
const KEEP_DAYS = 7;

export type OfferResult =
  | { ok: true; outcome: 'applied'; sequence: number; day: string; tokens: number }
  | { ok: true; outcome: 'already-seen' | 'already-applied' | 'older'; sequence: number | null }
  | FeedRefusal;

export interface DayFeedsOptions {
  db: Db;
  consulate: string;
  timeZone: string;
  /** The verifier in force (the config's keys, or the central bundle's). */
  verifier: () => Verifier;
  now?: () => Date;
  sources?: readonly string[];
  onApplied?: (r: Extract<OfferResult, { outcome: 'applied' }>) => void;
}

interface Applied {
  feed: DayFeedContent;
  receivedAt: string;
  source: string;
}

export class DayFeeds {
  /** The newest verified feed of each day, by day. */
  private byDay = new Map<string, Applied>();
  private revokedSet = new Set<string>();
  private refusedHere = new Set<string>();
  /** Grows with every feed taken: callers that cache what they built from the revocations compare it. */
  version = 0;
  /** Today's index of codes, rebuilt when the day or its feed changes. */
  private index: { day: string; feed: Applied | undefined; byCode: Map<string, string[]> } | null = null;
  private readonly now: () => Date;

  constructor(private readonly o: DayFeedsOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Verifies the feeds kept in the journal again; those that no longer verify are left out, with why. */
  async load(): Promise<string[]> {
    const problems: string[] = [];
    for (const kept of store.keptFeeds(this.o.db, this.o.consulate)) {
      const v = await openFeed(kept.body, this.o.verifier(), this.o.consulate);
      if (!v.ok) {
        problems.push(`the kept day feed ${kept.sequence} no longer verifies (${v.reason}: ${v.detail})`);
        continue;
      }
      this.take(v.feed, kept.receivedAt, kept.source);
    }
    return problems;
  }

  /** A feed's text from `source`: applied when it verifies and is newer than every feed applied so far. */
  async offer(text: string, source: string): Promise<OfferResult> {
    const sha256 = createHash('sha256').update(text.trim()).digest('hex');
    // Applied or superseded is final. A refusal is final for this process only: after a restart (a key added to the
    // config, say) the same file is tried again; meanwhile a source serving it again is not verified at every poll.
    const seen = store.seenOutcome(this.o.db, sha256);
    if ((seen && seen.outcome !== 'refused') || this.refusedHere.has(sha256)) return { ok: true, outcome: 'already-seen', sequence: null };
    const at = this.now();
    const v = await openFeed(text, this.o.verifier(), this.o.consulate);
    if (!v.ok) {
      this.refusedHere.add(sha256);
      store.recordNotApplied(this.o.db, { sha256, at, source, outcome: 'refused', reason: v.reason, detail: v.detail });
      return v;
    }
    const f = v.feed;
    const latest = store.latestSequence(this.o.db, this.o.consulate);
    if (f.sequence <= latest) {
      const outcome = f.sequence === latest ? 'already-applied' : 'older';
      const detail = `sequence ${f.sequence}; the last applied is ${latest}`;
      store.recordNotApplied(this.o.db, { sha256, at, source, outcome, reason: outcome, detail });
      return { ok: true, outcome, sequence: f.sequence };
    }
    const applied = store.recordApplied(this.o.db, {
      consulate: f.consulate,
      sequence: f.sequence,
      day: f.day,
      issuedAt: f.issuedAt,
      receivedAt: at.toISOString(),
      source,
      sha256,
      tokenCount: f.tokens.length,
      revoked: f.revoked.length,
      body: text.trim(),
    });
    if (!applied) return { ok: true, outcome: 'older', sequence: f.sequence };
    this.take(f, at.toISOString(), source);
    store.purgeOldFeeds(this.o.db, this.o.consulate, this.dayOffset(-KEEP_DAYS));
    const r = { ok: true as const, outcome: 'applied' as const, sequence: f.sequence, day: f.day, tokens: f.tokens.length };
    this.o.onApplied?.(r);
    return r;
  }

  private take(feed: DayFeedContent, receivedAt: string, source: string): void {
    const prior = this.byDay.get(feed.day);
    if (!prior || prior.feed.sequence < feed.sequence) this.byDay.set(feed.day, { feed, receivedAt, source });
    for (const id of feed.revoked) this.revokedSet.add(id);
    this.index = null;
    this.version++;
  }

  today(): string {
    return this.dayOf(this.now());
  }

  /** The consulate-local date of an instant (a slot's day). */
  dayOf(at: Date): string {
    return businessDay(at, this.o.timeZone);
  }

  private dayOffset(days: number): string {
    return businessDay(new Date(this.now().getTime() + days * 86_400_000), this.o.timeZone);
  }

  /** Today's tokens by typed code (empty without a feed for today). */
  tokensByCode(): Map<string, string[]> {
    const day = this.today();
    const feed = this.byDay.get(day);
    if (!this.index || this.index.day !== day || this.index.feed !== feed)
      this.index = { day, feed, byCode: indexTokensByCode(feed?.feed.tokens ?? []).byCode };
    return this.index.byCode;
  }

  tokensOf(day: string): readonly string[] {
    return this.byDay.get(day)?.feed.tokens ?? [];
  }

  /** Every revocation of the feeds kept: cancelled appointments stay cancelled whichever day's feed said so. */
  revoked(): ReadonlySet<string> {
    return this.revokedSet;
  }

  status(): FeedStatus {
    const a = this.byDay.get(this.today());
    return {
      today: a
        ? { day: a.feed.day, sequence: a.feed.sequence, issuedAt: a.feed.issuedAt, receivedAt: a.receivedAt, source: a.source, tokens: a.feed.tokens.length }
        : null,
      lastRefused: store.lastRefused(this.o.db),
      sources: [...(this.o.sources ?? [])],
    };
  }
}

/**
 * The appointment runtime with the feeds added: typed codes resolve against the config's dayTokens and today's feed,
 * and the feeds' revocations join the config's. Getters, read at each check-in (the objects change only when a feed
 * or the day does, so the check-in's own caches by identity keep working).
 */
export function withDayFeeds(base: AppointmentRuntime, feeds: DayFeeds): AppointmentRuntime {
  let codesOf: Map<string, string[]> | null = null;
  let codes = base.dayTokensByCode;
  let revokedAt = 0;
  let revoked = base.revoked;
  return {
    get verifier() {
      return base.verifier;
    },
    get revoked() {
      if (feeds.version !== revokedAt) {
        revokedAt = feeds.version;
        revoked = new Set([...base.revoked, ...feeds.revoked()]);
      }
      return revoked;
    },
    get dayTokensByCode() {
      const today = feeds.tokensByCode();
      if (today !== codesOf) {
        codesOf = today;
        codes = new Map(base.dayTokensByCode);
        for (const [code, tokens] of today) codes.set(code, [...(codes.get(code) ?? []), ...tokens]);
      }
      return codes;
    },
    window: base.window,
    loaded: base.loaded,
  };
}
