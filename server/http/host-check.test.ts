import { describe, expect, it } from 'vitest';
import { checkRequest, hostPolicy } from './host-check';

const local = hostPolicy(8080, { lan: false, allowedHosts: ['kiosk.lan'], bindHost: '127.0.0.1' });
const lan = hostPolicy(8080, { lan: true, allowedHosts: ['kiosk.lan', '10.0.0.5:8080'], bindHost: '0.0.0.0' });

describe('Host and Origin check', () => {
  it('accepts loopback names with the right port, with or without a same-site Origin', () => {
    expect(checkRequest(local, '127.0.0.1:8080', undefined)).toBeNull();
    expect(checkRequest(local, 'localhost:8080', 'http://localhost:8080')).toBeNull();
    expect(checkRequest(local, '[::1]:8080', 'http://127.0.0.1:8080')).toBeNull();
  });
  it('refuses a rebinding host name and a foreign origin', () => {
    expect(checkRequest(local, 'evil.example:8080', undefined)).toMatch(/not this kiosk's address/);
    expect(checkRequest(local, '127.0.0.1:8080', 'http://evil.example')).toMatch(/foreign site/);
    expect(checkRequest(local, '127.0.0.1:8080', 'null')).toMatch(/not a valid origin/);
    expect(checkRequest(local, '127.0.0.1:9999', undefined)).not.toBeNull();
    expect(checkRequest(local, undefined, undefined)).toMatch(/missing Host/);
  });
  it('accepts configured LAN names only when lan is on', () => {
    expect(checkRequest(local, 'kiosk.lan:8080', undefined)).not.toBeNull();
    expect(checkRequest(lan, 'kiosk.lan:8080', 'http://kiosk.lan:8080')).toBeNull();
    expect(checkRequest(lan, '10.0.0.5:8080', undefined)).toBeNull();
    expect(checkRequest(lan, '10.0.0.6:8080', undefined)).not.toBeNull();
  });
});
