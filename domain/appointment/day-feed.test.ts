import { describe, expect, it } from 'vitest';
import { FEED_PREFIX, openFeed, signFeed } from './day-feed';
import { base64urlDecode, base64urlEncode } from './base64url';
import { decodeSign1, encodeSign1 } from './cose';
import { KID_A, KID_B, issue, signer, verifierFor } from '../../test/appointment/fixtures';

const content = async () => ({
  consulate: 'FR-PAR',
  day: '2026-12-01',
  sequence: 7,
  issuedAt: '2026-12-01T05:00:00Z',
  tokens: [await issue()],
  revoked: ['AAAABBBBCCCCDDDD'],
});

describe('base64url', () => {
  it('round-trips every length and refuses characters outside the alphabet', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const text = base64urlEncode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64urlDecode(text)).toEqual(bytes);
    }
    expect(base64urlDecode('ab+c')).toBeUndefined();
    expect(base64urlDecode('abcde')).toBeUndefined();
  });
});

describe('the day feed', () => {
  it('opens what the booking system signed, with the revocations in lower case', async () => {
    const text = await signFeed(await content(), signer(KID_A));
    expect(text.startsWith(FEED_PREFIX)).toBe(true);
    const v = await openFeed(text, verifierFor(KID_A), 'FR-PAR');
    expect(v).toMatchObject({ ok: true, kid: KID_A, feed: { day: '2026-12-01', sequence: 7, revoked: ['aaaabbbbccccdddd'] } });
  });

  it('refuses a feed changed after signing, one signed by an unknown key, and one for another consulate', async () => {
    const text = await signFeed(await content(), signer(KID_A));
    const s = decodeSign1(base64urlDecode(text.slice(FEED_PREFIX.length))!);
    if (!s.ok) throw new Error(s.detail);
    const payload = new TextEncoder().encode(new TextDecoder().decode(s.value.payload).replace('"sequence":7', '"sequence":9'));
    const forged = FEED_PREFIX + base64urlEncode(encodeSign1({ ...s.value, payload }));
    expect(await openFeed(forged, verifierFor(KID_A), 'FR-PAR')).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await openFeed(text, verifierFor(KID_B), 'FR-PAR')).toMatchObject({ ok: false, reason: 'unknown-key', detail: expect.stringContaining(KID_A) });
    expect(await openFeed(text, verifierFor(KID_A), 'BE-BRU')).toMatchObject({
      ok: false,
      reason: 'other-consulate',
      detail: 'the feed is for FR-PAR; this kiosk is BE-BRU',
    });
  });

  it('says what is wrong with text that is not a feed', async () => {
    const v = verifierFor(KID_A);
    expect(await openFeed('RDV1:ABC', v, 'FR-PAR')).toMatchObject({ ok: false, reason: 'malformed', detail: expect.stringContaining('RDVFEED1:') });
    expect(await openFeed('RDVFEED1:***', v, 'FR-PAR')).toMatchObject({ ok: false, reason: 'malformed', detail: expect.stringContaining('base64url') });
    expect(await openFeed('RDVFEED1:AAAA', v, 'FR-PAR')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses signed content that breaks the format, naming the field', async () => {
    const bad = { ...(await content()), day: '1/12/2026' };
    // signFeed checks the content first; a booking system that signs anyway is refused at the kiosk.
    await expect(signFeed(bad, signer(KID_A))).rejects.toThrow(/YYYY-MM-DD/);
    const good = await signFeed(await content(), signer(KID_A));
    const s = decodeSign1(base64urlDecode(good.slice(FEED_PREFIX.length))!);
    if (!s.ok) throw new Error(s.detail);
    const { sigStructure, protectedHeader } = await import('./cose');
    const payload = new TextEncoder().encode(JSON.stringify(bad));
    const protectedBytes = protectedHeader(Uint8Array.from(Buffer.from(KID_A, 'hex')));
    const signature = await signer(KID_A).sign(sigStructure(protectedBytes, payload));
    const text = FEED_PREFIX + base64urlEncode(encodeSign1({ protectedBytes, payload, signature }));
    expect(await openFeed(text, verifierFor(KID_A), 'FR-PAR')).toMatchObject({ ok: false, reason: 'bad-content', detail: expect.stringMatching(/^day: /) });
  });
});
