import { describe, expect, it } from 'vitest';
import { isLoopback } from './loopback';

describe('isLoopback', () => {
  it('accepts the loopback addresses, IPv4, IPv6 and IPv4-mapped', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
  });
  it('refuses LAN and other addresses, and an unknown one', () => {
    const others = ['192.168.1.20', '10.0.0.1', '::ffff:192.168.1.20', 'fd00::2', '1127.0.0.1', '127.0.0', undefined, ''];
    for (const a of others) expect(isLoopback(a), String(a)).toBe(false);
  });
});
