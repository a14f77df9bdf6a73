import { describe, expectTypeOf, it } from 'vitest';
import type { ChainHeld, ChainRefusal } from '../../shared/chain-refusal';
import type { ReceiveResult } from '../../store/post-events';
import type { IngestResult } from '../../central/ingest/ingest';

// The hub (kiosk → post) and the central service (post → ministry) refuse a batch that does not link to the chain
// they hold in the same words: one type, so the shippers read one answer.
describe('a chain refusal', () => {
  it("is the hub's and the central service's refusal alike", () => {
    expectTypeOf<Extract<ReceiveResult, { ok: false }>>().toExtend<ChainRefusal>();
    expectTypeOf<Extract<IngestResult, { ok: false }>>().toExtend<ChainRefusal>();
    expectTypeOf<Extract<ReceiveResult, { ok: true }>>().toExtend<ChainHeld>();
    expectTypeOf<Extract<IngestResult, { ok: true }>>().toExtend<ChainHeld>();
  });
});
