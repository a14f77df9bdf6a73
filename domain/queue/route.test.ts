import { describe, expect, it } from 'vitest';
import { MAX_SERVICES_PER_VISIT, nextInRoute, visitRoute } from './route';

describe('the route of a visit with several services', () => {
  it('keeps the visit’s order, each service once; one service is no route', () => {
    expect(visitRoute(['passport', 'cnie', 'passport'])).toEqual({ ok: true, route: ['passport', 'cnie'] });
    expect(visitRoute(['passport'])).toEqual({ ok: true, route: null });
    expect(visitRoute(['passport', 'passport'])).toEqual({ ok: true, route: null });
  });
  it('refuses an empty visit and one longer than the kiosk allows', () => {
    expect(visitRoute([])).toMatchObject({ ok: false, reason: 'invalid' });
    const many = Array.from({ length: MAX_SERVICES_PER_VISIT + 1 }, (_, i) => `s${i}`);
    expect(visitRoute(many)).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringContaining('reception') });
    expect(visitRoute(many.slice(0, MAX_SERVICES_PER_VISIT))).toMatchObject({ ok: true });
  });
  it('finishing one service sends the ticket to the next, the last ends the visit', () => {
    const route = ['passport', 'cnie', 'registration'];
    expect(nextInRoute(route, 'passport')).toBe('cnie');
    expect(nextInRoute(route, 'cnie')).toBe('registration');
    expect(nextInRoute(route, 'registration')).toBeNull();
  });
  it('a ticket without a route, or moved off its route by staff, is done when finished', () => {
    expect(nextInRoute(null, 'passport')).toBeNull();
    expect(nextInRoute(['passport', 'cnie'], 'visa')).toBeNull();
  });
});
