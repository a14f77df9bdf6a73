import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../../store/db';
import { recentEvents } from '../../store/events';
import { checkIn } from './check-in';
import { AppointmentsConfig, appointmentRuntime } from './config';
import { KID_A, SLOT, issue, pem } from '../../test/appointment/fixtures';
import { codeFromTokenId } from '../../domain/appointment';

const dir = mkdtempSync(join(tmpdir(), 'checkin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = new Date(SLOT.getTime() - 10 * 60_000);
const opts = (kioskId: string, when = at) => ({ consulate: 'FR-PAR', services: new Set(['passport']), kioskId, at: when });

describe('checkIn', () => {
  it('checks in once; a second scan is told when and at which kiosk', async () => {
    const db = openJournal(join(dir, 'a.db'));
    const rt = appointmentRuntime(AppointmentsConfig.parse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'pub') }] }), { demo: true });
    const t = await issue();
    expect(await checkIn(db, t, rt, opts('PAR-K1'))).toMatchObject({ ok: true });
    expect(await checkIn(db, t, rt, opts('PAR-K2', new Date(at.getTime() + 500)))).toMatchObject({
      ok: false,
      reason: 'already-used',
      usedAt: at.toISOString(),
      kioskId: 'PAR-K1',
    });
    expect(recentEvents(db, { kindPrefix: 'appointment.' }).map((e) => [e.kind, (e.payload as { reason?: string }).reason])).toEqual([
      ['appointment.refused', 'already-used'],
      ['appointment.checked-in', undefined],
    ]);
    db.close();
  });
  it('a typed code resolves through the day list and uses up the same token', async () => {
    const db = openJournal(join(dir, 'b.db'));
    const tokenId = Uint8Array.from([5, 4, 3, 2, 1, 0, 9, 8]);
    const t = await issue({ tokenId });
    const rt = appointmentRuntime(AppointmentsConfig.parse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'pub') }], dayTokens: [t] }), { demo: true });
    expect(await checkIn(db, codeFromTokenId(tokenId), rt, opts('PAR-K1'))).toMatchObject({ ok: true });
    expect(await checkIn(db, t, rt, opts('PAR-K1'))).toMatchObject({ ok: false, reason: 'already-used' });
    db.close();
  });
  it('test key refused outside demo: the token is unknown-key', async () => {
    const db = openJournal(join(dir, 'c.db'));
    const rt = appointmentRuntime(AppointmentsConfig.parse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'pub') }] }), { demo: false });
    expect(await checkIn(db, await issue(), rt, opts('PAR-K1'))).toMatchObject({ ok: false, reason: 'unknown-key', kid: KID_A });
    db.close();
  });
});
