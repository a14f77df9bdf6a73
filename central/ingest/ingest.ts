// A post's batch of one chain, taken by the central service (issue 16). In one transaction per batch, under the
// stream row's lock, nothing of a refused batch is stored:
// - events at or below what the chain holds are duplicates when their link is the one held (a re-send after a
//   lost answer), a fork when not (recorded as the stream's 'forked' flag; nothing more is taken from it);
// - the others must follow on: next id (else a gap, 409 with what is missing), prev_hash the held link, and
//   their own link where it is plain (shared/event-chain.ts, the rules the hub applies to its kiosks);
// - the new events go to their month's partition in one set-based insert; the link of the batch's last event
//   (and of every ANCHOR_EVERY-th) is kept as an anchor, for ever;
// - tamper detection after shipping: the answer names an anchored id, the post's next request shows that
//   event's link as its journal has it now (anchorProof); another link flags the stream 'tampered', and a head
//   below what was accepted flags it 'truncated'. Flags do not stop the chain: they are shown.
import type { ChainHeld, ChainRefusal } from '../../shared/chain-refusal';
import { checkKeyedFrom, checkNextLink, type ChainTip } from '../../shared/event-chain';
import type { CentralEventsBody } from '../../shared/central-events-api';
import { inTransaction, type CentralClient, type CentralDb } from '../db/db';
import { ensureEventPartitions, insertEvents, monthsOf, storedLinks } from '../db/events';
import { addFlag, advanceStream, anchorAtOrAbove, heldLink, listStreams, lockStream, setAnchorCheck, setKeyedFrom, type FlagRow } from '../db/streams';

/** Besides each batch's last event, every event whose id is a multiple of this is anchored. */
export const ANCHOR_EVERY = 1000;

type Held = ChainHeld;
export type IngestResult = ({ ok: true; anchorCheck: { id: number } | null; flags: FlagRow[] } & Held) | ChainRefusal;

export async function ingestBatch(db: CentralDb, postId: string, body: CentralEventsBody, now: Date, random = Math.random): Promise<IngestResult> {
  await ensureEventPartitions(db, monthsOf(body.events));
  return inTransaction(db, (c) => ingestIn(c, postId, body, now, random));
}

async function ingestIn(c: CentralClient, postId: string, b: CentralEventsBody, now: Date, random: () => number): Promise<IngestResult> {
  const { origin } = b;
  const s = await lockStream(c, postId, origin, b.head, now);
  const name = `${postId} ${origin}`;
  const held = (inserted = 0, duplicates = 0): Held => ({ acceptedThrough: s.acceptedThrough, acceptedHash: s.acceptedHash, inserted, duplicates });
  const fork = async (atId: number, why: string): Promise<IngestResult> => {
    const detail = `${name}: ${why}. The central service keeps the chain through event ${s.acceptedThrough} and takes nothing more of it until someone looks`;
    await addFlag(c, postId, origin, { kind: 'forked', atId, detail }, now);
    return { ok: false, reason: 'fork', detail, expectedFrom: s.acceptedThrough + 1, forkAt: atId, ...held() };
  };

  if (b.anchorProof) {
    const anchored = await heldLink(c, postId, origin, b.anchorProof.id);
    if (anchored !== null && anchored !== b.anchorProof.hash)
      await addFlag(
        c,
        postId,
        origin,
        {
          kind: 'tampered',
          atId: b.anchorProof.id,
          detail: `${name}: event ${b.anchorProof.id} has another link in the post's journal than the one shipped: the journal was changed after shipping`,
        },
        now,
      );
  }
  if (s.forked)
    return {
      ok: false,
      reason: 'forked',
      detail: `${name}: this chain parted from the central copy before (see GET /api/central/streams); nothing more is taken from it until someone looks`,
      expectedFrom: s.acceptedThrough + 1,
      ...held(),
    };

  const pinned = checkKeyedFrom(s.keyedFrom, b.keyedFrom, s.acceptedThrough);
  if (!pinned.ok)
    return fork(pinned.atId, `its keyed links start at ${b.keyedFrom ?? '(none)'}, the central service holds them from ${s.keyedFrom ?? '(none)'}`);

  const old = b.events.filter((e) => e.id <= s.acceptedThrough);
  const links = await storedLinks(
    c,
    postId,
    origin,
    old.map((e) => e.id),
  );
  let tip: ChainTip = { id: s.acceptedThrough, hash: s.acceptedHash };
  const fresh: CentralEventsBody['events'] = [];
  let duplicates = 0;
  for (const e of b.events) {
    if (e.id <= s.acceptedThrough) {
      if (fresh.length > 0) return fork(e.id, `event ${e.id} comes after event ${tip.id} in the batch: ids must rise`);
      const link = links.get(e.id) ?? (await heldLink(c, postId, origin, e.id));
      if (link !== null && link !== e.hash)
        return fork(e.id, `event ${e.id} (${e.kind}) differs from the one shipped before: the journal was rewritten after shipping`);
      duplicates++;
      continue;
    }
    const fault = checkNextLink(tip, e, pinned.keyedFrom);
    if (fault?.fault === 'gap')
      return {
        ok: false,
        reason: 'gap',
        detail: `${name}: events ${fault.from} to ${fault.to} are missing before event ${e.id}: send from event ${fault.from}`,
        expectedFrom: fault.from,
        missing: { from: fault.from, to: fault.to },
        ...held(),
      };
    if (fault?.fault === 'unlinked') return fork(e.id, `event ${e.id} (${e.kind}) does not follow event ${tip.id} as the central service holds it`);
    if (fault?.fault === 'altered') return fork(e.id, `event ${e.id} (${e.kind}) does not match its own link: it was changed after it was written`);
    fresh.push(e);
    tip = { id: e.id, hash: e.hash };
  }

  if (pinned.changed) await setKeyedFrom(c, postId, origin, pinned.keyedFrom!);
  if (fresh.length > 0) {
    await insertEvents(c, postId, origin, fresh, now);
    const anchors = fresh.filter((e, i) => i === fresh.length - 1 || e.id % ANCHOR_EVERY === 0).map((e) => ({ id: e.id, hash: e.hash }));
    await advanceStream(c, postId, origin, { firstId: fresh[0]!.id, through: tip.id, hash: tip.hash, inserted: fresh.length, duplicates, anchors }, now);
  }

  // The head the post reports must not be behind what is held, nor show another link for an event held.
  if (b.head === null ? tip.id > 0 : b.head.id < tip.id) {
    const from = (b.head?.id ?? 0) + 1;
    await addFlag(
      c,
      postId,
      origin,
      {
        kind: 'truncated',
        atId: from,
        detail:
          `${name}: the post's chain ends at event ${from - 1}, the central service holds it through ${tip.id}: ` +
          'events were removed or an older backup restored',
      },
      now,
    );
  } else if (b.head && b.head.id <= tip.id) {
    const link = b.head.id === tip.id ? tip.hash : await heldLink(c, postId, origin, b.head.id);
    if (link !== null && link !== b.head.hash)
      await addFlag(
        c,
        postId,
        origin,
        { kind: 'tampered', atId: b.head.id, detail: `${name}: the post's newest event ${b.head.id} has another link than the one shipped` },
        now,
      );
  }

  // Anchors are asked in turn (after the last one asked, wrapping): every anchor is checked within as many requests
  // as there are anchors, a random start spreading the first ones.
  const from = s.anchorCheck !== null ? s.anchorCheck + 1 : 1 + Math.floor(random() * Math.max(1, tip.id));
  const check = tip.id > 0 ? await anchorAtOrAbove(c, postId, origin, from) : null;
  await setAnchorCheck(c, postId, origin, check);
  const [view] = await listStreams(c, postId).then((all) => all.filter((v) => v.origin === origin));
  return {
    ok: true,
    acceptedThrough: tip.id,
    acceptedHash: tip.hash,
    inserted: fresh.length,
    duplicates,
    anchorCheck: check === null ? null : { id: check },
    flags: view?.flags ?? [],
  };
}
