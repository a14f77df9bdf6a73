// "Terminal busy" right after a restart: a status probe holding the line must not fail the visitor's
// payment. The payment waits (bounded) for the probe to end, then goes out. Real ptys (ZVT also a real TCP
// socket), real simulators.
import { describe, expect, it } from 'vitest';
import { concertRig, zvtRig, ZVT_TRANSPORTS } from './harness';

describe('a payment started while a status probe holds the line', () => {
  it.each(ZVT_TRANSPORTS)('ZVT over %s: waits for the probe, then is approved', async (transport) => {
    const rig = await zvtRig({}, {}, transport);
    try {
      const probe = rig.driver.status(); // holds the line: registration state, status enquiry
      const paid = await rig.driver.pay({ amountMinor: 1250, currency: 'EUR', reference: 'PROBE-1' });
      expect(paid).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 1250 });
      expect((await probe).state).not.toBe('offline');
      expect(rig.sim.log.entries.filter((e) => e.kind === 'charge')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });

  it('Concert: waits for the probe, then is approved', async () => {
    const rig = await concertRig();
    try {
      const probe = rig.driver.status();
      const paid = await rig.driver.pay({ amountMinor: 900, currency: 'EUR', reference: 'PROBE-2' });
      expect(paid).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 900 });
      expect((await probe).state).toBe('ready');
      expect(rig.sim.log.entries.filter((e) => e.kind === 'charge')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });
});
