// Appointment QR codes for the check-in tests, signed with the test key that the Paris demo config trusts,
// for a slot close to now (the kiosk accepts a check-in from 60 minutes before to 30 minutes after).
import { randomBytes } from 'node:crypto';
import { issueToken, type TokenClaims } from '../../domain/appointment';
import { KID_A, signer } from '../appointment/fixtures';

const MIN = 60_000;

export async function appointmentQr(over: Partial<TokenClaims> = {}): Promise<string> {
  const slot = new Date(Date.now() + 10 * MIN);
  const r = await issueToken(
    {
      issuer: 'MA-RDV',
      consulate: 'FR-PAR',
      appointmentId: `E2E-${randomBytes(4).toString('hex')}`,
      services: ['passport'],
      persons: 1,
      slotStart: slot,
      notBefore: new Date(slot.getTime() - 60 * MIN),
      expires: new Date(slot.getTime() + 30 * MIN),
      tokenId: Uint8Array.from(randomBytes(8)),
      ...over,
    },
    signer(KID_A),
  );
  if (!r.ok) throw new Error(r.reason);
  return r.token;
}
