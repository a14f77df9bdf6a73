import { describe, expect, it } from 'vitest';
import { daemonUrlFrom, isAllowedNavigation, retryDelay } from './policy';

describe('kiosk shell policy', () => {
  it('allows only the daemon origin', () => {
    const d = 'http://127.0.0.1:8080/';
    expect(isAllowedNavigation('http://127.0.0.1:8080/diagnostics', d)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:8081/', d)).toBe(false);
    expect(isAllowedNavigation('https://example.org/', d)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', d)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', d)).toBe(false);
    expect(isAllowedNavigation('not a url', d)).toBe(false);
  });
  it('reads the daemon URL from the environment and refuses other schemes', () => {
    expect(daemonUrlFrom({})).toBe('http://127.0.0.1:8080/');
    expect(daemonUrlFrom({ PORT: '9000' })).toBe('http://127.0.0.1:9000/');
    expect(daemonUrlFrom({ KIOSK_URL: 'http://kiosk.local:8080/x' })).toBe('http://kiosk.local:8080/');
    expect(() => daemonUrlFrom({ KIOSK_URL: 'file:///tmp/x' })).toThrow(/http/);
  });
  it('backs off up to 30 s', () => {
    expect([0, 1, 2, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 30000]);
  });
});
