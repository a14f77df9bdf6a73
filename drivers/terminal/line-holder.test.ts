import { describe, expect, it } from 'vitest';
import { OneAtATime } from './line-holder';

describe('OneAtATime', () => {
  it('a payment waits for a probe and gets the line before any other probe', async () => {
    const gate = new OneAtATime();
    expect(gate.tryAcquire()).toBe(true); // the probe
    const payment = gate.acquire(60_000);
    gate.release();
    expect(await payment).toBe(true);
    expect(gate.tryAcquire()).toBe(false); // the next probe finds the payment on the line
    gate.release();
    expect(gate.tryAcquire()).toBe(true);
  });

  it('never queues a payment behind another payment', async () => {
    const gate = new OneAtATime();
    expect(await gate.acquire(60_000)).toBe(true);
    expect(await gate.acquire(60_000)).toBe(false);
    gate.release();
    expect(await gate.acquire(60_000)).toBe(true);
  });

  it('gives up after the bounded wait when the probe never ends', async () => {
    const gate = new OneAtATime();
    gate.tryAcquire();
    expect(await gate.acquire(1)).toBe(false);
    gate.release();
    expect(await gate.run(1, 'busy', async () => 'paid')).toBe('paid');
  });
});
