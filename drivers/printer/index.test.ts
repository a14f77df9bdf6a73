import { describe, expect, it } from 'vitest';
import { loadEncoder } from './index';

describe('loadEncoder', () => {
  it('imports the encoder once: every ticket after the first gets the same module without asking the loader again', async () => {
    const first = loadEncoder();
    expect(loadEncoder()).toBe(first);
    const m = await first;
    expect(typeof m.encodeBlocks).toBe('function');
    expect(loadEncoder()).toBe(first);
  });
});
