// Limits of one visitor's visit that the daemon enforces and the kiosk page shows (issue 18 item 8).

/** Services one kiosk visit may hold (one ticket routed through them, domain/queue/route.ts); more go to reception. */
export const MAX_SERVICES_PER_VISIT = 4;
