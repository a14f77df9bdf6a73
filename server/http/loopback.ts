// The kiosk screen's own API (its view and the visitor's actions) answers only the PC it runs on. With
// server.lan on, counters and the board reach the daemon from the LAN; without this, any host there could
// drive the check-in flow (start a payment, choose a service) with no sign-in at all.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export const SCREEN_ONLY = "the kiosk screen's API answers only the kiosk PC itself (127.0.0.1); counters and the board use their own pages and staff sign-in";

/** A route guard: lets the kiosk PC's own requests through, answers 403 to any other host. */
export function kioskScreenOnly(req: FastifyRequest, reply: FastifyReply): true | null {
  if (isLoopback(req.socket.remoteAddress)) return true;
  req.log.warn({ from: req.socket.remoteAddress, url: req.url }, 'kiosk screen API refused to a LAN host');
  void reply.code(403).send({ error: SCREEN_ONLY });
  return null;
}
