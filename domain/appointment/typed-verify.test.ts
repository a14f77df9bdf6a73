import { describe, expect, it } from 'vitest';
import { indexTokensByCode, verifyTypedCode } from './typed-verify';
import { codeFromTokenId } from './typed-code';
import { ctx, issue, KID_B } from '../../test/appointment/fixtures';

const id1 = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const id2 = Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]);

describe('typed code check-in', () => {
  it('finds the token of the day list and verifies it in full', async () => {
    const list = [await issue({ tokenId: id1, appointmentId: 'A1' }), await issue({ tokenId: id2, appointmentId: 'A2' }), 'RDV1:garbage'];
    const { byCode, skipped } = indexTokensByCode(list);
    expect(skipped).toBe(1);
    expect(await verifyTypedCode(codeFromTokenId(id2).toLowerCase(), byCode, ctx())).toMatchObject({ ok: true, appointment: { appointmentId: 'A2' } });
  });
  it('a list entry signed by an untrusted key does not check in', async () => {
    const { byCode } = indexTokensByCode([await issue({ tokenId: id1 }, KID_B)]);
    expect(await verifyTypedCode(codeFromTokenId(id1), byCode, ctx())).toMatchObject({ ok: false, reason: 'unknown-key' });
  });
  it('the token rules still apply (time window)', async () => {
    const { byCode } = indexTokensByCode([await issue({ tokenId: id1 })]);
    expect(await verifyTypedCode(codeFromTokenId(id1), byCode, ctx({ at: new Date('2026-12-02T00:00:00Z') }))).toMatchObject({ ok: false, reason: 'too-late' });
  });
  it('bad-code on a typo, unknown-code when not in the list', async () => {
    const { byCode } = indexTokensByCode([await issue({ tokenId: id1 })]);
    const code = codeFromTokenId(id1);
    const typo = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    expect(await verifyTypedCode(typo, byCode, ctx())).toMatchObject({ ok: false, reason: 'bad-code' });
    expect(await verifyTypedCode(codeFromTokenId(id2), byCode, ctx())).toEqual({ ok: false, reason: 'unknown-code', typedCode: codeFromTokenId(id2) });
  });
});
