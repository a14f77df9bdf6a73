import { describe, expect, it } from 'vitest';
import { countByStatus, dayAppointments } from './day-list';
import { SLOT, issue } from '../../test/appointment/fixtures';

const MIN = 60_000;
const id = (n: number) => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, n]);
const hex = (n: number) => Buffer.from(id(n)).toString('hex');

describe("the day's appointments", () => {
  it('says who is expected, late, missing, arrived or cancelled, by slot', async () => {
    const at = (m: number) => new Date(SLOT.getTime() + m * MIN);
    const tokens = [
      await issue({ tokenId: id(1), appointmentId: 'A1', slotStart: at(60), notBefore: at(0), expires: at(90) }),
      await issue({ tokenId: id(2), appointmentId: 'A2', slotStart: at(-10), notBefore: at(-70), expires: at(20) }),
      await issue({ tokenId: id(3), appointmentId: 'A3', slotStart: at(-45), notBefore: at(-105), expires: at(-15) }),
      await issue({ tokenId: id(4), appointmentId: 'A4', slotStart: at(-30), notBefore: at(-90), expires: at(0) }),
      await issue({ tokenId: id(5), appointmentId: 'A5', slotStart: at(30), notBefore: at(-30), expires: at(60) }),
    ];
    const list = dayAppointments({
      tokens: [...tokens, tokens[0]!, 'RDV1:garbage'],
      revoked: new Set([hex(5)]),
      used: (t) => (t === hex(4) ? { usedAt: at(-35).toISOString(), kioskId: 'K2' } : undefined),
      window: { beforeMinutes: 60, afterMinutes: 30 },
      now: at(0),
    });
    expect(list.map((a) => [a.appointmentId, a.status])).toEqual([
      ['A3', 'missing'],
      ['A4', 'arrived'],
      ['A2', 'late'],
      ['A5', 'cancelled'],
      ['A1', 'expected'],
    ]);
    expect(list[1]).toMatchObject({ arrivedAt: at(-35).toISOString(), kioskId: 'K2' });
    expect(countByStatus(list)).toEqual({ expected: 1, arrived: 1, late: 1, missing: 1, cancelled: 1 });
  });
});
