import { describe, expect, it } from 'vitest';
import { HealthResponse } from '../../shared/api';
import type { DeviceInfo } from '../../shared/devices';
import type { LockState } from '../payments/reconcile';
import { healthOf } from './routes';

const printer: DeviceInfo = {
  id: 'printer',
  kind: 'printer',
  driver: 'escpos tm-t88',
  simulated: true,
  status: 'ok',
  detail: 'ready',
  address: 'sim',
  since: '2026-12-04T08:00:00.000Z',
};
// A device seen before its first status: no detail, no address.
const scanner: DeviceInfo = { id: 'scanner', kind: 'scanner', driver: 'serial', simulated: false, status: 'unknown', since: '2026-12-04T08:00:01.000Z' };

const ctx = (lock: LockState, devices: DeviceInfo[] = [printer, scanner]) => ({
  devices: { list: () => devices },
  payments: { lockState: () => lock },
  version: '1.2.3',
  startedAt: Date.now() - 61_000,
});

describe('the health answer, built without parsing it (issue 14: no schema built for the first answer)', () => {
  const locks: LockState[] = [
    { state: 'ready' },
    { state: 'reconciling', paymentIds: ['p1'] },
    // What the terminal was doing is for staff (diagnostics), not in the health contract.
    {
      state: 'locked-for-staff',
      paymentIds: ['p2', 'p3'],
      terminalWorking: [{ id: 'p2', since: '2026-12-04T08:01:00.000Z', detail: 'busy', attempts: 3, nextAskAt: null }],
    },
  ];
  it.each(locks)('is what HealthResponse.parse gives back, byte for byte, with payments $state', (lock) => {
    const answer = healthOf(ctx(lock));
    expect(JSON.stringify(HealthResponse.parse(answer))).toBe(JSON.stringify(answer));
    expect(answer.payments).toStrictEqual(lock.state === 'ready' ? { state: 'ready' } : { state: lock.state, paymentIds: lock.paymentIds });
  });

  it('leaves out what a device entry holds beyond the contract, and says ok only when devices and payments allow', () => {
    const extra = { ...printer, firmware: 'v9' } as DeviceInfo;
    const answer = healthOf(ctx({ state: 'ready' }, [extra]));
    expect(answer.devices[0]).not.toHaveProperty('firmware');
    expect(answer.ok).toBe(true);
    expect(answer.uptimeSeconds).toBeGreaterThanOrEqual(61);
    expect(healthOf(ctx({ state: 'ready' })).ok).toBe(false); // the scanner's status is unknown
    expect(healthOf(ctx({ state: 'locked-for-staff', paymentIds: ['p'] }, [printer])).ok).toBe(false);
    expect(healthOf(ctx({ state: 'reconciling', paymentIds: [] }, [printer])).ok).toBe(true);
  });
});
