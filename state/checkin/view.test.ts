import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { checkinMachine } from './default-machine';
import { screenPath } from './machine';
import { scriptedActors, TEST_SETTINGS } from './test-actors';
import { viewOf } from './view';

describe('viewOf', () => {
  it('names the screen without its idle sub-state, with the overlay apart', async () => {
    expect(screenPath('attract')).toBe('attract');
    expect(screenPath({ identify: { scan: 'active' } })).toBe('identify.scan');
    expect(screenPath({ paying: 'cancelling' })).toBe('paying.cancelling');
    const { actors } = scriptedActors();
    const a = createActor(checkinMachine.provide({ actors }), { input: { settings: TEST_SETTINGS } }).start();
    expect(viewOf(a.getSnapshot())).toEqual({ screen: 'attract', overlay: null, busy: false });
    a.send({ type: 'TOUCH' });
    a.send({ type: 'CALL_STAFF' });
    expect(viewOf(a.getSnapshot())).toEqual({ screen: 'language', overlay: 'staffCall', busy: false });
    a.send({ type: 'CONTINUE' });
    a.send({ type: 'SELECT_LANGUAGE', language: 'fr' });
    // The visit starts by asking whether numbers may be given (busy, like every device wait).
    expect(viewOf(a.getSnapshot())).toEqual({ screen: 'numbersCheck', overlay: null, busy: true });
    await vi.waitFor(() => expect(viewOf(a.getSnapshot()).screen).toBe('identify.scan'));
    a.send({ type: 'SCANNED', payload: 'x' });
    expect(viewOf(a.getSnapshot())).toEqual({ screen: 'verifying', overlay: null, busy: true });
    a.stop();
  });
});
